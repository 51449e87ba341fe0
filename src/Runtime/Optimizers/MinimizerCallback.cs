namespace AdGen.Optimizers;

/// <summary>Called after every step of a minimisation; the answer says whether to go on.</summary>
/// <param name="progress">The step just taken and the objective at the new point.</param>
/// <returns><see cref="MinimizerAction.Continue"/> to go on, <see cref="MinimizerAction.Stop"/> to stop now.</returns>
public delegate MinimizerAction MinimizerCallback(MinimizationProgress progress);

/// <summary>What a <see cref="MinimizerCallback"/> asks the driver to do.</summary>
public enum MinimizerAction
{
    /// <summary>Go on with the next step.</summary>
    Continue,

    /// <summary>Stop; the result's status is <see cref="MinimizationStatus.StoppedByCallback"/>.</summary>
    Stop,
}
