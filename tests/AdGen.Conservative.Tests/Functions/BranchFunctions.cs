using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>Branches on differentiable values: the derivative is that of the branch taken; the other is never evaluated.</summary>
public static partial class BranchFunctions
{
    [Differentiable]
    public static double TernarySqrt(double x) => x > 0 ? Math.Sqrt(x) : 0.0;

    [Differentiable]
    public static double IfElseSqrt(double x)
    {
        double result = 0.0;
        if (x > 0)
        {
            result = Math.Sqrt(x);
        }
        else
        {
            result = 0.0;
        }

        return result;
    }

    [Differentiable]
    public static double EarlyReturnSqrt(double x)
    {
        if (x <= 0)
        {
            return 0.0;
        }

        return Math.Sqrt(x);
    }

    [Differentiable]
    public static double TernaryLog(double x) => x > 0 ? Math.Log(x) : -1.0;

    /// <summary>The Euclidean norm guarded at the origin: JAX gives NaN here through jnp.where.</summary>
    [Differentiable]
    public static double GuardedNorm(double x, double y) => x == 0.0 && y == 0.0 ? 0.0 : Math.Sqrt(x * x + y * y);

    /// <summary>A guarded log in a loop: entries ≤ 0 contribute nothing, and no NaN.</summary>
    [Differentiable]
    public static double SumOfGuardedLogs(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                sum += Math.Log(x[i]);
            }
        }

        return sum;
    }

    /// <summary>At x = 0 the condition is false: the else branch (−3x) is taken and differentiated.</summary>
    [Differentiable]
    public static double StrictAtBoundary(double x) => x > 0 ? 2.0 * x : -3.0 * x;

    /// <summary>At x = 0 the condition is true: the then branch (2x) is taken.</summary>
    [Differentiable]
    public static double NonStrictAtBoundary(double x) => x >= 0 ? 2.0 * x : -3.0 * x;

    /// <summary>max written as a ternary: at a tie the program takes b, so the derivative is (0, 1).</summary>
    [Differentiable]
    public static double TernaryMax(double a, double b) => a > b ? a : b;

    /// <summary>With ≥ the program takes a at a tie: (1, 0).</summary>
    [Differentiable]
    public static double TernaryMaxNonStrict(double a, double b) => a >= b ? a : b;

    /// <summary>A piecewise definition with if / else if / else.</summary>
    [Differentiable]
    public static double Piecewise(double x)
    {
        if (x < 0)
        {
            return -x;
        }
        else if (x < 1)
        {
            return x * x;
        }
        else
        {
            return 2.0 * x - 1.0;
        }
    }
}

public static partial class BranchFunctionsF
{
    [Differentiable]
    public static float TernarySqrt(float x) => x > 0 ? MathF.Sqrt(x) : 0.0f;

    [Differentiable]
    public static float EarlyReturnLog(float x)
    {
        if (x <= 0)
        {
            return 0.0f;
        }

        return MathF.Log(x);
    }
}
