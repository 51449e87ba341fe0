using System;

namespace AdGen.Optimizers;

/// <summary>γ(t) = γ₀/√(t + 1), the decay the INNA authors use.</summary>
public sealed class InverseSquareRootSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">γ₀, finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialLearningRate"/> is negative or not finite.</exception>
    public InverseSquareRootSchedule(double initialLearningRate) =>
        InitialLearningRate = Hyperparameter.NonNegative(initialLearningRate, nameof(initialLearningRate));

    /// <summary>The learning rate γ₀ at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step) => InitialLearningRate / Math.Sqrt(step + 1.0);
}
