using AdGen.Generator.Helpers;

namespace AdGen.Generator.Model;

/// <summary>A statement of AdGen's IR.</summary>
internal abstract record Stmt;

/// <summary><c>type name = initializer;</c> (or a bare declaration).</summary>
internal sealed record Declaration(TypeRef Type, string Name, Expr? Initializer) : Stmt;

internal enum AssignOperator
{
    Set,
    AddTo,
}

/// <summary><c>target = value;</c> or, in generated adjoint code, <c>target += value;</c>.</summary>
internal sealed record Assignment(Expr Target, Expr Value, AssignOperator Operator = AssignOperator.Set) : Stmt;

/// <summary>A call for its effect (a pullback, a tape push).</summary>
internal sealed record ExpressionStatement(Expr Expression) : Stmt;

internal sealed record Block(EquatableArray<Stmt> Statements) : Stmt
{
    public static readonly Block Empty = new(EquatableArray<Stmt>.Empty);
}

/// <summary>
/// <c>if (condition) then else otherwise</c>. <see cref="Spot"/> and <see cref="ConditionText"/> are set for branches the
/// user wrote (if, ?:), which are kink sites when they compare differentiable values.
/// </summary>
internal sealed record If(Expr Condition, Block Then, Block? Else, SourceSpot? Spot = null, string? ConditionText = null) : Stmt;

internal sealed record While(Expr Condition, Block Body) : Stmt;

internal sealed record DoWhile(Block Body, Expr Condition) : Stmt;

/// <summary>
/// <c>for (init; condition; step) body</c>. <see cref="Counter"/> names the loop variable when the loop is
/// canonical (an int declared in the initializer, stepped by a constant in the step, never assigned in the body), which
/// lets reverse mode run the loop backwards instead of taping the counter.
/// </summary>
internal sealed record For(EquatableArray<Stmt> Initializers, Expr? Condition, EquatableArray<Stmt> Steps, Block Body, CanonicalCounter? Counter) : Stmt;

/// <summary>The counter of a canonical loop: its name, its first value and its constant step.</summary>
internal sealed record CanonicalCounter(string Name, Expr Start, int Step);

internal sealed record Break : Stmt;

internal sealed record Continue : Stmt;

internal sealed record Return(Expr? Value) : Stmt;

/// <summary>A comment line in generated code.</summary>
internal sealed record Comment(string Text) : Stmt;

/// <summary>A statement that throws <c>ArgumentException</c> when a condition holds (argument checks).</summary>
internal sealed record ThrowIf(Expr Condition, string ExceptionType, string Message, string ParameterName) : Stmt;

/// <summary>Counts a hit of a kink site when the kink monitor is on and the kink condition holds.</summary>
/// <param name="SiteAccess">How the code reaches the site: its static field, or a local holding it (null: the field).</param>
internal sealed record KinkCheck(Transforms.KinkSiteInfo Site, Expr Condition, string? SiteAccess = null) : Stmt;
