using System.Threading;

namespace AdGen.Optimizers;

/// <summary>Stopping rules and step hooks for <see cref="Minimizer"/>.</summary>
public sealed class MinimizerOptions
{
    /// <summary>The most optimizer steps to take, ≥ 0. Default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stops when the gradient norm is at most this, ≥ 0 (0 turns the test off unless the gradient is exactly 0). Default 1e-8.</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>
    /// Stops when |f_k − f_{k−1}| ≤ tolerance·max(|f_k|, |f_{k−1}|), ≥ 0. Default 0 (off): momentum methods can pass
    /// through steps where f barely moves, so turn this on knowingly.
    /// </summary>
    public double RelativeTolerance { get; init; }

    /// <summary>Sets the optimizer's learning rate before every step; null keeps the optimizer's own learning rate.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Clips the gradient to this global norm before each step (see <see cref="GradientClipping"/>); null does not clip.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Called after every step; returning <see cref="MinimizerAction.Stop"/> stops the minimisation.</summary>
    public MinimizerCallback? Callback { get; init; }

    /// <summary>Checked before every step; cancellation stops with <see cref="MinimizationStatus.Cancelled"/> (no exception).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Whether to record every evaluation in <see cref="MinimizationResult{T}.History"/>. Default true.</summary>
    public bool RecordHistory { get; init; } = true;
}
