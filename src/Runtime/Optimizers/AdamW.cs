using System;

namespace AdGen.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter): decoupled weight decay <c>θ ← (1 − γλ)θ</c> first, then the Adam step of
/// <see cref="Adam"/> without weight decay in the gradient.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are the paper's (and torch's).</summary>
    /// <param name="learningRate">γ, finite, ≥ 0.</param>
    /// <param name="beta1">β₁ in [0, 1): the decay of the first-moment estimate.</param>
    /// <param name="beta2">β₂ in [0, 1): the decay of the second-moment estimate.</param>
    /// <param name="epsilon">ε, finite, ≥ 0, added to the denominator.</param>
    /// <param name="weightDecay">λ, finite, ≥ 0: decoupled weight decay, θ ← (1 − γλ)θ before the Adam step.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(stateVectorCount: 2)
    {
        AdamUpdate.Validate(beta1, beta2, epsilon, weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        LearningRate = learningRate;
    }

    /// <summary>The decay β₁ of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>The decay β₂ of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The decoupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<double> parameters, ReadOnlySpan<double> gradient, Span<double> state) =>
        AdamUpdate.Apply(parameters, gradient, state, StepCount, LearningRate, Beta1, Beta2, Epsilon, coupledWeightDecay: 0, parameterScale: 1 - (LearningRate * WeightDecay));

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> state) =>
        AdamUpdate.Apply(parameters, gradient, state, StepCount, LearningRate, Beta1, Beta2, Epsilon, coupledWeightDecay: 0, parameterScale: 1 - (LearningRate * WeightDecay));
}
