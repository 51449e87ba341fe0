using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>Renames variables throughout a statement (reads, writes and declarations alike), or replaces them in an expression.</summary>
internal static class Renamer
{
    public static Stmt Rename(Stmt statement, IReadOnlyDictionary<string, string> renames) => statement switch
    {
        Declaration declaration => declaration with { Name = NameOf(declaration.Name, renames), Initializer = Rename(declaration.Initializer, renames) },
        Assignment assignment => assignment with { Target = Rename(assignment.Target, renames)!, Value = Rename(assignment.Value, renames)! },
        ExpressionStatement expression => expression with { Expression = Rename(expression.Expression, renames)! },
        Block block => RenameBlock(block, renames),
        If branch => branch with { Condition = Rename(branch.Condition, renames)!, Then = RenameBlock(branch.Then, renames), Else = branch.Else is null ? null : RenameBlock(branch.Else, renames) },
        While loop => loop with { Condition = Rename(loop.Condition, renames)!, Body = RenameBlock(loop.Body, renames) },
        DoWhile loop => loop with { Condition = Rename(loop.Condition, renames)!, Body = RenameBlock(loop.Body, renames) },
        For loop => loop with
        {
            Initializers = RenameAll(loop.Initializers, renames),
            Condition = Rename(loop.Condition, renames),
            Steps = RenameAll(loop.Steps, renames),
            Body = RenameBlock(loop.Body, renames),
        },
        Return ret => ret with { Value = Rename(ret.Value, renames) },
        ThrowIf check => check with { Condition = Rename(check.Condition, renames)! },
        KinkCheck kink => kink with { Condition = Rename(kink.Condition, renames)! },
        _ => statement,
    };

    public static Expr? Rename(Expr? expression, IReadOnlyDictionary<string, string> renames) =>
        Replace(expression, variable => renames.TryGetValue(variable.Name, out string? name) ? variable with { Name = name } : variable);

    /// <summary>The expression with each variable replaced by what <paramref name="replace"/> gives for it.</summary>
    public static Expr? Replace(Expr? expression, Func<Variable, Expr> replace) => expression switch
    {
        null => null,
        Variable variable => replace(variable),
        ElementAccess element => element with { Sequence = Replace(element.Sequence, replace)!, Index = Replace(element.Index, replace)! },
        LengthOf length => length with { Sequence = Replace(length.Sequence, replace)! },
        MemberAccess member => member with { Target = Replace(member.Target, replace)! },
        Unary unary => unary with { Operand = Replace(unary.Operand, replace)! },
        Binary binary => binary with { Left = Replace(binary.Left, replace)!, Right = Replace(binary.Right, replace)! },
        Cast cast => cast with { Operand = Replace(cast.Operand, replace)! },
        Conditional conditional => conditional with
        {
            Condition = Replace(conditional.Condition, replace)!,
            WhenTrue = Replace(conditional.WhenTrue, replace)!,
            WhenFalse = Replace(conditional.WhenFalse, replace)!,
        },
        SideChoice choice => choice with
        {
            Left = Replace(choice.Left, replace)!,
            Right = Replace(choice.Right, replace)!,
            WhenGreater = Replace(choice.WhenGreater, replace)!,
            WhenLess = Replace(choice.WhenLess, replace)!,
            WhenEqual = Replace(choice.WhenEqual, replace)!,
            WhenUnordered = Replace(choice.WhenUnordered, replace)!,
        },
        IntrinsicCall call => call with { Arguments = call.Arguments.Select(argument => Replace(argument, replace)!).ToEquatableArray(), Rule = Replace(call.Rule, replace) },
        DifferentiableCall call => call with { Arguments = call.Arguments.Select(argument => Replace(argument, replace)!).ToEquatableArray() },
        PlainCall call => call with { Arguments = call.Arguments.Select(argument => argument with { Value = Replace(argument.Value, replace)! }).ToEquatableArray() },
        NewSequence sequence => sequence with { Length = Replace(sequence.Length, replace)! },
        SpanSlice slice => ReplaceInSlice(slice, replace),
        SpanReduction reduction => reduction with { Operands = reduction.Operands.Select(operand => ReplaceInSlice(operand, replace)).ToEquatableArray() },
        TupleLiteral tuple => tuple with { Items = tuple.Items.Select(item => Replace(item, replace)!).ToEquatableArray() },
        _ => expression,
    };

    private static SpanSlice ReplaceInSlice(SpanSlice slice, Func<Variable, Expr> replace) =>
        slice with { Sequence = Replace(slice.Sequence, replace)!, Start = Replace(slice.Start, replace), Length = Replace(slice.Length, replace) };

    private static Block RenameBlock(Block block, IReadOnlyDictionary<string, string> renames) => new(RenameAll(block.Statements, renames));

    private static EquatableArray<Stmt> RenameAll(EquatableArray<Stmt> statements, IReadOnlyDictionary<string, string> renames) =>
        statements.Select(statement => Rename(statement, renames)).ToEquatableArray();

    private static string NameOf(string name, IReadOnlyDictionary<string, string> renames) =>
        renames.TryGetValue(name, out string? renamed) ? renamed : name;
}
