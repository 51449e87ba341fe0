using System;

namespace AdGen.Runtime.Tests;

/// <summary>Small objectives with hand-written gradients, in the shape generated <c>FGradient</c> methods have.</summary>
internal static class TestProblems
{
    private static readonly double s_cos = Math.Cos(Math.PI / 6);
    private static readonly double s_sin = Math.Sin(Math.PI / 6);

    /// <summary>The 2-D Rosenbrock function (1 − x)² + 100(y − x²)², minimum 0 at (1, 1); the classic start is (−1.2, 1).</summary>
    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> dx)
    {
        double a = 1 - x[0];
        double b = x[1] - (x[0] * x[0]);
        dx[0] = (-2 * a) - (400 * x[0] * b);
        dx[1] = 200 * b;
        return (a * a) + (100 * b * b);
    }

    /// <summary>
    /// ½ xᵀAx with A = R diag(1, 100) Rᵀ, R a rotation by 30°: condition number 100, axes not aligned with the
    /// coordinates (so diagonal scaling alone cannot undo it); minimum 0 at the origin.
    /// </summary>
    public static double IllConditionedQuadraticGradient(ReadOnlySpan<double> x, Span<double> dx)
    {
        double u = (s_cos * x[0]) + (s_sin * x[1]);
        double v = (-s_sin * x[0]) + (s_cos * x[1]);
        double du = u;
        double dv = 100 * v;
        dx[0] = (s_cos * du) - (s_sin * dv);
        dx[1] = (s_sin * du) + (s_cos * dv);
        return 0.5 * ((u * u) + (100 * v * v));
    }

    /// <summary>The Rosenbrock function in single precision.</summary>
    public static float RosenbrockGradientSingle(ReadOnlySpan<float> x, Span<float> dx)
    {
        float a = 1 - x[0];
        float b = x[1] - (x[0] * x[0]);
        dx[0] = (-2 * a) - (400 * x[0] * b);
        dx[1] = 200 * b;
        return (a * a) + (100 * b * b);
    }
}
