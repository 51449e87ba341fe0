using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>The textbook examples of backpropagation returning a conservative gradient rather than the derivative.</summary>
public static partial class ClassicFunctions
{
    /// <summary>The identity x written with two ReLUs: the derivative is 1, AdGen (like PyTorch and JAX) gives 0 at 0.</summary>
    [Differentiable]
    public static double ReluDifference(double x) => AdMath.Relu(x) - AdMath.Relu(-x);

    /// <summary>relu(−x) + x is relu(x) again, but differentiated through relu(−x): at 0 the rule gives 1, not 0.</summary>
    [Differentiable]
    public static double ReluOfNegatedPlusX(double x) => AdMath.Relu(-x) + x;

    /// <summary>(relu(x) + relu(−x) + x) / 2 = (|x| + x) / 2 = relu(x): at 0 the rule gives 0.5.</summary>
    [Differentiable]
    public static double AverageOfReluForms(double x) => (AdMath.Relu(x) + AdMath.Relu(-x) + x) / 2.0;

    /// <summary>relu(x) − relu(−x) with ReLU'(0) = s at run time: 2s at 0, so only s = 0.5 gives the true 1.</summary>
    [Differentiable]
    public static double ReluDifferenceWithSlope(double x, [NoDerivative] double s) => AdMath.Relu(x, s) - AdMath.Relu(-x, s);

    /// <summary>The same identity with Math.Max: the split tie rule gives 0.5 + 0.5 = 1 at 0.</summary>
    [Differentiable]
    public static double MaxDifference(double x) => Math.Max(x, 0.0) - Math.Max(-x, 0.0);
}

public static partial class ClassicFunctionsF
{
    [Differentiable]
    public static float ReluDifference(float x) => AdMath.Relu(x) - AdMath.Relu(-x);

    [Differentiable]
    public static float ReluOfNegatedPlusX(float x) => AdMath.Relu(-x) + x;

    [Differentiable]
    public static float AverageOfReluForms(float x) => (AdMath.Relu(x) + AdMath.Relu(-x) + x) / 2.0f;
}
