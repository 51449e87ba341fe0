using System;
using AdGen;

namespace AdGen.Conservative.Tests.Monitor;

/// <summary>
/// Methods used only by the monitor tests, so that their kink sites are hit by nothing else. The tests locate each
/// call in this file (copied to the output directory) to check the site's line and column.
/// </summary>
public static partial class MonitoredModel
{
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
    public static double ReluSum(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += AdMath.Relu(x[i]);
        }

        return sum;
    }

    [Differentiable]
    public static double ReluDifference(double x) => AdMath.Relu(x) - AdMath.Relu(-x);

    [Differentiable]
    public static double SquareRoot(double x) => Math.Sqrt(x);

    [Differentiable(ClampBoundaryWeight = 1)]
    public static double Clipped(double x) => Math.Clamp(x, -1.0, 1.0);

    /// <summary>Sign jumps at 0: derivative 0, and a site that counts x == 0.</summary>
    [Differentiable]
    public static double SignTimesX(double x) => Math.Sign(x) * x;

    /// <summary>A branch on a differentiable value is a kink site too: its rule is the branch the program takes.</summary>
    [Differentiable]
    public static double Branch(double x) => x > 0.0 ? x : 0.0;
}
