using System;

namespace AdGen;

/// <summary>
/// Rule helpers that generated code calls where an inline expression would be unreadable. Math.Clamp(x, lo, hi) is
/// differentiated as min(max(x, lo), hi), each tie split with weight <c>w</c> to its first argument.
/// </summary>
public static class KinkRules
{
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
