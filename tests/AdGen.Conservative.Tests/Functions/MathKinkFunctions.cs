using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

public static partial class AbsFunctions
{
    [Differentiable]
    public static double MathAbs(double x) => Math.Abs(x);

    [Differentiable]
    public static double DoubleAbs(double x) => double.Abs(x);

    [Differentiable(AbsSlopeAtZero = 1)]
    public static double MethodPlusOne(double x) => Math.Abs(x);

    [Differentiable(AbsSlopeAtZero = -1)]
    public static double MethodMinusOne(double x) => Math.Abs(x);

    [Differentiable(AbsSlopeAtZero = 0.5)]
    public static double MethodHalf(double x) => Math.Abs(x);

    [Differentiable]
    public static double CallSlope(double x) => AdMath.Abs(x, -0.5);

    [Differentiable(AbsSlopeAtZero = 1)]
    public static double CallOverridesMethod(double x) => AdMath.Abs(x, -1.0);

    [Differentiable]
    public static double RuntimeSlope(double x, [NoDerivative] double slopeAtZero) => AdMath.Abs(x, slopeAtZero);

    /// <summary>|a − b| at a == b: the rule s gives (s, −s).</summary>
    [Differentiable(AbsSlopeAtZero = 0.25)]
    public static double Distance(double a, double b) => Math.Abs(a - b);
}

public static partial class AbsFunctionsF
{
    [Differentiable]
    public static float MathFAbs(float x) => MathF.Abs(x);

    [Differentiable]
    public static float MathAbs(float x) => Math.Abs(x);

    [Differentiable]
    public static float FloatAbs(float x) => float.Abs(x);

    [Differentiable(AbsSlopeAtZero = 1)]
    public static float MethodPlusOne(float x) => MathF.Abs(x);

    [Differentiable]
    public static float CallSlope(float x) => AdMath.Abs(x, -0.5f);

    [Differentiable]
    public static float RuntimeSlope(float x, [NoDerivative] float slopeAtZero) => AdMath.Abs(x, slopeAtZero);
}

public static partial class CopySignFunctions
{
    [Differentiable]
    public static double Default(double a, double b) => Math.CopySign(a, b);

    [Differentiable(AbsSlopeAtZero = 1)]
    public static double MethodPlusOne(double a, double b) => double.CopySign(a, b);
}

public static partial class CopySignFunctionsF
{
    [Differentiable]
    public static float Default(float a, float b) => MathF.CopySign(a, b);

    [Differentiable(AbsSlopeAtZero = 1)]
    public static float MethodPlusOne(float a, float b) => float.CopySign(a, b);
}

public static partial class MaxFunctions
{
    [Differentiable]
    public static double Default(double a, double b) => Math.Max(a, b);

    [Differentiable]
    public static double DoubleMax(double a, double b) => double.Max(a, b);

    [Differentiable(MaxTieWeight = 1)]
    public static double MethodFirst(double a, double b) => Math.Max(a, b);

    [Differentiable(MaxTieWeight = 0)]
    public static double MethodSecond(double a, double b) => Math.Max(a, b);

    [Differentiable(MaxTieWeight = 0.25)]
    public static double MethodQuarter(double a, double b) => Math.Max(a, b);

    [Differentiable]
    public static double CallWeight(double a, double b) => AdMath.Max(a, b, 0.75);

    [Differentiable(MaxTieWeight = 1)]
    public static double CallOverridesMethod(double a, double b) => AdMath.Max(a, b, 0.0);

    [Differentiable]
    public static double RuntimeWeight(double a, double b, [NoDerivative] double tieWeightOfFirst) => AdMath.Max(a, b, tieWeightOfFirst);

    /// <summary>MaxTieWeight and MinTieWeight are separate options: each reaches only its own primitive.</summary>
    [Differentiable(MaxTieWeight = 1, MinTieWeight = 0)]
    public static double MaxPlusMin(double a, double b, double c) => Math.Max(a, b) + Math.Min(b, c);
}

public static partial class MaxFunctionsF
{
    [Differentiable]
    public static float MathFMax(float a, float b) => MathF.Max(a, b);

    [Differentiable]
    public static float FloatMax(float a, float b) => float.Max(a, b);

    [Differentiable(MaxTieWeight = 1)]
    public static float MethodFirst(float a, float b) => Math.Max(a, b);

    [Differentiable]
    public static float CallWeight(float a, float b) => AdMath.Max(a, b, 0.75f);

    [Differentiable]
    public static float RuntimeWeight(float a, float b, [NoDerivative] float tieWeightOfFirst) => AdMath.Max(a, b, tieWeightOfFirst);
}

public static partial class MinFunctions
{
    [Differentiable]
    public static double Default(double a, double b) => Math.Min(a, b);

    [Differentiable]
    public static double DoubleMin(double a, double b) => double.Min(a, b);

    [Differentiable(MinTieWeight = 1)]
    public static double MethodFirst(double a, double b) => Math.Min(a, b);

    [Differentiable(MinTieWeight = 0)]
    public static double MethodSecond(double a, double b) => Math.Min(a, b);

    [Differentiable(MinTieWeight = 0.25)]
    public static double MethodQuarter(double a, double b) => Math.Min(a, b);

    [Differentiable]
    public static double CallWeight(double a, double b) => AdMath.Min(a, b, 0.75);

    [Differentiable]
    public static double RuntimeWeight(double a, double b, [NoDerivative] double tieWeightOfFirst) => AdMath.Min(a, b, tieWeightOfFirst);
}

public static partial class MinFunctionsF
{
    [Differentiable]
    public static float MathFMin(float a, float b) => MathF.Min(a, b);

    [Differentiable]
    public static float FloatMin(float a, float b) => float.Min(a, b);

    [Differentiable(MinTieWeight = 0)]
    public static float MethodSecond(float a, float b) => Math.Min(a, b);

    [Differentiable]
    public static float RuntimeWeight(float a, float b, [NoDerivative] float tieWeightOfFirst) => AdMath.Min(a, b, tieWeightOfFirst);
}

public static partial class ClampFunctions
{
    [Differentiable]
    public static double Default(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static double DoubleClamp(double x, double lo, double hi) => double.Clamp(x, lo, hi);

    [Differentiable(ClampBoundaryWeight = 1)]
    public static double MethodAllToX(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable(ClampBoundaryWeight = 0)]
    public static double MethodAllToBound(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable(ClampBoundaryWeight = 0.25)]
    public static double MethodQuarter(double x, double lo, double hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static double CallWeight(double x, double lo, double hi) => AdMath.Clamp(x, lo, hi, 0.75);

    [Differentiable]
    public static double RuntimeWeight(double x, double lo, double hi, [NoDerivative] double boundaryWeight) => AdMath.Clamp(x, lo, hi, boundaryWeight);

    /// <summary>The common case: constant bounds, so only ∂/∂x exists.</summary>
    [Differentiable]
    public static double UnitInterval(double x) => Math.Clamp(x, -1.0, 1.0);
}

/// <summary>Piecewise-constant functions have derivative 0, jumps included; multiplied by x, the product rule shows it.</summary>
public static partial class StepFunctions
{
    [Differentiable]
    public static double FloorTimesX(double x) => x * Math.Floor(x);

    [Differentiable]
    public static double CeilingTimesX(double x) => x * Math.Ceiling(x);

    [Differentiable]
    public static double RoundTimesX(double x) => x * Math.Round(x);

    [Differentiable]
    public static double TruncateTimesX(double x) => x * Math.Truncate(x);

    /// <summary>Sign returns an int: piecewise constant, so d(sign(x)·x)/dx = sign(x), 0 at 0.</summary>
    [Differentiable]
    public static double SignTimesX(double x) => Math.Sign(x) * x;

    [Differentiable]
    public static double AllSteps(double x) => Math.Floor(x) + double.Ceiling(x) + Math.Round(x) + double.Truncate(x) + x;
}

public static partial class StepFunctionsF
{
    [Differentiable]
    public static float FloorTimesX(float x) => x * MathF.Floor(x);

    [Differentiable]
    public static float CeilingTimesX(float x) => x * MathF.Ceiling(x);

    [Differentiable]
    public static float RoundTimesX(float x) => x * float.Round(x);

    [Differentiable]
    public static float TruncateTimesX(float x) => x * MathF.Truncate(x);

    [Differentiable]
    public static float SignTimesX(float x) => MathF.Sign(x) * x;
}
