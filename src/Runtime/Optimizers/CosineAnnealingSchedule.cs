using System;

namespace AdGen.Optimizers;

/// <summary>
/// Cosine annealing (Loshchilov and Hutter's SGDR without restarts):
/// γ(t) = γ_min + (γ₀ − γ_min)·(1 + cos(π·t / T)) / 2 for t ≤ T, then γ_min.
/// </summary>
public sealed class CosineAnnealingSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">γ₀, finite, ≥ 0.</param>
    /// <param name="period">T, the steps over which the rate falls from γ₀ to γ_min, ≥ 1.</param>
    /// <param name="minimumLearningRate">γ_min, in [0, γ₀].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CosineAnnealingSchedule(double initialLearningRate, long period, double minimumLearningRate = 0)
    {
        InitialLearningRate = Hyperparameter.NonNegative(initialLearningRate, nameof(initialLearningRate));
        if (period < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "period must be in [1, ∞).");
        }

        if (!(minimumLearningRate >= 0 && minimumLearningRate <= initialLearningRate))
        {
            throw Hyperparameter.OutOfRange(nameof(minimumLearningRate), minimumLearningRate, "[0, initialLearningRate]");
        }

        Period = period;
        MinimumLearningRate = minimumLearningRate;
    }

    /// <summary>The learning rate γ₀ at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The steps T over which the rate falls to <see cref="MinimumLearningRate"/>.</summary>
    public long Period { get; }

    /// <summary>The learning rate γ_min from step T on.</summary>
    public double MinimumLearningRate { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step)
    {
        if (step >= Period)
        {
            return MinimumLearningRate;
        }

        double progress = (double)step / Period;
        return MinimumLearningRate + ((InitialLearningRate - MinimumLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
