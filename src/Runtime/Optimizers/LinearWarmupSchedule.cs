using System;

namespace AdGen.Optimizers;

/// <summary>
/// Linear warm-up in front of another schedule: γ(t) = inner(0)·(t + 1)/W for the first W steps, then
/// inner(t − W), so the wrapped schedule starts where the warm-up ends (as GPT-2 style training does).
/// </summary>
public sealed class LinearWarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">W, the number of warm-up steps, ≥ 0 (0 leaves <paramref name="inner"/> unchanged).</param>
    /// <param name="inner">The schedule that follows the warm-up.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public LinearWarmupSchedule(long warmupSteps, LearningRateSchedule inner)
    {
        if (warmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warmupSteps must be in [0, ∞).");
        }

        ArgumentNullException.ThrowIfNull(inner);
        WarmupSteps = warmupSteps;
        Inner = inner;
    }

    /// <summary>The number of warm-up steps W.</summary>
    public long WarmupSteps { get; }

    /// <summary>The schedule that follows the warm-up.</summary>
    public LearningRateSchedule Inner { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step) =>
        step < WarmupSteps
            ? Inner.LearningRateAt(0) * (step + 1) / WarmupSteps
            : Inner.LearningRateAt(step - WarmupSteps);
}
