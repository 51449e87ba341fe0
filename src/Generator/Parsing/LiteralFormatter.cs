using System;
using System.Globalization;
using AdGen.Generator.Model;

namespace AdGen.Generator.Parsing;

/// <summary>Spells constants as invariant, round-trip C# literals, whatever the culture of the build.</summary>
internal static class LiteralFormatter
{
    public static Literal? TryCreate(object? value, TypeRef type)
    {
        switch (type.Scalar)
        {
            case ScalarType.Double when type.IsScalar:
                return new Literal(type, FormatDouble(Convert.ToDouble(value, CultureInfo.InvariantCulture)));
            case ScalarType.Single when type.IsScalar:
                return new Literal(type, FormatSingle(Convert.ToSingle(value, CultureInfo.InvariantCulture)));
            case ScalarType.Int32 when type.IsScalar:
                return new Literal(type, Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            case ScalarType.Int64 when type.IsScalar:
                return new Literal(type, Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L");
            case ScalarType.Boolean when type.IsScalar && value is bool flag:
                return new Literal(type, flag ? "true" : "false");
            default:
                return null;
        }
    }

    public static Literal Of(double value, TypeRef type) =>
        type.Scalar == ScalarType.Single ? new Literal(type, FormatSingle((float)value)) : new Literal(type, FormatDouble(value));

    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (double.Parse(text, CultureInfo.InvariantCulture) != value)
        {
            text = value.ToString("G17", CultureInfo.InvariantCulture);
        }

        if (value == 0 && BitConverter.DoubleToInt64Bits(value) != 0)
        {
            text = "-0.0";
        }

        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
    }

    public static string FormatSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (float.Parse(text, CultureInfo.InvariantCulture) != value)
        {
            text = value.ToString("G9", CultureInfo.InvariantCulture);
        }

        if (value == 0 && BitConverter.DoubleToInt64Bits(value) != 0)
        {
            text = "-0.0";
        }

        return text + "f";
    }
}
