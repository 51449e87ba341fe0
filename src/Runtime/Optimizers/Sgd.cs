using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdGen.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional (Nesterov) momentum and coupled weight decay, as torch.optim.SGD:
/// <c>g ← g + λθ; b ← (k = 1 ? g : μb + (1 − τ)g); g ← nesterov ? g + μb : b; θ ← θ − γg</c>
/// (without momentum, simply <c>θ ← θ − γ(g + λθ)</c>).
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are torch's.</summary>
    /// <param name="learningRate">γ, finite, ≥ 0.</param>
    /// <param name="momentum">μ, finite, ≥ 0; 0 keeps no momentum buffer.</param>
    /// <param name="dampening">τ in [0, 1]: the share of the gradient left out of the momentum buffer.</param>
    /// <param name="nesterov">Uses Nesterov momentum; requires momentum &gt; 0 and dampening 0, as torch does.</param>
    /// <param name="weightDecay">λ, finite, ≥ 0: coupled L2 weight decay, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Sgd(double learningRate = 1e-2, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : base(stateVectorCount: momentum > 0 ? 1 : 0)
    {
        Momentum = Hyperparameter.NonNegative(momentum, nameof(momentum));
        Dampening = Hyperparameter.Fraction(dampening, nameof(dampening));
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum <= 0)
        {
            throw Hyperparameter.OutOfRange(nameof(momentum), momentum, "(0, ∞)", "Nesterov momentum requires a momentum");
        }

        if (nesterov && dampening != 0)
        {
            throw Hyperparameter.OutOfRange(nameof(dampening), dampening, "{0}", "Nesterov momentum requires zero dampening");
        }

        Nesterov = nesterov;
        LearningRate = learningRate;
    }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>The coupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<double> parameters, ReadOnlySpan<double> gradient, Span<double> state) =>
        Apply(parameters, gradient, state);

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> state) =>
        Apply(parameters, gradient, state);

    private void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> buffer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rule = new Rule<T>(this);
        Span<Vector<T>> parameterBlocks = VectorBlocks.Whole(parameters);
        ReadOnlySpan<Vector<T>> gradientBlocks = VectorBlocks.Whole(gradient);
        int tail = VectorBlocks.TailStart<T>(parameters.Length);
        if (buffer.IsEmpty)
        {
            for (int i = 0; i < parameterBlocks.Length; i++)
            {
                rule.WithoutMomentum(ref parameterBlocks[i], gradientBlocks[i]);
            }

            if (tail < parameters.Length)
            {
                Vector<T> parameterTail = VectorBlocks.LoadTail<T>(parameters, tail);
                rule.WithoutMomentum(ref parameterTail, VectorBlocks.LoadTail(gradient, tail));
                VectorBlocks.StoreTail(parameterTail, parameters, tail);
            }

            return;
        }

        Span<Vector<T>> bufferBlocks = VectorBlocks.Whole(buffer);
        for (int i = 0; i < parameterBlocks.Length; i++)
        {
            rule.WithMomentum(ref parameterBlocks[i], gradientBlocks[i], ref bufferBlocks[i]);
        }

        if (tail < parameters.Length)
        {
            Vector<T> parameterTail = VectorBlocks.LoadTail<T>(parameters, tail);
            Vector<T> bufferTail = VectorBlocks.LoadTail<T>(buffer, tail);
            rule.WithMomentum(ref parameterTail, VectorBlocks.LoadTail(gradient, tail), ref bufferTail);
            VectorBlocks.StoreTail(parameterTail, parameters, tail);
            VectorBlocks.StoreTail(bufferTail, buffer, tail);
        }
    }

    /// <summary>The step's coefficients in the parameters' precision, and the rule on one vector of lanes.</summary>
    private readonly struct Rule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _learningRate;
        private readonly T _weightDecay;
        private readonly T _bufferKeep;
        private readonly T _bufferTake;
        private readonly T _directionFromGradient;
        private readonly T _directionFromBuffer;

        public Rule(Sgd optimizer)
        {
            bool first = optimizer.StepCount == 1;
            _learningRate = T.CreateTruncating(optimizer.LearningRate);
            _weightDecay = T.CreateTruncating(optimizer.WeightDecay);

            // b ← g on the first step is b ← 0·b + 1·g, exact since the buffer starts at zero.
            _bufferKeep = first ? T.Zero : T.CreateTruncating(optimizer.Momentum);
            _bufferTake = first ? T.One : T.CreateTruncating(1 - optimizer.Dampening);

            // nesterov: g + μb; otherwise 0·g + 1·b = b.
            _directionFromGradient = optimizer.Nesterov ? T.One : T.Zero;
            _directionFromBuffer = optimizer.Nesterov ? T.CreateTruncating(optimizer.Momentum) : T.One;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WithoutMomentum(ref Vector<T> parameter, Vector<T> gradient)
        {
            Vector<T> decayed = gradient + (parameter * _weightDecay);
            parameter -= decayed * _learningRate;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WithMomentum(ref Vector<T> parameter, Vector<T> gradient, ref Vector<T> buffer)
        {
            Vector<T> decayed = gradient + (parameter * _weightDecay);
            buffer = (buffer * _bufferKeep) + (decayed * _bufferTake);
            Vector<T> direction = (decayed * _directionFromGradient) + (buffer * _directionFromBuffer);
            parameter -= direction * _learningRate;
        }
    }
}
