using System;
using AdGen;

namespace Tour;

/// <summary>Nonsmooth models: at every kink AdGen applies an explicit, documented rule.</summary>
public static partial class Nonsmooth
{
    /// <summary>relu(x) - relu(-x) is the function x, yet backpropagation gives 0 at 0: a conservative gradient.</summary>
    [Differentiable]
    public static double ReluDifference(double x) => AdMath.Relu(x) - AdMath.Relu(-x);

    /// <summary>ReLU'(0) chosen at run time, so one compiled method serves both experiments of Bertoin et al.</summary>
    [Differentiable]
    public static double Neuron(double w, double x, [NoDerivative] double slopeAtZero) => AdMath.Relu(w * x, slopeAtZero);

    /// <summary>A running maximum: at ties the gradient splits (a Clarke subgradient, a convex combination).</summary>
    [Differentiable]
    public static double RunningMax(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = Math.Max(m, x[i]);
        }

        return m;
    }

    /// <summary>
    /// log Σ exp(z) with the maximum behind AdMath.StopGradient, as jax.nn.logsumexp: it cancels in exact arithmetic, so
    /// its loop gets no derivative code, no tape and no kink site, and the gradient is the softmax.
    /// </summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        double max = z[0];
        for (int i = 1; i < z.Length; i++)
        {
            max = Math.Max(max, z[i]);
        }

        double shift = AdMath.StopGradient(max);
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            sum += Math.Exp(z[i] - shift);
        }

        return shift + Math.Log(sum);
    }

    /// <summary>The branch not taken is never differentiated: no NaN at x = -1 (the `where` trap of PyTorch and JAX).</summary>
    [Differentiable]
    public static double SafeSqrt(double x) => x > 0 ? Math.Sqrt(x) : 0.0;

    /// <summary>Least absolute deviations on the stack loss data: a nonsmooth sum of |residual|.</summary>
    [Differentiable(AbsSlopeAtZero = 0)]
    public static double AbsoluteDeviations(ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> features, [NoDerivative] ReadOnlySpan<double> response)
    {
        int columns = beta.Length - 1;
        double total = 0;
        for (int row = 0; row < response.Length; row++)
        {
            double prediction = beta[0];
            for (int j = 0; j < columns; j++)
            {
                prediction += beta[j + 1] * features[row * columns + j];
            }

            total += Math.Abs(response[row] - prediction);
        }

        return total;
    }
}
