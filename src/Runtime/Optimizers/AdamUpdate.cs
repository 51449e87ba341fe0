using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdGen.Optimizers;

/// <summary>
/// The Adam step shared by <see cref="Adam"/> (coupled weight decay, added to the gradient) and <see cref="AdamW"/>
/// (decoupled weight decay, applied to the parameters first):
/// <c>θ ← sθ; g ← g + λθ; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − γ·m̂/(√v̂ + ε)</c>
/// with <c>m̂ = m/(1 − β₁^k)</c>, <c>v̂ = v/(1 − β₂^k)</c>; Adam has s = 1, AdamW has λ = 0 in the gradient and s = 1 − γλ.
/// </summary>
internal static class AdamUpdate
{
    public static void Apply<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradient,
        Span<T> state,
        long step,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double coupledWeightDecay,
        double parameterScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = parameters.Length;
        Span<T> firstMoment = state.Slice(0, length);
        Span<T> secondMoment = state.Slice(length, length);
        var rule = new Rule<T>(step, learningRate, beta1, beta2, epsilon, coupledWeightDecay, parameterScale);

        Span<Vector<T>> parameterBlocks = VectorBlocks.Whole(parameters);
        ReadOnlySpan<Vector<T>> gradientBlocks = VectorBlocks.Whole(gradient);
        Span<Vector<T>> firstBlocks = VectorBlocks.Whole(firstMoment);
        Span<Vector<T>> secondBlocks = VectorBlocks.Whole(secondMoment);
        for (int i = 0; i < parameterBlocks.Length; i++)
        {
            rule.Apply(ref parameterBlocks[i], gradientBlocks[i], ref firstBlocks[i], ref secondBlocks[i]);
        }

        int tail = VectorBlocks.TailStart<T>(length);
        if (tail < length)
        {
            Vector<T> parameterTail = VectorBlocks.LoadTail<T>(parameters, tail);
            Vector<T> firstTail = VectorBlocks.LoadTail<T>(firstMoment, tail);
            Vector<T> secondTail = VectorBlocks.LoadTail<T>(secondMoment, tail);
            rule.Apply(ref parameterTail, VectorBlocks.LoadTail(gradient, tail), ref firstTail, ref secondTail);
            VectorBlocks.StoreTail(parameterTail, parameters, tail);
            VectorBlocks.StoreTail(firstTail, firstMoment, tail);
            VectorBlocks.StoreTail(secondTail, secondMoment, tail);
        }
    }

    /// <summary>Validates the hyperparameters Adam and AdamW share.</summary>
    public static void Validate(double beta1, double beta2, double epsilon, double weightDecay)
    {
        Hyperparameter.DecayRate(beta1, nameof(beta1));
        Hyperparameter.DecayRate(beta2, nameof(beta2));
        Hyperparameter.NonNegative(epsilon, nameof(epsilon));
        Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
    }

    private readonly struct Rule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _parameterScale;
        private readonly T _weightDecay;
        private readonly T _beta1;
        private readonly T _oneMinusBeta1;
        private readonly T _beta2;
        private readonly T _oneMinusBeta2;
        private readonly T _stepSize;
        private readonly T _inverseSqrtCorrection2;
        private readonly T _epsilon;

        public Rule(long step, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, double parameterScale)
        {
            _parameterScale = T.CreateTruncating(parameterScale);
            _weightDecay = T.CreateTruncating(weightDecay);
            _beta1 = T.CreateTruncating(beta1);
            _oneMinusBeta1 = T.CreateTruncating(1 - beta1);
            _beta2 = T.CreateTruncating(beta2);
            _oneMinusBeta2 = T.CreateTruncating(1 - beta2);

            // γ·m̂/(√v̂ + ε) = (γ/(1 − β₁^k))·m/(√v/√(1 − β₂^k) + ε): the bias corrections become two scalars.
            _stepSize = T.CreateTruncating(learningRate / (1 - Math.Pow(beta1, step)));
            _inverseSqrtCorrection2 = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(beta2, step)));
            _epsilon = T.CreateTruncating(epsilon);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<T> parameter, Vector<T> gradient, ref Vector<T> firstMoment, ref Vector<T> secondMoment)
        {
            parameter *= _parameterScale;
            Vector<T> decayed = gradient + (parameter * _weightDecay);
            firstMoment = (firstMoment * _beta1) + (decayed * _oneMinusBeta1);
            secondMoment = (secondMoment * _beta2) + (decayed * decayed * _oneMinusBeta2);
            Vector<T> denominator = (Vector.SquareRoot(secondMoment) * _inverseSqrtCorrection2) + new Vector<T>(_epsilon);
            parameter -= firstMoment * _stepSize / denominator;
        }
    }
}
