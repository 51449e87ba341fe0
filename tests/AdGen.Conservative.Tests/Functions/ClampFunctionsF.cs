using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

public static partial class ClampFunctionsF
{
    [Differentiable]
    public static float MathClamp(float x, float lo, float hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static float FloatClamp(float x, float lo, float hi) => float.Clamp(x, lo, hi);

    [Differentiable(ClampBoundaryWeight = 1)]
    public static float MethodAllToX(float x, float lo, float hi) => Math.Clamp(x, lo, hi);

    [Differentiable]
    public static float RuntimeWeight(float x, float lo, float hi, [NoDerivative] float boundaryWeight) => AdMath.Clamp(x, lo, hi, boundaryWeight);
}

