using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdGen.Optimizers;

/// <summary>
/// INNA, the inertial Newton algorithm of Castera, Bolte, Févotte and Pauwels (JMLR 22, 2021): a Hessian-free
/// discretisation of θ'' + αθ' + β∇²J(θ)θ' + ∇J(θ) = 0 with an auxiliary variable ψ.
/// </summary>
/// <remarks>
/// On the first step <c>ψ ← (1 − αβ)θ</c>; then every step
/// <c>θ ← (1 − γλ)θ; φ ← (α − 1/β)θ + (1/β)ψ; ψ ← ψ − γφ; θ ← θ − γ(φ + βg)</c>.
/// The authors decay γ as γ₀/√(epoch + 1), which is <see cref="InverseSquareRootSchedule"/>.
/// </remarks>
public sealed class Inna : Optimizer
{
    /// <summary>Creates the optimizer; the defaults are the paper's.</summary>
    /// <param name="learningRate">γ, finite, ≥ 0.</param>
    /// <param name="alpha">α, finite, ≥ 0: the viscous damping.</param>
    /// <param name="beta">β, finite, &gt; 0: the Newtonian (Hessian-driven) damping.</param>
    /// <param name="weightDecay">λ, finite, ≥ 0: decoupled weight decay, θ ← (1 − γλ)θ first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Inna(double learningRate = 0.1, double alpha = 0.5, double beta = 0.1, double weightDecay = 0)
        : base(stateVectorCount: 1)
    {
        Alpha = Hyperparameter.NonNegative(alpha, nameof(alpha));
        Beta = Hyperparameter.Positive(beta, nameof(beta));
        WeightDecay = Hyperparameter.NonNegative(weightDecay, nameof(weightDecay));
        LearningRate = learningRate;
    }

    /// <summary>The viscous damping α.</summary>
    public double Alpha { get; }

    /// <summary>The Newtonian damping β.</summary>
    public double Beta { get; }

    /// <summary>The decoupled weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<double> parameters, ReadOnlySpan<double> gradient, Span<double> state) =>
        Apply(parameters, gradient, state);

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> state) =>
        Apply(parameters, gradient, state);

    private void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> psi)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (StepCount == 1)
        {
            InitializePsi(parameters, psi, Alpha, Beta);
        }

        var rule = new Rule<T>(this);
        Span<Vector<T>> parameterBlocks = VectorBlocks.Whole(parameters);
        ReadOnlySpan<Vector<T>> gradientBlocks = VectorBlocks.Whole(gradient);
        Span<Vector<T>> psiBlocks = VectorBlocks.Whole(psi);
        for (int i = 0; i < parameterBlocks.Length; i++)
        {
            rule.Apply(ref parameterBlocks[i], gradientBlocks[i], ref psiBlocks[i]);
        }

        int tail = VectorBlocks.TailStart<T>(parameters.Length);
        if (tail < parameters.Length)
        {
            Vector<T> parameterTail = VectorBlocks.LoadTail<T>(parameters, tail);
            Vector<T> psiTail = VectorBlocks.LoadTail<T>(psi, tail);
            rule.Apply(ref parameterTail, VectorBlocks.LoadTail(gradient, tail), ref psiTail);
            VectorBlocks.StoreTail(parameterTail, parameters, tail);
            VectorBlocks.StoreTail(psiTail, psi, tail);
        }
    }

    /// <summary>ψ ← (1 − αβ)θ, the initialisation INNA and INNAprop share.</summary>
    internal static void InitializePsi<T>(ReadOnlySpan<T> parameters, Span<T> psi, double alpha, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        parameters.CopyTo(psi);
        SpanMath.Scale(psi, T.CreateTruncating(1 - (alpha * beta)));
    }

    private readonly struct Rule<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _parameterScale;
        private readonly T _phiFromParameter;
        private readonly T _phiFromPsi;
        private readonly T _learningRate;
        private readonly T _beta;

        public Rule(Inna optimizer)
        {
            double beta = optimizer.Beta;
            _parameterScale = T.CreateTruncating(1 - (optimizer.LearningRate * optimizer.WeightDecay));
            _phiFromParameter = T.CreateTruncating(optimizer.Alpha - (1 / beta));
            _phiFromPsi = T.CreateTruncating(1 / beta);
            _learningRate = T.CreateTruncating(optimizer.LearningRate);
            _beta = T.CreateTruncating(beta);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<T> parameter, Vector<T> gradient, ref Vector<T> psi)
        {
            parameter *= _parameterScale;
            Vector<T> phi = (parameter * _phiFromParameter) + (psi * _phiFromPsi);
            psi -= phi * _learningRate;
            parameter -= (phi + (gradient * _beta)) * _learningRate;
        }
    }
}
