using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>Renames variables throughout a statement (reads, writes and declarations alike).</summary>
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

    public static Expr? Rename(Expr? expression, IReadOnlyDictionary<string, string> renames) => expression switch
    {
        null => null,
        Variable variable => renames.TryGetValue(variable.Name, out string? name) ? variable with { Name = name } : variable,
        ElementAccess element => element with { Sequence = Rename(element.Sequence, renames)!, Index = Rename(element.Index, renames)! },
        LengthOf length => length with { Sequence = Rename(length.Sequence, renames)! },
        MemberAccess member => member with { Target = Rename(member.Target, renames)! },
        Unary unary => unary with { Operand = Rename(unary.Operand, renames)! },
        Binary binary => binary with { Left = Rename(binary.Left, renames)!, Right = Rename(binary.Right, renames)! },
        Cast cast => cast with { Operand = Rename(cast.Operand, renames)! },
        Conditional conditional => conditional with
        {
            Condition = Rename(conditional.Condition, renames)!,
            WhenTrue = Rename(conditional.WhenTrue, renames)!,
            WhenFalse = Rename(conditional.WhenFalse, renames)!,
        },
        SideChoice choice => choice with
        {
            Left = Rename(choice.Left, renames)!,
            Right = Rename(choice.Right, renames)!,
            WhenGreater = Rename(choice.WhenGreater, renames)!,
            WhenLess = Rename(choice.WhenLess, renames)!,
            WhenEqual = Rename(choice.WhenEqual, renames)!,
            WhenUnordered = Rename(choice.WhenUnordered, renames)!,
        },
        IntrinsicCall call => call with { Arguments = call.Arguments.Select(argument => Rename(argument, renames)!).ToEquatableArray(), Rule = Rename(call.Rule, renames) },
        DifferentiableCall call => call with { Arguments = call.Arguments.Select(argument => Rename(argument, renames)!).ToEquatableArray() },
        PlainCall call => call with { Arguments = call.Arguments.Select(argument => argument with { Value = Rename(argument.Value, renames)! }).ToEquatableArray() },
        NewSequence sequence => sequence with { Length = Rename(sequence.Length, renames)! },
        SpanSlice slice => RenameSlice(slice, renames),
        SpanReduction reduction => reduction with { Operands = reduction.Operands.Select(operand => RenameSlice(operand, renames)).ToEquatableArray() },
        TupleLiteral tuple => tuple with { Items = tuple.Items.Select(item => Rename(item, renames)!).ToEquatableArray() },
        _ => expression,
    };

    private static SpanSlice RenameSlice(SpanSlice slice, IReadOnlyDictionary<string, string> renames) =>
        slice with { Sequence = Rename(slice.Sequence, renames)!, Start = Rename(slice.Start, renames), Length = Rename(slice.Length, renames) };

    private static Block RenameBlock(Block block, IReadOnlyDictionary<string, string> renames) => new(RenameAll(block.Statements, renames));

    private static EquatableArray<Stmt> RenameAll(EquatableArray<Stmt> statements, IReadOnlyDictionary<string, string> renames) =>
        statements.Select(statement => Rename(statement, renames)).ToEquatableArray();

    private static string NameOf(string name, IReadOnlyDictionary<string, string> renames) =>
        renames.TryGetValue(name, out string? renamed) ? renamed : name;
}
