using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>
/// Max-type functions. The tagged ones read v = [inputs..., t0, t1, ...] and add tag t_i to piece i: at t = 0 the
/// value is unchanged and ∂f/∂t_i is exactly the weight the derivative gives piece i, which the tests check form a
/// convex combination of the active pieces.
/// </summary>
public static partial class MaxTypeFunctions
{
    /// <summary>Affine pieces with affinely independent gradients: p = (x + t0, y + t1, 3 − x − y + t2).</summary>
    [Differentiable]
    public static double MaxOfThreeLeft(ReadOnlySpan<double> v) => Math.Max(Math.Max(v[0] + v[2], v[1] + v[3]), 3.0 - v[0] - v[1] + v[4]);

    [Differentiable]
    public static double MaxOfThreeRight(ReadOnlySpan<double> v) => Math.Max(v[0] + v[2], Math.Max(v[1] + v[3], 3.0 - v[0] - v[1] + v[4]));

    [Differentiable(MaxTieWeight = 1)]
    public static double MaxOfThreeFirstWins(ReadOnlySpan<double> v) => Math.Max(Math.Max(v[0] + v[2], v[1] + v[3]), 3.0 - v[0] - v[1] + v[4]);

    /// <summary>Smooth nonlinear pieces p = (x² + t0, x·y + t1, y² + t2), all equal on the diagonal x = y.</summary>
    [Differentiable]
    public static double MaxOfQuadratics(ReadOnlySpan<double> v)
    {
        double p0 = v[0] * v[0] + v[2];
        double p1 = v[0] * v[1] + v[3];
        double p2 = v[1] * v[1] + v[4];
        return Math.Max(p0, Math.Max(p1, p2));
    }

    /// <summary>min(max(p0, p1), p2) with the affine pieces of MaxOfThreeLeft.</summary>
    [Differentiable]
    public static double MinOfMax(ReadOnlySpan<double> v) => Math.Min(Math.Max(v[0] + v[2], v[1] + v[3]), 3.0 - v[0] - v[1] + v[4]);

    private static readonly double[] Slopes = { -2.0, -1.0, 0.0, 1.0, 2.0 };
    private static readonly double[] Offsets = { 0.0, 2.0, 1.0, 0.0, -3.0 };

    /// <summary>The upper envelope of five lines a_i·x + b_i + t_i, kept as a running max in a loop; v = [x, t0..t4].</summary>
    [Differentiable]
    public static double UpperEnvelope(ReadOnlySpan<double> v)
    {
        double m = Slopes[0] * v[0] + Offsets[0] + v[1];
        for (int i = 1; i < Slopes.Length; i++)
        {
            m = Math.Max(m, Slopes[i] * v[0] + Offsets[i] + v[i + 1]);
        }

        return m;
    }

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

    [Differentiable]
    public static double RunningMin(ReadOnlySpan<double> x)
    {
        double m = x[0];
        foreach (double value in x)
        {
            m = Math.Min(m, value);
        }

        return m;
    }

    /// <summary>A running max whose tie weight is a run-time argument.</summary>
    [Differentiable]
    public static double RunningMaxWeighted(ReadOnlySpan<double> x, [NoDerivative] double tieWeightOfFirst)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = AdMath.Max(m, x[i], tieWeightOfFirst);
        }

        return m;
    }

    /// <summary>A running max written with a ternary: at a tie the program keeps the earlier element.</summary>
    [Differentiable]
    public static double RunningMaxTernary(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = x[i] > m ? x[i] : m;
        }

        return m;
    }
}

public static partial class MaxTypeFunctionsF
{
    [Differentiable]
    public static float MaxOfThreeLeft(ReadOnlySpan<float> v) => MathF.Max(MathF.Max(v[0] + v[2], v[1] + v[3]), 3.0f - v[0] - v[1] + v[4]);

    [Differentiable]
    public static float RunningMax(ReadOnlySpan<float> x)
    {
        float m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = MathF.Max(m, x[i]);
        }

        return m;
    }
}
