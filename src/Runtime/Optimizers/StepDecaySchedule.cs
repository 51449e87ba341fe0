using System;

namespace AdGen.Optimizers;

/// <summary>Step decay, as torch's StepLR: γ(t) = γ₀·factor^⌊t / stepSize⌋.</summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">γ₀, finite, ≥ 0.</param>
    /// <param name="stepSize">Steps between two decays, ≥ 1.</param>
    /// <param name="factor">The multiplier applied at each decay, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public StepDecaySchedule(double initialLearningRate, int stepSize, double factor = 0.1)
    {
        InitialLearningRate = Hyperparameter.NonNegative(initialLearningRate, nameof(initialLearningRate));
        if (stepSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "stepSize must be in [1, ∞).");
        }

        StepSize = stepSize;
        Factor = Hyperparameter.Fraction(factor, nameof(factor));
    }

    /// <summary>The learning rate γ₀ of the first <see cref="StepSize"/> steps.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps between two decays.</summary>
    public int StepSize { get; }

    /// <summary>The multiplier applied at each decay.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step) => InitialLearningRate * Math.Pow(Factor, step / StepSize);
}
