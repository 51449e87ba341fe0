using AdGen.Generator.Helpers;

namespace AdGen.Generator.Model;

/// <summary>An expression of AdGen's IR. Every node knows its type; children are equatable, so whole trees are.</summary>
internal abstract record Expr(TypeRef Type);

/// <summary>A literal, already spelled in invariant, round-trip C# (<c>2.5</c>, <c>0.5f</c>, <c>3</c>, <c>true</c>).</summary>
internal sealed record Literal(TypeRef Type, string Text) : Expr(Type);

/// <summary>A local variable or parameter, by its (unique within the method) name.</summary>
internal sealed record Variable(TypeRef Type, string Name) : Expr(Type);

/// <summary>A static field or property read, by its <c>global::</c>-qualified name. Always a constant for AD.</summary>
internal sealed record StaticMember(TypeRef Type, string QualifiedName) : Expr(Type);

/// <summary><c>sequence[index]</c>.</summary>
internal sealed record ElementAccess(TypeRef Type, Expr Sequence, Expr Index) : Expr(Type);

/// <summary><c>sequence.Length</c>.</summary>
internal sealed record LengthOf(Expr Sequence) : Expr(TypeRef.Int32);

/// <summary>A member of a value returned by a generated call, e.g. <c>call.Value</c>.</summary>
internal sealed record MemberAccess(TypeRef Type, Expr Target, string Member) : Expr(Type);

internal enum UnaryOperator
{
    Negate,
    LogicalNot,
    BitwiseNot,
}

internal sealed record Unary(TypeRef Type, UnaryOperator Operator, Expr Operand) : Expr(Type);

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    LogicalAnd,
    LogicalOr,
    BitwiseAnd,
    BitwiseOr,
    ExclusiveOr,
    LeftShift,
    RightShift,
}

internal sealed record Binary(TypeRef Type, BinaryOperator Operator, Expr Left, Expr Right) : Expr(Type);

/// <summary>An explicit conversion; the parser makes every implicit numeric conversion explicit too.</summary>
internal sealed record Cast(TypeRef Type, Expr Operand) : Expr(Type);

/// <summary><c>condition ? whenTrue : whenFalse</c> on non-floating values (floating ones become <c>if</c> statements).</summary>
internal sealed record Conditional(TypeRef Type, Expr Condition, Expr WhenTrue, Expr WhenFalse) : Expr(Type);

/// <summary>
/// A kink's slope chosen by the side of <see cref="Right"/> that <see cref="Left"/> is on: <see cref="WhenGreater"/>,
/// <see cref="WhenLess"/>, the rule's <see cref="WhenEqual"/> at the tie, and <see cref="WhenUnordered"/> when either is
/// NaN. Printed as a call of <c>AdGen.KinkRules.BySide</c>, which chooses with compare masks, not a branch the data
/// would make unpredictable.
/// </summary>
internal sealed record SideChoice(TypeRef Type, Expr Left, Expr Right, Expr WhenGreater, Expr WhenLess, Expr WhenEqual, Expr WhenUnordered) : Expr(Type);

internal enum ArgumentKind
{
    Value,
    Ref,
    Out,

    /// <summary><c>out double name</c>: the call declares the variable it writes.</summary>
    OutDeclaration,
}

internal sealed record Argument(Expr Value, ArgumentKind Kind = ArgumentKind.Value);

/// <summary>Where an intrinsic lives: System.Math (MathF for float) or AdGen.AdMath.</summary>
internal enum IntrinsicOwner
{
    Math,
    AdMath,
}

/// <summary>
/// A call of a math intrinsic (<c>Sin</c>, <c>Max</c>, <c>Relu</c>, ...). For a kinked primitive, <see cref="Rule"/>
/// is the value that the conservative rule uses at the kink (a literal, or a passive run-time expression), and
/// <see cref="SourceArguments"/> keeps the arguments as the user wrote them, for comments and kink reports.
/// </summary>
internal sealed record IntrinsicCall(
    TypeRef Type,
    string Name,
    EquatableArray<Expr> Arguments,
    SourceSpot Spot,
    IntrinsicOwner Owner = IntrinsicOwner.Math,
    Expr? Rule = null,
    EquatableArray<string> SourceArguments = default) : Expr(Type);

/// <summary>A call of another [Differentiable] method; derivatives call its generated members.</summary>
internal sealed record DifferentiableCall(TypeRef Type, CalleeModel Callee, EquatableArray<Expr> Arguments) : Expr(Type);

/// <summary>
/// A call of any other method by its qualified name: a non-floating computation in user code (passive), or a
/// runtime helper in generated code.
/// </summary>
internal sealed record PlainCall(TypeRef Type, string QualifiedName, EquatableArray<Argument> Arguments) : Expr(Type);

/// <summary>
/// A span over a sequence: the sequence itself when <see cref="Start"/> is null, else <c>sequence.Slice(start, length)</c>
/// (an array is converted to the span type first). <see cref="TypeRef.Shape"/> says whether it is read-only.
/// </summary>
internal sealed record SpanSlice(TypeRef Type, Expr Sequence, Expr? Start = null, Expr? Length = null) : Expr(Type);

/// <summary>The reductions of <c>System.Numerics.Tensors.TensorPrimitives</c> AdGen differentiates, by their names.</summary>
internal enum SpanReductionKind
{
    /// <summary>Σ x[k]·y[k].</summary>
    Dot,

    /// <summary>Σ x[k].</summary>
    Sum,

    /// <summary>Σ x[k]².</summary>
    SumOfSquares,
}

/// <summary>
/// A vectorised reduction of TensorPrimitives over spans or their slices, <c>TensorPrimitives.Dot(x, y)</c>: derivatives
/// call TensorPrimitives again (forward) or add multiples of the operands into their adjoints (reverse).
/// </summary>
/// <param name="IsGeneric">Whether the user called the generic overload (System.Numerics.Tensors 9 and later), which
/// generated code then calls with its type argument spelled out.</param>
internal sealed record SpanReduction(TypeRef Type, SpanReductionKind Kind, EquatableArray<SpanSlice> Operands, bool IsGeneric) : Expr(Type);

/// <summary>A new zeroed sequence: <c>new double[length]</c> or <c>stackalloc double[length]</c>.</summary>
internal sealed record NewSequence(TypeRef Type, Expr Length, bool IsStackAlloc) : Expr(Type);

/// <summary>A tuple literal, as forward mode returns <c>(value, tangent)</c>.</summary>
internal sealed record TupleLiteral(TypeRef Type, EquatableArray<Expr> Items) : Expr(Type);

/// <summary>A position in the user's source (one-based), kept for kink sites and comments.</summary>
internal sealed record SourceSpot(string File, int Line, int Column, LocationInfo? Location = null)
{
    public static readonly SourceSpot None = new(string.Empty, 0, 0);
}
