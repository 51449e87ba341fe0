using System;

namespace AdGen.Optimizers;

/// <summary>
/// A learning rate as a function of the step index t: the number of steps already taken, 0 for the first step
/// (<see cref="Optimizer.StepCount"/> before the step). The minimisation driver sets
/// <see cref="Optimizer.LearningRate"/> from a schedule before every step.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for the step that follows <paramref name="step"/> completed steps.</summary>
    /// <param name="step">Steps already taken, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public double LearningRateAt(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "step must be in [0, ∞).");
        }

        return Evaluate(step);
    }

    /// <summary>Sets <paramref name="optimizer"/>'s learning rate for its next step, from its <see cref="Optimizer.StepCount"/>.</summary>
    /// <param name="optimizer">The optimizer to drive.</param>
    public void Apply(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.LearningRate = LearningRateAt(optimizer.StepCount);
    }

    /// <summary>The learning rate after <paramref name="step"/> (≥ 0) completed steps.</summary>
    /// <param name="step">Steps already taken, ≥ 0.</param>
    protected abstract double Evaluate(long step);
}
