using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>
/// Functions whose FGradient stores its gradient span instead of zeroing it and adding into it (GradientOverwrite): one
/// loop counting up from 0 is the only writer, each iteration its own block [i, i + step). Beside them, near misses that
/// must keep zeroing and adding: blocks that overlap, a contribution inside a branch, a loop that does not start at 0.
/// All take (x, a, b), so that the cases share the reverse-optimization checks.
/// </summary>
public static partial class Stored
{
    /// <summary>Step 1: each iteration writes dx[i].</summary>
    [Differentiable]
    public static double StepOne(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += a * x[i] * x[i] + b * Math.Sin(x[i]);
        }

        return sum;
    }

    /// <summary>Extended Rosenbrock, step 2: dx[i] and dx[i + 1]; an odd length leaves the last element to zero.</summary>
    [Differentiable]
    public static double StepTwo(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double t1 = x[i + 1] - x[i] * x[i];
            double t2 = a - x[i];
            sum += b * t1 * t1 + t2 * t2;
        }

        return sum;
    }

    /// <summary>Step 3, the block written in an unusual order (i + 2, i, i + 1); up to two elements left to zero.</summary>
    [Differentiable]
    public static double StepThree(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i + 2 < x.Length; i += 3)
        {
            double last = x[i + 2] * b;
            sum += last * last + a * x[i] + Math.Exp(x[i + 1] * a);
        }

        return sum;
    }

    /// <summary>The loop stops two elements early, and runs not at all for lengths below 3: the rest must be zeroed.</summary>
    [Differentiable]
    public static double StopsEarly(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            sum += a * x[i] * x[i] + b * x[i];
        }

        return sum;
    }

    /// <summary>The loop leaves once the running sum passes a + 2 (its condition reads the sum): the rest must be zeroed.</summary>
    [Differentiable]
    public static double LeavesWhenLarge(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length && sum < a + 2.0; i++)
        {
            sum += x[i] * x[i] * b;
        }

        return sum;
    }

    /// <summary>
    /// The code after the loop reads the sum (∂/∂b needs it): that adjoint runs after the fused loop, whose reverse
    /// sweep stores (a near miss before the tenth round, when reading the sum kept the two sweeps apart).
    /// </summary>
    [Differentiable]
    public static double ScaledAfterTheLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(a * x[i]);
        }

        return b * sum + a * a;
    }

    /// <summary>Near miss: step 1 with dx[i] and dx[i + 1], so neighbouring iterations add into one element.</summary>
    [Differentiable]
    public static double Overlapping(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double d = x[i + 1] - a * x[i];
            sum += d * d + b * x[i];
        }

        return sum;
    }

    /// <summary>Near miss: the contribution to dx[i] is made in one branch only.</summary>
    [Differentiable]
    public static double ContributionInABranch(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0.0)
            {
                sum += a * x[i];
            }
            else
            {
                sum += b;
            }
        }

        return sum;
    }

    /// <summary>Near miss: the loop starts at 1, so dx[0] is never written by it.</summary>
    [Differentiable]
    public static double StartsAtOne(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 1; i < x.Length; i++)
        {
            sum += a * x[i] * x[i] - b * x[i];
        }

        return sum;
    }

    /// <summary>Near miss: step 2 but only dx[i] written, so the odd elements would be left unwritten.</summary>
    [Differentiable]
    public static double EveryOtherElement(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i += 2)
        {
            sum += a * x[i] * x[i] + b;
        }

        return sum;
    }

    /// <summary>Two gradient spans stored by one loop; the weights run out first, leaving the rest of dx to zero.</summary>
    [Differentiable]
    public static double WeightedSquares(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < w.Length && i < x.Length; i++)
        {
            double r = w[i] * x[i] - 1.0;
            sum += r * r;
        }

        return sum;
    }
}

/// <summary>The float twins of two of <see cref="Stored"/>'s functions.</summary>
public static partial class StoredF
{
    [Differentiable]
    public static float StepTwo(ReadOnlySpan<float> x, float a, float b)
    {
        float sum = 0f;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            float t1 = x[i + 1] - x[i] * x[i];
            float t2 = a - x[i];
            sum += b * t1 * t1 + t2 * t2;
        }

        return sum;
    }

    [Differentiable]
    public static float StopsEarly(ReadOnlySpan<float> x, float a, float b)
    {
        float sum = 0f;
        for (int i = 0; i < x.Length - 2; i++)
        {
            sum += a * x[i] * x[i] + b * x[i];
        }

        return sum;
    }
}
