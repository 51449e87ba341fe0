using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// The same problems in TorchSharp, as a competent user writes them: vectorised tensor code where the problem allows
/// it (Rosenbrock, the perceptron, log-sum-exp, Monte Carlo, the piecewise function), scalar tensors where it does not
/// (the closed-form price, the time-stepping loop). Everything is float64 on the CPU. Each gradient is
/// <c>torch.autograd.grad</c> of a fresh graph inside a dispose scope; the gradient stays in libtorch (not copied back
/// into .NET memory), which favours TorchSharp slightly.
/// </summary>
public static class TorchProblems
{
    // Constants as Scalars that live as long as the program. An implicit double → Scalar conversion creates a native
    // object that nothing keeps alive during the native call; with fully optimised code the GC finalised such
    // temporaries mid-call in the 10,000-step loop ("Expected false to be true" from c10::Scalar::toDouble).
    private static readonly Scalar s_half = 0.5.ToScalar(), s_one = 1.0.ToScalar(), s_two = 2.0.ToScalar(), s_ten = 10.0.ToScalar();
    private static readonly Scalar s_hundred = 100.0.ToScalar(), s_zero = 0.0.ToScalar(), s_variationWeight = 0.3.ToScalar();
    private static readonly Scalar s_inverseSqrt2 = 0.70710678118654752440.ToScalar();

    /// <summary>Loads libtorch and pins it to one thread, like the single-threaded generated code (see docs/benchmarks.md).</summary>
    public static void Initialize(int threads = 1)
    {
        TorchSharpCompatibility.EnsureLoadable();
        SetThreads(threads);
    }

    // Kept apart so that TorchSharp's static constructor (which loads libtorch) runs only after the compatibility patch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void SetThreads(int threads)
    {
        torch.set_num_threads(threads);
        torch.set_grad_enabled(true);
    }

    public static Tensor Leaf(double[] values) => torch.tensor(values, dtype: ScalarType.Float64).requires_grad_(true);

    public static Tensor Leaf(double value) => torch.tensor(value, dtype: ScalarType.Float64).requires_grad_(true);

    public static Tensor Constant(double[] values) => torch.tensor(values, dtype: ScalarType.Float64);

    /// <summary>Returns the loss; the gradients (one per input) are computed and then released with the scope.</summary>
    public static double Gradient(Func<Tensor> loss, IList<Tensor> inputs, Span<double> firstGradient = default)
    {
        using DisposeScope scope = torch.NewDisposeScope();
        Tensor value = loss();
        IList<Tensor> gradients = torch.autograd.grad(new[] { value }, inputs);
        if (!firstGradient.IsEmpty)
        {
            gradients[0].data<double>().CopyTo(firstGradient);
        }

        return value.item<double>();
    }

    public static Tensor Rosenbrock(Tensor x)
    {
        Tensor pairs = x.view(-1, 2);
        Tensor even = pairs.select(1, 0);
        Tensor odd = pairs.select(1, 1);
        Tensor t1 = odd - even * even;
        Tensor t2 = even.neg().add(s_one);
        return (t1 * t1 * s_hundred + t2 * t2).sum();
    }

    /// <summary>The perceptron with its parameters as four tensors: weights (out × in) and biases.</summary>
    public static Tensor MlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor images, Tensor labels)
    {
        Tensor hidden = nn.functional.relu(nn.functional.linear(images, w1, b1));
        Tensor logits = nn.functional.linear(hidden, w2, b2);
        return nn.functional.cross_entropy(logits, labels);
    }

    public static Tensor SoftmaxCrossEntropy(Tensor logits, long label) => torch.logsumexp(logits, 0) - logits[label];

    public static Tensor NormalCdf(Tensor x) => torch.special.erf(x * s_inverseSqrt2).add(s_one) * s_half;

    public static Tensor Call(Tensor spot, Tensor strike, Tensor rate, Tensor volatility, Tensor maturity)
    {
        Tensor sqrtT = maturity.sqrt();
        Tensor d1 = ((spot / strike).log() + (rate + volatility * volatility * s_half) * maturity) / (volatility * sqrtT);
        Tensor d2 = d1 - volatility * sqrtT;
        return spot * NormalCdf(d1) - strike * (-rate * maturity).exp() * NormalCdf(d2);
    }

    public static Tensor MonteCarloCall(Tensor spot, Tensor strike, Tensor rate, Tensor volatility, Tensor maturity, Tensor normals)
    {
        Tensor drift = (rate - volatility * volatility * s_half) * maturity;
        Tensor terminal = spot * (drift + volatility * maturity.sqrt() * normals).exp();
        return (-rate * maturity).exp() * (terminal - strike).clamp_min(s_zero).mean();
    }

    public static Tensor Piecewise(Tensor x)
    {
        Tensor r = x - s_one;
        Tensor a = r.abs();
        Tensor huber = torch.where(a <= s_one, r * r * s_half, a - s_half);
        Tensor penalty = (-x).clamp_min(s_zero) * s_ten;
        Tensor variation = x.diff().abs().sum() * s_variationWeight;
        return huber.sum() + penalty.sum() + variation;
    }

    /// <summary>RK4 on Lotka–Volterra: a loop of scalar tensor operations, the only way to write a sequential recurrence.</summary>
    public static Tensor LotkaVolterra(Tensor alpha, Tensor beta, Tensor gamma, Tensor delta, Tensor prey0, Tensor predator0, int steps)
    {
        double dt = Problems.LotkaVolterra.Horizon / steps;
        using Scalar halfDt = (0.5 * dt).ToScalar(), fullDt = dt.ToScalar(), sixthDt = (dt / 6).ToScalar();
        Tensor x = prey0, y = predator0;
        for (int s = 0; s < steps; s++)
        {
            Tensor k1x = alpha * x - beta * x * y, k1y = delta * x * y - gamma * y;
            Tensor x2 = x + k1x * halfDt, y2 = y + k1y * halfDt;
            Tensor k2x = alpha * x2 - beta * x2 * y2, k2y = delta * x2 * y2 - gamma * y2;
            Tensor x3 = x + k2x * halfDt, y3 = y + k2y * halfDt;
            Tensor k3x = alpha * x3 - beta * x3 * y3, k3y = delta * x3 * y3 - gamma * y3;
            Tensor x4 = x + k3x * fullDt, y4 = y + k3y * fullDt;
            Tensor k4x = alpha * x4 - beta * x4 * y4, k4y = delta * x4 * y4 - gamma * y4;
            x = x + (k1x + k2x * s_two + k3x * s_two + k4x) * sixthDt;
            y = y + (k1y + k2y * s_two + k3y * s_two + k4y) * sixthDt;
        }

        return x + y;
    }
}
