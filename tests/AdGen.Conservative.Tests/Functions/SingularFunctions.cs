using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>Smooth functions at the edge of their domain: the rule is the one-sided derivative (or 0 where there is none).</summary>
public static partial class SingularFunctions
{
    [Differentiable]
    public static double Sqrt(double x) => Math.Sqrt(x);

    [Differentiable]
    public static double Log(double x) => Math.Log(x);

    [Differentiable]
    public static double Log2(double x) => Math.Log2(x);

    [Differentiable]
    public static double Log10(double x) => Math.Log10(x);

    [Differentiable]
    public static double LogBaseTwo(double x) => Math.Log(x, 2.0);

    [Differentiable]
    public static double Cbrt(double x) => Math.Cbrt(x);

    [Differentiable]
    public static double Pow(double x, double y) => Math.Pow(x, y);

    [Differentiable]
    public static double PowHalf(double x) => Math.Pow(x, 0.5);

    [Differentiable]
    public static double PowCube(double x) => Math.Pow(x, 3.0);

    [Differentiable]
    public static double Atan2(double y, double x) => Math.Atan2(y, x);

    [Differentiable]
    public static double Asin(double x) => Math.Asin(x);

    [Differentiable]
    public static double Acos(double x) => Math.Acos(x);

    /// <summary>sqrt at 0 next to a smooth term: the other partial must stay finite in both modes.</summary>
    [Differentiable]
    public static double SqrtPlusY(double x, double y) => Math.Sqrt(x) + y;

    /// <summary>sqrt(−x) at x = 0: the argument is −0.0; the chain rule gives sqrt'(0)·(−1) = −∞.</summary>
    [Differentiable]
    public static double SqrtOfNegated(double x) => Math.Sqrt(-x);

    /// <summary>log(−x) at x = 0: the argument is −0.0; the chain rule gives log'(0)·(−1) = −∞.</summary>
    [Differentiable]
    public static double LogOfNegated(double x) => Math.Log(-x);
}

public static partial class SingularFunctionsF
{
    [Differentiable]
    public static float Sqrt(float x) => MathF.Sqrt(x);

    [Differentiable]
    public static float Log(float x) => MathF.Log(x);

    [Differentiable]
    public static float Cbrt(float x) => MathF.Cbrt(x);

    [Differentiable]
    public static float Pow(float x, float y) => MathF.Pow(x, y);

    [Differentiable]
    public static float Atan2(float y, float x) => MathF.Atan2(y, x);
}
