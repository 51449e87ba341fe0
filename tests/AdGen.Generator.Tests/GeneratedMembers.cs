using System;
using System.Linq;

namespace AdGen.Generator.Tests;

/// <summary>
/// Calls a compiled test program's method and its generated Gradient and Tangent by reflection, for methods whose
/// differentiable parameters are scalars that come first, with the data (arrays, counts) after them.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>f(point, data).</summary>
    public static double Value(Type type, string name, double[] point, object[] data) =>
        (double)type.GetMethod(name)!.Invoke(null, point.Cast<object>().Concat(data).ToArray())!;

    /// <summary>The gradient from <c>{name}Gradient</c>, whose out parameters follow the data.</summary>
    public static double[] Gradient(Type type, string name, double[] point, object[] data)
    {
        object?[] arguments = point.Cast<object?>().Concat(data).Concat(point.Select(static _ => (object?)null)).ToArray();
        type.GetMethod(name + "Gradient")!.Invoke(null, arguments);
        return arguments.Skip(point.Length + data.Length).Select(static g => (double)g!).ToArray();
    }

    /// <summary>The directional derivative from <c>{name}Tangent</c>, whose tangents follow the data.</summary>
    public static double Tangent(Type type, string name, double[] point, double[] direction, object[] data)
    {
        object result = type.GetMethod(name + "Tangent")!.Invoke(null, point.Cast<object>().Concat(data).Concat(direction.Cast<object>()).ToArray())!;
        return ((ValueTuple<double, double>)result).Item2;
    }
}
