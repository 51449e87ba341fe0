using System;
using System.Linq;
using System.Reflection;

namespace AdGen.Generator.Tests.Rules;

/// <summary>Calls the generated Gradient and Tangent members of a loaded assembly by reflection (scalar parameters).</summary>
internal static class RuleInvoker
{
    /// <summary>The gradient from <c>{method}Gradient</c>; float methods are called with float arguments.</summary>
    public static double[] Gradient(Assembly assembly, string type, string method, params double[] at)
    {
        MethodInfo gradient = Find(assembly, type, method + "Gradient");
        bool single = gradient.ReturnType == typeof(float);
        object?[] arguments = at.Select(v => Box(v, single)).Concat(new object?[at.Length]).ToArray();
        gradient.Invoke(null, arguments);
        return arguments.Skip(at.Length).Select(static o => Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The Jacobian row from <c>{method}Tangent</c>, one call per unit direction.</summary>
    public static double[] Forward(Assembly assembly, string type, string method, params double[] at)
    {
        MethodInfo tangent = Find(assembly, type, method + "Tangent");
        bool single = tangent.GetParameters()[0].ParameterType == typeof(float);
        var row = new double[at.Length];
        for (int i = 0; i < at.Length; i++)
        {
            object?[] arguments = at.Select(v => Box(v, single)).Concat(at.Select((_, j) => Box(i == j ? 1.0 : 0.0, single))).ToArray();
            object result = tangent.Invoke(null, arguments)!;
            row[i] = Convert.ToDouble(result.GetType().GetField("Item2")!.GetValue(result), System.Globalization.CultureInfo.InvariantCulture);
        }

        return row;
    }

    private static MethodInfo Find(Assembly assembly, string type, string name) =>
        assembly.GetType(type)?.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException(type + "." + name + " was not generated");

    private static object Box(double value, bool single) => single ? (object)(float)value : value;
}
