using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdGen.Optimizers;

/// <summary>
/// INNAprop (Bolte, Boustany, Pauwels and Purica, 2024): <see cref="Inna"/> with RMSprop's diagonal scaling of the
/// gradient term, a second-order-like method built from first-order information only.
/// </summary>
/// <remarks>
/// On the first step <c>ψ ← (1 − αβ)θ</c>, <c>v ← 0</c>; then every step (k counting from 1)
/// <code>
/// θ ← (1 − γλ)θ
/// v ← σv + (1 − σ)g²
/// d ← √v / √(1 − σ^k) + ε
/// ψ ← (1 − γ/β)ψ + γ(1/β − α)θ
/// θ ← (1 + γ(1 − αβ)/(β − γ))θ − (γ/(β − γ))ψ − γβ·g/d
/// </code>
/// With d ≡ 1 and λ = 0 this is algebraically INNA. The update divides by β − γ, so γ must stay below β.
/// Settings the authors report: (α, β) = (0.1, 0.9) for fast short runs, (1, 1) or (2, 2) for long runs.
/// </remarks>
public sealed class InnaProp : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are the paper's.</summary>
    /// <param name="learningRate">γ, finite, in [0, β).</param>
    /// <param name="alpha">α, finite, ≥ 0: the viscous damping.</param>
    /// <param name="beta">β, finite, &gt; 0: the Newtonian (Hessian-driven) damping.</param>
    /// <param name="sigma">σ in [0, 1): the decay of the mean square of the gradient.</param>
    /// <param name="epsilon">ε, finite, ≥ 0, added to the scaling d.</param>
    /// <param name="weightDecay">λ, finite, ≥ 0: decoupled weight decay, θ ← (1 − γλ)θ first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range, or learningRate ≥ beta.</exception>
    public InnaProp(double learningRate = 1e-3, double alpha = 0.1, double beta = 0.9, double sigma = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(stateVectorCount: 2)
    {
        Alpha = Hyperparameter.NonNegative(alpha, nameof(alpha));
        Beta = Hyperparameter.Positive(beta, nameof(beta));
        Sigma = Hyperparameter.DecayRate(sigma, nameof(sigma));
        Epsilon = Hyperparameter.NonNegative(epsilon, nameof(epsilon));
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        LearningRate = learningRate;
    }

    /// <summary>The viscous damping α.</summary>
    public double Alpha { get; }

    /// <summary>The Newtonian damping β; the learning rate must stay below it.</summary>
    public double Beta { get; }

    /// <summary>The decay σ of the mean square of the gradient.</summary>
    public double Sigma { get; }

    /// <summary>The ε added to the scaling d.</summary>
    public double Epsilon { get; }

    /// <summary>The decoupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<double> parameters, ReadOnlySpan<double> gradient, Span<double> state) =>
        Apply(parameters, gradient, state);

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> state) =>
        Apply(parameters, gradient, state);

    /// <summary>Requires 0 ≤ learningRate &lt; β: the update divides by β − γ.</summary>
    /// <param name="learningRate">The proposed learning rate.</param>
    protected override void ValidateLearningRate(double learningRate)
    {
        if (!(learningRate >= 0 && learningRate < Beta))
        {
            throw Hyperparameter.OutOfRange(
                nameof(learningRate),
                learningRate,
                $"[0, beta) = [0, {Beta.ToString(CultureInfo.InvariantCulture)})",
                "INNAprop divides by beta − learningRate");
        }
    }

    private void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = parameters.Length;
        Span<T> psi = state.Slice(0, length);
        Span<T> meanSquare = state.Slice(length, length);
        if (StepCount == 1)
        {
            Inna.InitializePsi(parameters, psi, Alpha, Beta);
        }

        var rule = new Rule<T>(this);
        Span<Vector<T>> parameterBlocks = VectorBlocks.Whole(parameters);
        ReadOnlySpan<Vector<T>> gradientBlocks = VectorBlocks.Whole(gradient);
        Span<Vector<T>> psiBlocks = VectorBlocks.Whole(psi);
        Span<Vector<T>> meanSquareBlocks = VectorBlocks.Whole(meanSquare);
        for (int i = 0; i < parameterBlocks.Length; i++)
        {
            rule.Apply(ref parameterBlocks[i], gradientBlocks[i], ref psiBlocks[i], ref meanSquareBlocks[i]);
        }

        int tail = VectorBlocks.TailStart<T>(length);
        if (tail < length)
        {
            Vector<T> parameterTail = VectorBlocks.LoadTail<T>(parameters, tail);
            Vector<T> psiTail = VectorBlocks.LoadTail<T>(psi, tail);
            Vector<T> meanSquareTail = VectorBlocks.LoadTail<T>(meanSquare, tail);
            rule.Apply(ref parameterTail, VectorBlocks.LoadTail(gradient, tail), ref psiTail, ref meanSquareTail);
            VectorBlocks.StoreTail(parameterTail, parameters, tail);
            VectorBlocks.StoreTail(psiTail, psi, tail);
            VectorBlocks.StoreTail(meanSquareTail, meanSquare, tail);
        }
    }

    private readonly struct Rule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _decayScale;
        private readonly T _sigma;
        private readonly T _oneMinusSigma;
        private readonly T _inverseSqrtCorrection;
        private readonly T _epsilon;
        private readonly T _psiKeep;
        private readonly T _psiFromParameter;
        private readonly T _parameterKeep;
        private readonly T _parameterFromPsi;
        private readonly T _gradientStep;

        public Rule(InnaProp optimizer)
        {
            double gamma = optimizer.LearningRate;
            double alpha = optimizer.Alpha;
            double beta = optimizer.Beta;
            double sigma = optimizer.Sigma;
            _decayScale = T.CreateTruncating(1 - (gamma * optimizer.WeightDecay));
            _sigma = T.CreateTruncating(sigma);
            _oneMinusSigma = T.CreateTruncating(1 - sigma);
            _inverseSqrtCorrection = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(sigma, optimizer.StepCount)));
            _epsilon = T.CreateTruncating(optimizer.Epsilon);
            _psiKeep = T.CreateTruncating(1 - (gamma / beta));
            _psiFromParameter = T.CreateTruncating(gamma * ((1 / beta) - alpha));
            _parameterKeep = T.CreateTruncating(1 + (gamma * (1 - (alpha * beta)) / (beta - gamma)));
            _parameterFromPsi = T.CreateTruncating(gamma / (beta - gamma));
            _gradientStep = T.CreateTruncating(gamma * beta);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<T> parameter, Vector<T> gradient, ref Vector<T> psi, ref Vector<T> meanSquare)
        {
            parameter *= _decayScale;
            meanSquare = (meanSquare * _sigma) + (gradient * gradient * _oneMinusSigma);
            Vector<T> scaling = (Vector.SquareRoot(meanSquare) * _inverseSqrtCorrection) + new Vector<T>(_epsilon);
            psi = (psi * _psiKeep) + (parameter * _psiFromParameter);
            parameter = (parameter * _parameterKeep) - (psi * _parameterFromPsi) - (gradient * _gradientStep / scaling);
        }
    }
}
