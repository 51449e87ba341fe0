namespace AdGen.Optimizers;

/// <summary>Why a minimisation stopped.</summary>
public enum MinimizationStatus
{
    /// <summary>The gradient norm fell to <see cref="MinimizerOptions.GradientTolerance"/> or below.</summary>
    ConvergedOnGradientNorm,

    /// <summary>The relative change of f between two steps fell to <see cref="MinimizerOptions.RelativeTolerance"/> or below.</summary>
    ConvergedOnRelativeChange,

    /// <summary><see cref="MinimizerOptions.MaxIterations"/> steps were taken without meeting a convergence test.</summary>
    MaxIterationsReached,

    /// <summary><see cref="MinimizerOptions.CancellationToken"/> was cancelled.</summary>
    Cancelled,

    /// <summary><see cref="MinimizerOptions.Callback"/> asked to stop.</summary>
    StoppedByCallback,

    /// <summary>The objective returned NaN or an infinity; the parameters are those at which it did.</summary>
    NonFiniteValue,

    /// <summary>The gradient had a NaN or infinite component; the parameters are those at which it did, never updated with it.</summary>
    NonFiniteGradient,
}
