using System;
using AdGen;

namespace Tour;

public static partial class Nonsmooth
{
    [Differentiable]
    public static double ReluDifference(double x) => AdMath.Relu(x) - AdMath.Relu(-x);

    [Differentiable]
    public static double ReluWithSlope(double x, [NoDerivative] double slopeAtZero) => AdMath.Relu(x, slopeAtZero);

    [Differentiable(MaxTieWeight = 1)]
    public static double MaxFirst(double a, double b) => Math.Max(a, b);

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
    public static double SafeSqrt(double x) => x > 0 ? Math.Sqrt(x) : 0.0;
}
