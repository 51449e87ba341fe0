namespace AdGen.Optimizers;

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">γ, finite, ≥ 0.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    public ConstantSchedule(double learningRate) =>
        LearningRate = Hyperparameter.NonNegative(learningRate, nameof(learningRate));

    /// <summary>The learning rate γ.</summary>
    public double LearningRate { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step) => LearningRate;
}
