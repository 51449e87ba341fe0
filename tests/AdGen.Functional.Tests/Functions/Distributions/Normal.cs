using System;

namespace AdGen.Functional.Tests.Functions.Distributions;

/// <summary>The standard normal distribution, in a namespace of its own to exercise cross-namespace calls.</summary>
public static partial class Normal
{
    /// <summary>
    /// Φ(x) = ½(1 + erf(x/√2)) with erf from its Taylor series: 2/√π Σ (−1)ⁿ z²ⁿ⁺¹ / (n!(2n + 1)). Sixty terms
    /// reach round-off for |x| ≤ 3, so the derivative is φ(x) to about 1e-12 there.
    /// </summary>
    [Differentiable]
    public static double Cdf(double x)
    {
        const int Terms = 60;
        double z = x / Math.Sqrt(2.0);
        double power = z;
        double sum = 0.0;
        for (int n = 0; n < Terms; n++)
        {
            sum += power / (2 * n + 1);
            power *= -z * z / (n + 1);
        }

        return 0.5 + sum / Math.Sqrt(Math.PI);
    }
}
