using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>ReLU with its rule set every way AdGen allows: default, per method, per call (constant and run-time).</summary>
public static partial class ReluFunctions
{
    [Differentiable]
    public static double Default(double x) => AdMath.Relu(x);

    [Differentiable(ReluSlopeAtZero = 1)]
    public static double MethodSlopeOne(double x) => AdMath.Relu(x);

    [Differentiable(ReluSlopeAtZero = 0.5)]
    public static double MethodSlopeHalf(double x) => AdMath.Relu(x);

    [Differentiable]
    public static double CallSlopeOne(double x) => AdMath.Relu(x, 1.0);

    [Differentiable(ReluSlopeAtZero = 1)]
    public static double CallOverridesMethod(double x) => AdMath.Relu(x, 0.25);

    /// <summary>One compiled method for every ReLU'(0): the rule is a run-time argument.</summary>
    [Differentiable]
    public static double RuntimeSlope(double x, [NoDerivative] double slopeAtZero) => AdMath.Relu(x, slopeAtZero);

    /// <summary>The rule argument only selects a derivative: the value does not depend on it, so ∂/∂slopeAtZero = 0.</summary>
    [Differentiable]
    public static double SlopeAsDifferentiableParameter(double x, double slopeAtZero) => AdMath.Relu(x, slopeAtZero);

    /// <summary>Kink at x = 0.5; the chain rule multiplies the rule by 3·2.</summary>
    [Differentiable(ReluSlopeAtZero = 0.5)]
    public static double ShiftedAndScaled(double x) => 3.0 * AdMath.Relu(2.0 * x - 1.0);
}

public static partial class ReluFunctionsF
{
    [Differentiable]
    public static float Default(float x) => AdMath.Relu(x);

    [Differentiable(ReluSlopeAtZero = 1)]
    public static float MethodSlopeOne(float x) => AdMath.Relu(x);

    [Differentiable(ReluSlopeAtZero = 0.5)]
    public static float MethodSlopeHalf(float x) => AdMath.Relu(x);

    [Differentiable]
    public static float CallSlopeOne(float x) => AdMath.Relu(x, 1.0f);

    [Differentiable(ReluSlopeAtZero = 1)]
    public static float CallOverridesMethod(float x) => AdMath.Relu(x, 0.25f);

    [Differentiable]
    public static float RuntimeSlope(float x, [NoDerivative] float slopeAtZero) => AdMath.Relu(x, slopeAtZero);

    [Differentiable(ReluSlopeAtZero = 0.5)]
    public static float ShiftedAndScaled(float x) => 3.0f * AdMath.Relu(2.0f * x - 1.0f);
}

public static partial class LeakyReluFunctions
{
    /// <summary>Default rule at 0: the negative slope (the left derivative).</summary>
    [Differentiable]
    public static double Default(double x) => AdMath.LeakyRelu(x, 0.1);

    /// <summary>The optional negative slope left out: 0.01.</summary>
    [Differentiable]
    public static double DefaultNegativeSlope(double x) => AdMath.LeakyRelu(x);

    [Differentiable]
    public static double CallSlopeOne(double x) => AdMath.LeakyRelu(x, 0.1, 1.0);

    [Differentiable]
    public static double CallSlopeHalf(double x) => AdMath.LeakyRelu(x, 0.1, 0.5);

    [Differentiable]
    public static double RuntimeSlope(double x, [NoDerivative] double slopeAtZero) => AdMath.LeakyRelu(x, 0.1, slopeAtZero);

    /// <summary>The negative slope is differentiable too: ∂/∂negativeSlope = x below 0, 0 above.</summary>
    [Differentiable]
    public static double NegativeSlopeAsParameter(double x, double negativeSlope) => AdMath.LeakyRelu(x, negativeSlope);

    /// <summary>A negative slope above 1: the subdifferential at 0 is [1, 2].</summary>
    [Differentiable]
    public static double SteepNegativeSlope(double x) => AdMath.LeakyRelu(x, 2.0, 1.5);
}

public static partial class LeakyReluFunctionsF
{
    [Differentiable]
    public static float Default(float x) => AdMath.LeakyRelu(x, 0.125f);

    [Differentiable]
    public static float CallSlopeOne(float x) => AdMath.LeakyRelu(x, 0.125f, 1.0f);

    [Differentiable]
    public static float RuntimeSlope(float x, [NoDerivative] float slopeAtZero) => AdMath.LeakyRelu(x, 0.125f, slopeAtZero);
}

public static partial class HardTanhFunctions
{
    [Differentiable]
    public static double Default(double x) => AdMath.HardTanh(x);

    [Differentiable]
    public static double CallSlopeZero(double x) => AdMath.HardTanh(x, 0.0);

    [Differentiable]
    public static double CallSlopeOne(double x) => AdMath.HardTanh(x, 1.0);

    [Differentiable]
    public static double RuntimeSlope(double x, [NoDerivative] double slopeAtKink) => AdMath.HardTanh(x, slopeAtKink);
}

public static partial class HardTanhFunctionsF
{
    [Differentiable]
    public static float Default(float x) => AdMath.HardTanh(x);

    [Differentiable]
    public static float CallSlopeOne(float x) => AdMath.HardTanh(x, 1.0f);

    [Differentiable]
    public static float RuntimeSlope(float x, [NoDerivative] float slopeAtKink) => AdMath.HardTanh(x, slopeAtKink);
}

public static partial class HingeFunctions
{
    [Differentiable]
    public static double Default(double x) => AdMath.Hinge(x);

    [Differentiable]
    public static double CallSlopeMinusOne(double x) => AdMath.Hinge(x, -1.0);

    [Differentiable]
    public static double CallSlopeMinusHalf(double x) => AdMath.Hinge(x, -0.5);

    [Differentiable]
    public static double RuntimeSlope(double x, [NoDerivative] double slopeAtKink) => AdMath.Hinge(x, slopeAtKink);

    /// <summary>A margin loss: the kink is at y·score = 1.</summary>
    [Differentiable]
    public static double MarginLoss(double score, [NoDerivative] double label) => AdMath.Hinge(label * score);
}

public static partial class HingeFunctionsF
{
    [Differentiable]
    public static float Default(float x) => AdMath.Hinge(x);

    [Differentiable]
    public static float CallSlopeMinusOne(float x) => AdMath.Hinge(x, -1.0f);

    [Differentiable]
    public static float RuntimeSlope(float x, [NoDerivative] float slopeAtKink) => AdMath.Hinge(x, slopeAtKink);
}
