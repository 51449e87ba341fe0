using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdGen.Optimizers;

/// <summary>
/// RMSprop as torch.optim.RMSprop: <c>g ← g + λθ; v ← ρv + (1 − ρ)g²; θ ← θ − γ·g/(√v + ε)</c>; the centred variant
/// divides by <c>√(v − ḡ²) + ε</c> with <c>ḡ ← ρḡ + (1 − ρ)g</c>, and momentum μ &gt; 0 accumulates
/// <c>b ← μb + g/(…)</c> and steps <c>θ ← θ − γb</c>.
/// </summary>
/// <remarks>
/// The centred variance <c>v − ḡ²</c> is nonnegative in exact arithmetic; it is clamped at zero so that rounding
/// cannot turn it into the square root of a negative number (where torch would produce NaN).
/// </remarks>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are torch's.</summary>
    /// <param name="learningRate">γ, finite, ≥ 0.</param>
    /// <param name="rho">ρ in [0, 1): the decay of the mean square (torch calls it alpha).</param>
    /// <param name="epsilon">ε, finite, ≥ 0, added to the denominator.</param>
    /// <param name="momentum">μ, finite, ≥ 0; 0 keeps no momentum buffer.</param>
    /// <param name="centered">Divides by the centred (variance) estimate instead of the mean square.</param>
    /// <param name="weightDecay">λ, finite, ≥ 0: coupled L2 weight decay, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public RmsProp(double learningRate = 1e-2, double rho = 0.99, double epsilon = 1e-8, double momentum = 0, bool centered = false, double weightDecay = 0)
        : base(stateVectorCount: 1 + (centered ? 1 : 0) + (momentum > 0 ? 1 : 0))
    {
        Rho = Hyperparameter.DecayRate(rho, nameof(rho));
        Epsilon = Hyperparameter.NonNegative(epsilon, nameof(epsilon));
        Momentum = Hyperparameter.NonNegative(momentum, nameof(momentum));
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        Centered = centered;
        LearningRate = learningRate;
    }

    /// <summary>The decay ρ of the running mean square.</summary>
    public double Rho { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>Whether the denominator uses the centred estimate.</summary>
    public bool Centered { get; }

    /// <summary>The coupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<double> parameters, ReadOnlySpan<double> gradient, Span<double> state) =>
        Apply(parameters, gradient, state);

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> state) =>
        Apply(parameters, gradient, state);

    private void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // State layout: mean square, then the mean gradient if centred, then the momentum buffer if any.
        int length = parameters.Length;
        Span<T> meanSquare = state.Slice(0, length);
        Span<T> meanGradient = Centered ? state.Slice(length, length) : default;
        Span<T> buffer = Momentum > 0 ? state.Slice(state.Length - length, length) : default;

        var rule = new Rule<T>(this);
        Span<Vector<T>> parameterBlocks = VectorBlocks.Whole(parameters);
        ReadOnlySpan<Vector<T>> gradientBlocks = VectorBlocks.Whole(gradient);
        Span<Vector<T>> meanSquareBlocks = VectorBlocks.Whole(meanSquare);
        Span<Vector<T>> meanGradientBlocks = VectorBlocks.Whole(meanGradient);
        Span<Vector<T>> bufferBlocks = VectorBlocks.Whole(buffer);
        Vector<T> unused = default;
        for (int i = 0; i < parameterBlocks.Length; i++)
        {
            rule.Apply(
                ref parameterBlocks[i],
                gradientBlocks[i],
                ref meanSquareBlocks[i],
                ref Centered ? ref meanGradientBlocks[i] : ref unused,
                ref Momentum > 0 ? ref bufferBlocks[i] : ref unused);
        }

        int tail = VectorBlocks.TailStart<T>(length);
        if (tail < length)
        {
            Vector<T> parameterTail = VectorBlocks.LoadTail<T>(parameters, tail);
            Vector<T> meanSquareTail = VectorBlocks.LoadTail<T>(meanSquare, tail);
            Vector<T> meanGradientTail = Centered ? VectorBlocks.LoadTail<T>(meanGradient, tail) : default;
            Vector<T> bufferTail = Momentum > 0 ? VectorBlocks.LoadTail<T>(buffer, tail) : default;
            rule.Apply(ref parameterTail, VectorBlocks.LoadTail(gradient, tail), ref meanSquareTail, ref meanGradientTail, ref bufferTail);
            VectorBlocks.StoreTail(parameterTail, parameters, tail);
            VectorBlocks.StoreTail(meanSquareTail, meanSquare, tail);
            if (Centered)
            {
                VectorBlocks.StoreTail(meanGradientTail, meanGradient, tail);
            }

            if (Momentum > 0)
            {
                VectorBlocks.StoreTail(bufferTail, buffer, tail);
            }
        }
    }

    /// <summary>The step's coefficients in the parameters' precision, and the rule on one vector of lanes.</summary>
    private readonly struct Rule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _learningRate;
        private readonly T _rho;
        private readonly T _oneMinusRho;
        private readonly T _epsilon;
        private readonly T _momentum;
        private readonly T _weightDecay;
        private readonly bool _centered;
        private readonly bool _hasMomentum;

        public Rule(RmsProp optimizer)
        {
            _learningRate = T.CreateTruncating(optimizer.LearningRate);
            _rho = T.CreateTruncating(optimizer.Rho);
            _oneMinusRho = T.CreateTruncating(1 - optimizer.Rho);
            _epsilon = T.CreateTruncating(optimizer.Epsilon);
            _momentum = T.CreateTruncating(optimizer.Momentum);
            _weightDecay = T.CreateTruncating(optimizer.WeightDecay);
            _centered = optimizer.Centered;
            _hasMomentum = optimizer.Momentum > 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<T> parameter, Vector<T> gradient, ref Vector<T> meanSquare, ref Vector<T> meanGradient, ref Vector<T> buffer)
        {
            Vector<T> decayed = gradient + (parameter * _weightDecay);
            meanSquare = (meanSquare * _rho) + (decayed * decayed * _oneMinusRho);
            Vector<T> variance = meanSquare;
            if (_centered)
            {
                meanGradient = (meanGradient * _rho) + (decayed * _oneMinusRho);
                variance = Vector.Max(meanSquare - (meanGradient * meanGradient), Vector<T>.Zero);
            }

            Vector<T> scaled = decayed / (Vector.SquareRoot(variance) + new Vector<T>(_epsilon));
            if (_hasMomentum)
            {
                buffer = (buffer * _momentum) + scaled;
                parameter -= buffer * _learningRate;
            }
            else
            {
                parameter -= scaled * _learningRate;
            }
        }
    }
}
