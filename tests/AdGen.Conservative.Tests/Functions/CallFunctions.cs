using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>A method's options are its own: a callee keeps its rule when called from a method with other options.</summary>
public static partial class CallFunctions
{
    [Differentiable(ReluSlopeAtZero = 1)]
    public static double InnerSlopeOne(double x) => AdMath.Relu(x);

    /// <summary>At 0: 2·(callee's rule 1) + (own default rule 0) = 2.</summary>
    [Differentiable]
    public static double OuterDefault(double x) => 2.0 * InnerSlopeOne(x) + AdMath.Relu(x);

    /// <summary>At 0: 2·1 + 0.5 = 2.5; the caller's option does not reach into the callee.</summary>
    [Differentiable(ReluSlopeAtZero = 0.5)]
    public static double OuterHalf(double x) => 2.0 * InnerSlopeOne(x) + AdMath.Relu(x);

    [Differentiable]
    public static double InnerRuntime(double x, [NoDerivative] double s) => AdMath.Relu(x, s);

    /// <summary>A run-time rule passed through a call: 3·s at 0.</summary>
    [Differentiable]
    public static double OuterRuntime(double x, [NoDerivative] double s) => 3.0 * InnerRuntime(x, s);
}
