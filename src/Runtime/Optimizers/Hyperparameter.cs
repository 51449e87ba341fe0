using System;
using System.Globalization;

namespace AdGen.Optimizers;

/// <summary>
/// Range checks for hyperparameters. Each throws <see cref="ArgumentOutOfRangeException"/> naming the parameter and
/// its valid range; every check is written so that NaN fails it.
/// </summary>
internal static class Hyperparameter
{
    /// <summary>Requires a finite value ≥ 0.</summary>
    public static double NonNegative(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw OutOfRange(name, value, "[0, ∞) (finite)");
        }

        return value;
    }

    /// <summary>Requires a finite value &gt; 0.</summary>
    public static double Positive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw OutOfRange(name, value, "(0, ∞) (finite)");
        }

        return value;
    }

    /// <summary>Requires 0 ≤ value &lt; 1, the range of an exponential-moving-average coefficient.</summary>
    public static double DecayRate(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw OutOfRange(name, value, "[0, 1)");
        }

        return value;
    }

    /// <summary>Requires 0 ≤ value ≤ 1.</summary>
    public static double Fraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw OutOfRange(name, value, "[0, 1]");
        }

        return value;
    }

    /// <summary>An exception that names <paramref name="name"/>, shows its value and states its valid range.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string name, double value, string range, string? reason = null) =>
        new(
            name,
            value,
            string.Create(CultureInfo.InvariantCulture, $"{name} must be in {range}{(reason is null ? "" : "; " + reason)}; got {value}."));
}
