using System;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Problem 1: the extended Rosenbrock function of Moré, Garbow and Hillstrom (1981),
/// f(x) = Σ_{i even} 100 (x_{i+1} − x_i²)² + (1 − x_i)², for even n.
/// </summary>
public static partial class Rosenbrock
{
    [Differentiable]
    public static double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double t1 = x[i + 1] - x[i] * x[i];
            double t2 = 1 - x[i];
            sum += 100 * t1 * t1 + t2 * t2;
        }

        return sum;
    }

    /// <summary>The gradient derived by hand: the practical limit for generated code.</summary>
    public static double HandGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double xi = x[i];
            double t1 = x[i + 1] - xi * xi;
            double t2 = 1 - xi;
            sum += 100 * t1 * t1 + t2 * t2;
            gradient[i] = -400 * xi * t1 - 2 * t2;
            gradient[i + 1] = 200 * t1;
        }

        return sum;
    }

    /// <summary>A starting point with the classic alternating pattern (−1.2, 1, −1.2, 1, …), slightly perturbed.</summary>
    public static double[] StartingPoint(int n)
    {
        var random = new Random(n);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (i % 2 == 0 ? -1.2 : 1.0) + 0.1 * (random.NextDouble() - 0.5);
        }

        return x;
    }
}
