using System;
using System.Collections.Generic;
using System.Linq;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Grammar features of the random program generator. Each can be switched off on its own, so that a generator bug
/// in one construct does not stop the property from exercising all the others while the bug is being fixed.
/// </summary>
public enum Feature
{
    Branches,
    ElseIf,
    Ternaries,
    LogicalConditions,
    ForLoops,
    ReverseForLoops,
    WhileLoops,
    DoLoops,
    ForeachLoops,
    NestedLoops,
    Break,
    Continue,
    EarlyReturn,
    EarlyReturnInLoop,
    CompoundAssignment,
    IntCounters,
    IntsInExpressions,
    ConstLocals,
    StaticReadonly,
    LocalArrays,
    StackallocArrays,
    RuntimeLengthArrays,
    ElementCompoundAssignment,
    SpanParameters,
    ArrayParameters,
    NoDerivativeParameters,
    Calls,
    SequenceArgumentCalls,
    CallsInConditions,
    HelpersInOtherType,
    ExpressionBodies,
    StaticDoubleMath,
    TrickyNames,

    /// <summary>Passing a double[] or Span local where a ReadOnlySpan&lt;double&gt; parameter is expected (an implicit conversion).</summary>
    ArrayToSpanArguments,

    /// <summary>Methods whose result does not depend on any differentiable input (or only on some paths).</summary>
    InactiveResults,

    /// <summary>Local arrays declared after an early return.</summary>
    ArraysAfterEarlyReturn,

    /// <summary>+= and -= of a value that carries no derivative into a local that does.</summary>
    InactiveIncrements,

    /// <summary>Float twins of double programs (float parameters, locals, literals and MathF).</summary>
    FloatPrograms,

    /// <summary>In float programs, (float)Math.F((double)a): casts between float and double around a call.</summary>
    MixedPrecision,

    /// <summary>TensorPrimitives.Dot, Sum and SumOfSquares over sequences and their slices (Slice, AsSpan).</summary>
    TensorReductions,

    /// <summary>ReadOnlySpan&lt;double&gt; locals that view a slice of a sequence, at a constant or loop-dependent start.</summary>
    SpanViews,

    /// <summary>Functions with a derivative that folds to zero: Math.Pow(a, 0.0), Math.Floor, Math.Round, CopySign's sign.</summary>
    ZeroDerivatives,

    /// <summary>
    /// A last loop that only sums, then a factor of the inputs alone and often a helper call taking the sum, both in
    /// the result: the loop whose reverse sweep is fused, with the factor computed before it.
    /// </summary>
    ReductionTails,
}

/// <summary>Which features (and which Math functions) the generator may use.</summary>
public sealed class GeneratorSettings
{
    public static readonly IReadOnlyList<string> AllFunctions = new[]
    {
        "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Exp", "Log", "Log2Args",
        "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "PowConstantExponent", "PowConstantBase", "FusedMultiplyAdd",

        // Nonsmooth functions: random points are almost surely away from their kinks and jumps, where they are
        // smooth; points near one are skipped by the finite-difference smoothness test.
        "Abs", "Max", "Min", "Clamp", "Floor", "Round", "CopySign",
    };

    public HashSet<Feature> DisabledFeatures { get; } = new();

    public HashSet<string> DisabledFunctions { get; } = new(StringComparer.Ordinal);

    public bool Has(Feature feature) => !DisabledFeatures.Contains(feature);

    public bool HasFunction(string name) => !DisabledFunctions.Contains(name);

    public override string ToString() =>
        DisabledFeatures.Count == 0 && DisabledFunctions.Count == 0
            ? "all features enabled"
            : "disabled: " + string.Join(", ", DisabledFeatures.Select(static f => f.ToString()).Concat(DisabledFunctions.Select(static f => "Math." + f)));
}

public enum ParameterKind
{
    /// <summary>A differentiable double.</summary>
    Scalar,

    /// <summary>A double marked [NoDerivative].</summary>
    PassiveScalar,

    /// <summary>An int trip count in [0, MaxTripCount].</summary>
    Int,

    /// <summary>A differentiable ReadOnlySpan&lt;double&gt;.</summary>
    Span,

    /// <summary>A differentiable double[].</summary>
    Array,
}

/// <summary>A parameter of a program's entry method; sequences have the fixed length the checker passes.</summary>
public sealed record MainParameter(string Name, ParameterKind Kind, int Length)
{
    public bool IsSequence => Kind is ParameterKind.Span or ParameterKind.Array;

    public bool IsDifferentiable => Kind is ParameterKind.Scalar or ParameterKind.Span or ParameterKind.Array;
}

/// <summary>
/// One generated program: a partial class with [Differentiable] helpers and an entry method F, and a plain class
/// of adapters that call F, FGradient, FTangent and FPullback with flat arrays so the checker needs one delegate
/// per entry point: x holds the differentiable inputs (scalars, then sequence elements, in parameter order),
/// p the [NoDerivative] doubles, k the ints.
/// </summary>
public sealed record GeneratedProgram(
    int Index,
    string TypeName,
    string CheckTypeName,
    string Source,
    IReadOnlyList<MainParameter> Parameters,
    IReadOnlyCollection<Feature> UsedFeatures,
    IReadOnlyList<uint> Choices)
{
    /// <summary>For a float program, the double program it was written from (compiled in the same batch).</summary>
    public GeneratedProgram? Twin { get; init; }

    public bool IsFloat => Twin is not null;

    public const string Namespace = "AdGenProperties";

    public int DifferentiableCount => Parameters.Where(static p => p.IsDifferentiable).Sum(static p => p.IsSequence ? p.Length : 1);

    public int PassiveCount => Parameters.Count(static p => p.Kind == ParameterKind.PassiveScalar);

    public int IntCount => Parameters.Count(static p => p.Kind == ParameterKind.Int);

    public string SourceWithLineNumbers()
    {
        string[] lines = Source.Replace("\r\n", "\n").Split('\n');
        return string.Join("\n", lines.Select(static (line, i) => (i + 1).ToString().PadLeft(4) + "  " + line));
    }
}
