using System.Collections.Immutable;
using AdGen.Generator.Model;

namespace AdGen.Generator.Parsing;

/// <summary>The functions AdGen differentiates, by owner, name and arity.</summary>
internal static class Intrinsics
{
    private static readonly ImmutableDictionary<string, ImmutableArray<int>> MathArities = new (string Name, int[] Arity)[]
    {
        ("Sin", new[] { 1 }), ("Cos", new[] { 1 }), ("Tan", new[] { 1 }),
        ("Asin", new[] { 1 }), ("Acos", new[] { 1 }), ("Atan", new[] { 1 }), ("Atan2", new[] { 2 }),
        ("Sinh", new[] { 1 }), ("Cosh", new[] { 1 }), ("Tanh", new[] { 1 }),
        ("Exp", new[] { 1 }), ("Log", new[] { 1, 2 }), ("Log10", new[] { 1 }), ("Log2", new[] { 1 }),
        ("Sqrt", new[] { 1 }), ("Cbrt", new[] { 1 }), ("Pow", new[] { 2 }), ("FusedMultiplyAdd", new[] { 3 }),
        ("Abs", new[] { 1 }), ("Max", new[] { 2 }), ("Min", new[] { 2 }), ("Clamp", new[] { 3 }),
        ("Floor", new[] { 1 }), ("Ceiling", new[] { 1 }), ("Round", new[] { 1 }), ("Truncate", new[] { 1 }),
        ("CopySign", new[] { 2 }),
    }.ToImmutableDictionary(static e => e.Name, static e => e.Arity.ToImmutableArray());

    private static readonly ImmutableDictionary<string, ImmutableArray<int>> AdMathArities = new (string Name, int[] Arity)[]
    {
        ("Relu", new[] { 1, 2 }), ("LeakyRelu", new[] { 2, 3 }), ("HardTanh", new[] { 1, 2 }), ("Hinge", new[] { 1, 2 }),
        ("Abs", new[] { 2 }), ("Max", new[] { 3 }), ("Min", new[] { 3 }), ("Clamp", new[] { 4 }),
    }.ToImmutableDictionary(static e => e.Name, static e => e.Arity.ToImmutableArray());

    private static readonly ImmutableHashSet<string> MathOwners = ImmutableHashSet.Create("System.Math", "System.MathF", "double", "float");

    public const string AdMathOwner = "AdGen.AdMath";

    /// <summary>Whether a type is one of the owners of Math's functions (Math, MathF, double, float).</summary>
    public static bool IsMathOwner(string owner) => MathOwners.Contains(owner);

    /// <summary>How generated code calls <c>AdMath.StopGradient</c>, a passive call like any other but for its cost.</summary>
    public const string StopGradientQualifiedName = "global::" + AdMathOwner + ".StopGradient";

    /// <summary>Whether a call is <c>AdMath.StopGradient(x)</c>: its value is x, its derivative 0.</summary>
    public static bool IsStopGradient(string owner, string name, int arity) => owner == AdMathOwner && name == "StopGradient" && arity == 1;

    /// <summary>
    /// Math's functions with a singular point at the edge of their domain, where a partial is infinite and both modes
    /// take its product with a zero tangent or adjoint as 0 (docs/conservative-rules.md, "Singular points").
    /// </summary>
    public static bool IsSingularAtEdge(string name) => name is "Sqrt" or "Cbrt" or "Log" or "Log10" or "Log2" or "Asin" or "Acos" or "Pow";

    /// <summary>The type whose vectorised reductions (<see cref="SpanReductionKind"/>) AdGen differentiates.</summary>
    public const string TensorPrimitivesOwner = "System.Numerics.Tensors.TensorPrimitives";

    /// <summary>The reduction a call of TensorPrimitives is, if AdGen differentiates it: Dot(x, y), Sum(x), SumOfSquares(x).</summary>
    public static SpanReductionKind? SpanReductionOf(string owner, string name, int arity) => owner != TensorPrimitivesOwner ? null : (name, arity) switch
    {
        ("Dot", 2) => SpanReductionKind.Dot,
        ("Sum", 1) => SpanReductionKind.Sum,
        ("SumOfSquares", 1) => SpanReductionKind.SumOfSquares,
        _ => null,
    };

    public static IntrinsicOwner? OwnerOf(string owner, string name, int arity)
    {
        if (MathOwners.Contains(owner) && MathArities.TryGetValue(name, out ImmutableArray<int> arities) && arities.Contains(arity))
        {
            return IntrinsicOwner.Math;
        }

        if (owner == AdMathOwner && AdMathArities.TryGetValue(name, out arities) && arities.Contains(arity))
        {
            return IntrinsicOwner.AdMath;
        }

        return null;
    }
}
