using System.Collections.Immutable;

namespace AdGen.Generator.Parsing;

/// <summary>The math functions AdGen differentiates, by name and arity, as they appear on Math, MathF, double and float.</summary>
internal static class Intrinsics
{
    public static readonly ImmutableDictionary<string, ImmutableArray<int>> Arities = new (string Name, int[] Arity)[]
    {
        ("Sin", new[] { 1 }), ("Cos", new[] { 1 }), ("Tan", new[] { 1 }),
        ("Asin", new[] { 1 }), ("Acos", new[] { 1 }), ("Atan", new[] { 1 }), ("Atan2", new[] { 2 }),
        ("Sinh", new[] { 1 }), ("Cosh", new[] { 1 }), ("Tanh", new[] { 1 }),
        ("Exp", new[] { 1 }), ("Log", new[] { 1, 2 }), ("Log10", new[] { 1 }), ("Log2", new[] { 1 }),
        ("Sqrt", new[] { 1 }), ("Cbrt", new[] { 1 }), ("Pow", new[] { 2 }), ("FusedMultiplyAdd", new[] { 3 }),
    }.ToImmutableDictionary(static e => e.Name, static e => e.Arity.ToImmutableArray());

    /// <summary>Types whose static methods of these names are the intrinsics.</summary>
    public static readonly ImmutableHashSet<string> Owners = ImmutableHashSet.Create("System.Math", "System.MathF", "double", "float");

    public static bool IsIntrinsic(string owner, string name, int arity) =>
        Owners.Contains(owner) && Arities.TryGetValue(name, out ImmutableArray<int> arities) && arities.Contains(arity);
}
