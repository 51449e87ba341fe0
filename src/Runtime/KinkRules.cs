using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AdGen;

/// <summary>
/// Rule helpers that generated code calls where an inline expression would be unreadable or slow. Math.Clamp(x, lo,
/// hi) is differentiated as min(max(x, lo), hi), each tie split with weight <c>w</c> to its first argument.
/// </summary>
public static class KinkRules
{
    /// <summary>
    /// A kink's slope by the side of <paramref name="right"/> that <paramref name="left"/> is on:
    /// <paramref name="greater"/> when left &gt; right, <paramref name="less"/> when left &lt; right, and the rule's
    /// <paramref name="equal"/> at the tie and when the two are unordered (a NaN). Generated code calls it for the
    /// kink slopes of its derivatives: |x|' is <c>BySide(x, 0.0, greater: 1.0, less: -1.0, equal: 0.0)</c>.
    /// </summary>
    /// <remarks>
    /// The side is chosen with compare masks, not a branch: which side an element is on follows the data, so a branch
    /// would be mispredicted about every other element, and an integer flag converted to a floating-point number
    /// puts a conversion on the loop's chain of dependent operations.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BySide(double left, double right, double greater, double less, double equal) =>
        Choose(left, right, greater, less, equal, equal);

    /// <summary>
    /// <see cref="BySide(double, double, double, double, double)"/> with its own slope where the two are unordered (a
    /// NaN): Math.Max and Math.Min give theirs to the second argument, as if it won.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BySide(double left, double right, double greater, double less, double equal, double unordered) =>
        Choose(left, right, greater, less, equal, unordered);

    /// <inheritdoc cref="BySide(double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BySide(float left, float right, float greater, float less, float equal) =>
        Choose(left, right, greater, less, equal, equal);

    /// <inheritdoc cref="BySide(double, double, double, double, double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BySide(float left, float right, float greater, float less, float equal, float unordered) =>
        Choose(left, right, greater, less, equal, unordered);

    /// <summary>BySide where Vector128 is not accelerated; the tests hold the two to the same bits.</summary>
    internal static T BySideWithBranches<T>(T left, T right, T greater, T less, T equal, T unordered)
        where T : IFloatingPointIeee754<T> =>
        left > right ? greater : left < right ? less : left == right ? equal : unordered;

    // Generic over double and float, which the JIT compiles apart; the public overloads keep float literals float.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Choose<T>(T left, T right, T greater, T less, T equal, T unordered)
        where T : IFloatingPointIeee754<T>
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            return BySideWithBranches(left, right, greater, less, equal, unordered);
        }

        Vector128<T> l = Vector128.CreateScalarUnsafe(left);
        Vector128<T> r = Vector128.CreateScalarUnsafe(right);
        Vector128<T> above = Vector128.GreaterThan(l, r);
        Vector128<T> below = Vector128.LessThan(l, r);
        Vector128<T> sides = (above & Vector128.CreateScalarUnsafe(greater)) | (below & Vector128.CreateScalarUnsafe(less));

        // The JIT folds this test for constant slopes: when a NaN gets the tie's slope (bit for bit, so that a -0.0
        // stays apart from 0.0), a tie and a NaN alike are "neither side".
        if (Vector128.CreateScalar(equal).AsUInt64().ToScalar() == Vector128.CreateScalar(unordered).AsUInt64().ToScalar())
        {
            return (sides | Vector128.AndNot(Vector128.CreateScalarUnsafe(equal), above | below)).ToScalar();
        }

        Vector128<T> tie = Vector128.Equals(l, r);
        Vector128<T> neither = above | below | tie;
        return (sides | (tie & Vector128.CreateScalarUnsafe(equal)) | Vector128.AndNot(Vector128.CreateScalarUnsafe(unordered), neither)).ToScalar();
    }

    /// <summary>∂Clamp/∂x.</summary>
    public static double ClampPartialX(double x, double lo, double hi, double w)
    {
        (double maxFirst, double minFirst) = ClampWeights(x, lo, hi, w);
        return minFirst * maxFirst;
    }

    /// <summary>∂Clamp/∂lo.</summary>
    public static double ClampPartialLow(double x, double lo, double hi, double w)
    {
        (double maxFirst, double minFirst) = ClampWeights(x, lo, hi, w);
        return minFirst * (1 - maxFirst);
    }

    /// <summary>∂Clamp/∂hi.</summary>
    public static double ClampPartialHigh(double x, double lo, double hi, double w)
    {
        (_, double minFirst) = ClampWeights(x, lo, hi, w);
        return 1 - minFirst;
    }

    /// <inheritdoc cref="ClampPartialX(double, double, double, double)"/>
    public static float ClampPartialX(float x, float lo, float hi, float w) => (float)ClampPartialX((double)x, lo, hi, w);

    /// <inheritdoc cref="ClampPartialLow(double, double, double, double)"/>
    public static float ClampPartialLow(float x, float lo, float hi, float w) => (float)ClampPartialLow((double)x, lo, hi, w);

    /// <inheritdoc cref="ClampPartialHigh(double, double, double, double)"/>
    public static float ClampPartialHigh(float x, float lo, float hi, float w) => (float)ClampPartialHigh((double)x, lo, hi, w);

    private static (double MaxFirst, double MinFirst) ClampWeights(double x, double lo, double hi, double w)
    {
        double maxFirst = x > lo ? 1 : x < lo ? 0 : w;
        double inner = Math.Max(x, lo);
        double minFirst = inner < hi ? 1 : inner > hi ? 0 : w;
        return (maxFirst, minFirst);
    }
}
