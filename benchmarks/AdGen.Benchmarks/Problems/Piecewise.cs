using System;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Problem 5: a nonsmooth objective built from abs, max and branches: a Huber data term around 1, a penalty on
/// negative entries and a total-variation term, Σ huber(x_i − 1) + 10 max(−x_i, 0) + 0.3 |x_{i+1} − x_i|.
/// </summary>
public static partial class Piecewise
{
    [Differentiable]
    public static double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = x[i] - 1;
            double a = Math.Abs(r);
            if (a <= 1)
            {
                sum += 0.5 * r * r;
            }
            else
            {
                sum += a - 0.5;
            }

            sum += 10 * Math.Max(-x[i], 0);
            if (i + 1 < x.Length)
            {
                sum += 0.3 * Math.Abs(x[i + 1] - x[i]);
            }
        }

        return sum;
    }

    /// <summary>
    /// By hand, as a person writes it: a branch on the sign of x_i instead of <c>Math.Max</c>, slope 0 for |·| at 0 and
    /// for the penalty at x_i = 0 (AdGen's default splits a max tie 0.5/0.5, so the two differ there).
    /// </summary>
    public static double HandGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double r = xi - 1;
            double a = Math.Abs(r);
            if (a <= 1)
            {
                sum += 0.5 * r * r;
                gradient[i] += r;
            }
            else
            {
                sum += a - 0.5;
                gradient[i] += r > 0 ? 1 : -1;
            }

            if (xi < 0)
            {
                sum -= 10 * xi;
                gradient[i] -= 10;
            }

            if (i + 1 < x.Length)
            {
                double d = x[i + 1] - xi;
                sum += 0.3 * Math.Abs(d);
                double slope = d > 0 ? 0.3 : d < 0 ? -0.3 : 0;
                gradient[i + 1] += slope;
                gradient[i] -= slope;
            }
        }

        return sum;
    }

    /// <summary>
    /// By hand with AdGen's default rules at every kink, so that it equals the generated gradient everywhere, ties
    /// included: the value through <c>Math.Max</c> as f computes it, slope 0 for |·| at 0, and the max tie split
    /// 0.5/0.5 (the penalty's slope −5 at x_i = 0). Branches choose the slopes, as a person would write them.
    /// </summary>
    public static double HandGradientSameRules(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double r = xi - 1;
            double a = Math.Abs(r);
            if (a <= 1)
            {
                sum += 0.5 * r * r;
                gradient[i] += r;
            }
            else
            {
                sum += a - 0.5;
                gradient[i] += r > 0 ? 1 : r < 0 ? -1 : 0;
            }

            sum += 10 * Math.Max(-xi, 0);
            gradient[i] -= xi < 0 ? 10 : xi == 0 ? 5 : 0;
            if (i + 1 < x.Length)
            {
                double d = x[i + 1] - xi;
                sum += 0.3 * Math.Abs(d);
                double slope = d > 0 ? 0.3 : d < 0 ? -0.3 : 0;
                gradient[i + 1] += slope;
                gradient[i] -= slope;
            }
        }

        return sum;
    }

    /// <summary>A point on every kink: x_i = 0 (the max tie), x_i = 1 (|r| at 0), x_i = 2 (the Huber switch), equal neighbours.</summary>
    public static double[] KinkPoint() => [0.0, 0.0, 1.0, 2.0, 2.0, -0.5, 0.0, 1.0, 1.0, 3.0];

    /// <summary>Entries spread over [−1, 3] so that every branch and both sides of every kink are taken.</summary>
    public static double[] RandomPoint(int n)
    {
        var random = new Random(5);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 4 * random.NextDouble() - 1;
        }

        return x;
    }
}
