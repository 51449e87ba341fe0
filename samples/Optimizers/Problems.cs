using System;

namespace AdGen.Samples.Optimizers;

/// <summary>A test problem: an objective with its gradient and a starting point.</summary>
internal sealed record Problem(string Name, GradientFunction Objective, double[] Start);

/// <summary>
/// Two classic test problems with hand-written gradients, in the shape of generated <c>FGradient</c> methods
/// (a [Differentiable] version would be a drop-in replacement).
/// </summary>
internal static class Problems
{
    private static readonly double s_cos = Math.Cos(Math.PI / 6);
    private static readonly double s_sin = Math.Sin(Math.PI / 6);

    public static Problem[] All { get; } =
    [
        new("Rosenbrock (1-x)² + 100(y-x²)², from (-1.2, 1)", RosenbrockGradient, [-1.2, 1.0]),
        new("Quadratic ½ x·Ax, cond(A) = 100, rotated 30°, from (1, 1)", IllConditionedQuadraticGradient, [1.0, 1.0]),
    ];

    public static double RosenbrockGradient(ReadOnlySpan<double> x, Span<double> dx)
    {
        double a = 1 - x[0];
        double b = x[1] - (x[0] * x[0]);
        dx[0] = (-2 * a) - (400 * x[0] * b);
        dx[1] = 200 * b;
        return (a * a) + (100 * b * b);
    }

    /// <summary>½xᵀAx with A = R diag(1, 100) Rᵀ: the valley is not aligned with the axes, so diagonal scaling cannot undo it.</summary>
    public static double IllConditionedQuadraticGradient(ReadOnlySpan<double> x, Span<double> dx)
    {
        double u = (s_cos * x[0]) + (s_sin * x[1]);
        double v = (-s_sin * x[0]) + (s_cos * x[1]);
        dx[0] = (s_cos * u) - (s_sin * 100 * v);
        dx[1] = (s_sin * u) + (s_cos * 100 * v);
        return 0.5 * ((u * u) + (100 * v * v));
    }
}
