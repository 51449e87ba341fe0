using System;
using System.Runtime.CompilerServices;

namespace AdGen;

/// <summary>
/// Common kinked functions with their kink rule as an argument. Called directly they compute their value; in a
/// [Differentiable] method AdGen differentiates them with the given rule (the rule argument may be a run-time
/// value, e.g. a [NoDerivative] parameter). A rule value outside the function's Clarke subdifferential at the kink
/// throws <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
public static class AdMath
{
    /// <summary>max(x, 0). AdGen's derivative at 0 is 0 unless the method or assembly says otherwise.</summary>
    public static double Relu(double x) => x > 0 ? x : 0;

    /// <summary>max(x, 0) with ReLU'(0) = <paramref name="slopeAtZero"/>, which must lie in [0, 1].</summary>
    public static double Relu(double x, double slopeAtZero)
    {
        CheckRange(slopeAtZero, 0, 1, nameof(slopeAtZero));
        return x > 0 ? x : 0;
    }

    /// <inheritdoc cref="Relu(double)"/>
    public static float Relu(float x) => x > 0 ? x : 0;

    /// <inheritdoc cref="Relu(double, double)"/>
    public static float Relu(float x, float slopeAtZero)
    {
        CheckRange(slopeAtZero, 0, 1, nameof(slopeAtZero));
        return x > 0 ? x : 0;
    }

    /// <summary>x for x ≥ 0, <paramref name="negativeSlope"/>·x below. Derivative at 0: <paramref name="negativeSlope"/>.</summary>
    public static double LeakyRelu(double x, double negativeSlope = 0.01) => x > 0 ? x : negativeSlope * x;

    /// <summary>Leaky ReLU whose derivative at 0 is <paramref name="slopeAtZero"/>, between the two slopes.</summary>
    public static double LeakyRelu(double x, double negativeSlope, double slopeAtZero)
    {
        CheckRange(slopeAtZero, Math.Min(negativeSlope, 1), Math.Max(negativeSlope, 1), nameof(slopeAtZero));
        return x > 0 ? x : negativeSlope * x;
    }

    /// <inheritdoc cref="LeakyRelu(double, double)"/>
    public static float LeakyRelu(float x, float negativeSlope = 0.01f) => x > 0 ? x : negativeSlope * x;

    /// <inheritdoc cref="LeakyRelu(double, double, double)"/>
    public static float LeakyRelu(float x, float negativeSlope, float slopeAtZero)
    {
        CheckRange(slopeAtZero, Math.Min(negativeSlope, 1), Math.Max(negativeSlope, 1), nameof(slopeAtZero));
        return x > 0 ? x : negativeSlope * x;
    }

    /// <summary>x clipped to [-1, 1]. Derivative at ±1: 0.5.</summary>
    public static double HardTanh(double x) => x > 1 ? 1 : x < -1 ? -1 : x;

    /// <summary>Hard tanh whose derivative at ±1 is <paramref name="slopeAtKink"/>, in [0, 1].</summary>
    public static double HardTanh(double x, double slopeAtKink)
    {
        CheckRange(slopeAtKink, 0, 1, nameof(slopeAtKink));
        return HardTanh(x);
    }

    /// <inheritdoc cref="HardTanh(double)"/>
    public static float HardTanh(float x) => x > 1 ? 1 : x < -1 ? -1 : x;

    /// <inheritdoc cref="HardTanh(double, double)"/>
    public static float HardTanh(float x, float slopeAtKink)
    {
        CheckRange(slopeAtKink, 0, 1, nameof(slopeAtKink));
        return HardTanh(x);
    }

    /// <summary>The hinge max(0, 1 − x). Derivative at 1: 0.</summary>
    public static double Hinge(double x) => x < 1 ? 1 - x : 0;

    /// <summary>The hinge whose derivative at 1 is <paramref name="slopeAtKink"/>, in [-1, 0].</summary>
    public static double Hinge(double x, double slopeAtKink)
    {
        CheckRange(slopeAtKink, -1, 0, nameof(slopeAtKink));
        return Hinge(x);
    }

    /// <inheritdoc cref="Hinge(double)"/>
    public static float Hinge(float x) => x < 1 ? 1 - x : 0;

    /// <inheritdoc cref="Hinge(double, double)"/>
    public static float Hinge(float x, float slopeAtKink)
    {
        CheckRange(slopeAtKink, -1, 0, nameof(slopeAtKink));
        return Hinge(x);
    }

    /// <summary>|x| whose derivative at 0 is <paramref name="slopeAtZero"/>, in [-1, 1].</summary>
    public static double Abs(double x, double slopeAtZero)
    {
        CheckRange(slopeAtZero, -1, 1, nameof(slopeAtZero));
        return Math.Abs(x);
    }

    /// <inheritdoc cref="Abs(double, double)"/>
    public static float Abs(float x, float slopeAtZero)
    {
        CheckRange(slopeAtZero, -1, 1, nameof(slopeAtZero));
        return Math.Abs(x);
    }

    /// <summary>max(a, b); at a tie the derivative gives weight <paramref name="tieWeightOfFirst"/> (in [0, 1]) to a.</summary>
    public static double Max(double a, double b, double tieWeightOfFirst)
    {
        CheckRange(tieWeightOfFirst, 0, 1, nameof(tieWeightOfFirst));
        return Math.Max(a, b);
    }

    /// <inheritdoc cref="Max(double, double, double)"/>
    public static float Max(float a, float b, float tieWeightOfFirst)
    {
        CheckRange(tieWeightOfFirst, 0, 1, nameof(tieWeightOfFirst));
        return Math.Max(a, b);
    }

    /// <summary>min(a, b); at a tie the derivative gives weight <paramref name="tieWeightOfFirst"/> (in [0, 1]) to a.</summary>
    public static double Min(double a, double b, double tieWeightOfFirst)
    {
        CheckRange(tieWeightOfFirst, 0, 1, nameof(tieWeightOfFirst));
        return Math.Min(a, b);
    }

    /// <inheritdoc cref="Min(double, double, double)"/>
    public static float Min(float a, float b, float tieWeightOfFirst)
    {
        CheckRange(tieWeightOfFirst, 0, 1, nameof(tieWeightOfFirst));
        return Math.Min(a, b);
    }

    /// <summary>
    /// x clamped to [lo, hi], as min(max(x, lo), hi); at a boundary the derivative gives weight
    /// <paramref name="boundaryWeight"/> (in [0, 1]) to x and the rest to the boundary.
    /// </summary>
    public static double Clamp(double x, double lo, double hi, double boundaryWeight)
    {
        CheckRange(boundaryWeight, 0, 1, nameof(boundaryWeight));
        return Math.Clamp(x, lo, hi);
    }

    /// <inheritdoc cref="Clamp(double, double, double, double)"/>
    public static float Clamp(float x, float lo, float hi, float boundaryWeight)
    {
        CheckRange(boundaryWeight, 0, 1, nameof(boundaryWeight));
        return Math.Clamp(x, lo, hi);
    }

    /// <summary>
    /// Returns <paramref name="x"/>. In a [Differentiable] method its derivative is 0 in both modes: the value is used,
    /// no derivative flows back through it (JAX's <c>lax.stop_gradient</c>, PyTorch's <c>detach</c>). Use it for a value
    /// that cancels in exact arithmetic, such as the maximum a log-sum-exp subtracts for stability, so that the
    /// derivative code neither computes nor tapes its path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double StopGradient(double x) => x;

    /// <inheritdoc cref="StopGradient(double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float StopGradient(float x) => x;

    /// <summary>Throws when a rule value lies outside the Clarke subdifferential [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckRange(double value, double lo, double hi, string parameterName)
    {
        if (!(value >= lo && value <= hi))
        {
            ThrowOutOfRange(value, lo, hi, parameterName);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange(double value, double lo, double hi, string parameterName) =>
        throw new ArgumentOutOfRangeException(
            parameterName,
            value,
            FormattableString.Invariant($"{parameterName} must lie in [{lo}, {hi}], the Clarke subdifferential at the kink; it was {value}."));
}
