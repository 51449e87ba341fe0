using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Prepares a body for reverse mode, which needs structured control flow to run backwards: <c>return v</c> becomes
/// an assignment to a result variable, and <c>break</c>, <c>continue</c> and returns from inside loops become flags
/// that guard the rest of the block and the loop condition. Guard clauses (<c>if (c) return a; rest</c>) are first
/// turned into <c>if/else</c>, so most methods need no flag at all; flags nobody reads are removed.
/// </summary>
internal sealed class ControlFlowNormalizer
{
    private readonly NameAllocator _names;
    private readonly Variable _result;
    private readonly List<string> _flags = new();
    private string? _returnFlag;

    private sealed class LoopFrame
    {
        public string? BreakFlag { get; set; }

        public string? ContinueFlag { get; set; }
    }

    private ControlFlowNormalizer(NameAllocator names, Variable result)
    {
        _names = names;
        _result = result;
    }

    /// <summary>Returns the normalized body, which declares and assigns <paramref name="result"/> instead of returning.</summary>
    public static Block Normalize(Block body, Variable result, NameAllocator names)
    {
        var normalizer = new ControlFlowNormalizer(names, result);
        List<Stmt> restructured = Restructure(body.Statements.ToList());
        (List<Stmt> statements, _) = normalizer.NormalizeList(restructured, null);

        var output = new List<Stmt> { new Declaration(result.Type, result.Name, Constant(0, result.Type)) };
        foreach (string flag in normalizer._flags)
        {
            output.Add(new Declaration(TypeRef.Boolean, flag, False));
        }

        output.AddRange(statements);
        var block = new Block(output.ToEquatableArray());

        // A flag that guards nothing (a return or continue already in tail position) is dropped with its writes.
        HashSet<string> reads = IrQueries.Reads(block);
        foreach (string flag in normalizer._flags)
        {
            if (!reads.Contains(flag))
            {
                block = RemoveWrites(block, flag);
            }
        }

        return block;
    }

    // ------------------------------------------------------------ guard clauses to if/else

    private static List<Stmt> Restructure(List<Stmt> statements)
    {
        var output = new List<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            Stmt statement = RestructureInside(statements[i]);
            if (statement is If branch && i < statements.Count - 1)
            {
                List<Stmt> rest = statements.Skip(i + 1).ToList();
                if (AlwaysJumps(branch.Then))
                {
                    var elseStatements = (branch.Else?.Statements.ToList() ?? new List<Stmt>()).Concat(rest).ToList();
                    output.Add(branch with { Else = new Block(Restructure(elseStatements).ToEquatableArray()) });
                    return output;
                }

                if (branch.Else is not null && AlwaysJumps(branch.Else))
                {
                    var thenStatements = branch.Then.Statements.Concat(rest).ToList();
                    output.Add(branch with { Then = new Block(Restructure(thenStatements).ToEquatableArray()) });
                    return output;
                }
            }

            output.Add(statement);
        }

        return output;
    }

    private static Stmt RestructureInside(Stmt statement) => statement switch
    {
        If branch => branch with { Then = RestructureBlock(branch.Then), Else = branch.Else is null ? null : RestructureBlock(branch.Else) },
        While loop => new While(loop.Condition, RestructureBlock(loop.Body)),
        DoWhile loop => new DoWhile(RestructureBlock(loop.Body), loop.Condition),
        For loop => loop with { Body = RestructureBlock(loop.Body) },
        _ => statement,
    };

    private static Block RestructureBlock(Block block) => new(Restructure(block.Statements.ToList()).ToEquatableArray());

    private static bool AlwaysJumps(Block block) => block.Statements.Count > 0 && block.Statements[block.Statements.Count - 1] switch
    {
        Return or Break or Continue => true,
        If { Else: { } elseBlock } branch => AlwaysJumps(branch.Then) && AlwaysJumps(elseBlock),
        _ => false,
    };

    // ------------------------------------------------------------ jumps to flags

    private (List<Stmt> Statements, HashSet<string> Flags) NormalizeList(IReadOnlyList<Stmt> statements, LoopFrame? loop)
    {
        var output = new List<Stmt>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < statements.Count; i++)
        {
            (List<Stmt> normalized, HashSet<string> set) = NormalizeStatement(statements[i], loop);
            output.AddRange(normalized);
            flags.UnionWith(set);
            if (set.Count > 0 && i < statements.Count - 1)
            {
                // What follows a statement that may jump runs only if it did not.
                (List<Stmt> rest, HashSet<string> restFlags) = NormalizeList(statements.Skip(i + 1).ToList(), loop);
                flags.UnionWith(restFlags);
                if (rest.Count > 0)
                {
                    output.Add(new If(NoneOf(set), new Block(rest.ToEquatableArray()), null));
                }

                break;
            }
        }

        return (output, flags);
    }

    private (List<Stmt> Statements, HashSet<string> Flags) NormalizeStatement(Stmt statement, LoopFrame? loop)
    {
        switch (statement)
        {
            case Return { Value: { } value }:
                _returnFlag ??= NewFlag("returned");
                return (new List<Stmt> { new Assignment(_result, value), new Assignment(Flag(_returnFlag), True) }, Set(_returnFlag));
            case Break when loop is not null:
                loop.BreakFlag ??= NewFlag("broken");
                return (new List<Stmt> { new Assignment(Flag(loop.BreakFlag), True) }, Set(loop.BreakFlag));
            case Continue when loop is not null:
                loop.ContinueFlag ??= NewFlag("continued");
                return (new List<Stmt> { new Assignment(Flag(loop.ContinueFlag), True) }, Set(loop.ContinueFlag));
            case If branch:
            {
                (List<Stmt> then, HashSet<string> thenFlags) = NormalizeList(branch.Then.Statements, loop);
                (List<Stmt>? otherwise, HashSet<string> elseFlags) = branch.Else is null
                    ? (null, new HashSet<string>())
                    : NormalizeList(branch.Else.Statements, loop);
                thenFlags.UnionWith(elseFlags);
                var normalized = branch with { Then = new Block(then.ToEquatableArray()), Else = otherwise is null ? null : new Block(otherwise.ToEquatableArray()) };
                return (new List<Stmt> { normalized }, thenFlags);
            }

            case While loopStatement:
                return NormalizeLoop(loopStatement.Condition, loopStatement.Body, isDoWhile: false);
            case DoWhile loopStatement:
                return NormalizeLoop(loopStatement.Condition, loopStatement.Body, isDoWhile: true);
            case For loopStatement:
                return NormalizeFor(loopStatement);
            default:
                return (new List<Stmt> { statement }, new HashSet<string>());
        }
    }

    private (List<Stmt>, HashSet<string>) NormalizeLoop(Expr condition, Block body, bool isDoWhile)
    {
        var frame = new LoopFrame();
        (List<Stmt> statements, HashSet<string> flags) = NormalizeList(body.Statements, frame);
        var output = new List<Stmt>();
        Expr guardedCondition = GuardCondition(condition, frame, flags, output);
        Block loopBody = WithContinueReset(statements, frame);
        output.Add(isDoWhile ? new DoWhile(loopBody, guardedCondition) : new While(guardedCondition, loopBody));
        return (output, OuterFlags(flags));
    }

    private (List<Stmt>, HashSet<string>) NormalizeFor(For loop)
    {
        var frame = new LoopFrame();
        (List<Stmt> statements, HashSet<string> flags) = NormalizeList(loop.Body.Statements, frame);
        if (frame.BreakFlag is null && (_returnFlag is null || !flags.Contains(_returnFlag)))
        {
            return (new List<Stmt> { loop with { Body = WithContinueReset(statements, frame) } }, OuterFlags(flags));
        }

        // Leaving early: the loop becomes a while whose condition checks the flags; the steps run only if it goes on.
        var output = new List<Stmt>(loop.Initializers);
        Expr guardedCondition = GuardCondition(loop.Condition ?? True, frame, flags, output);
        var exits = new HashSet<string>(StringComparer.Ordinal);
        if (frame.BreakFlag is not null)
        {
            exits.Add(frame.BreakFlag);
        }

        if (_returnFlag is not null && flags.Contains(_returnFlag))
        {
            exits.Add(_returnFlag);
        }

        var body = new List<Stmt>(WithContinueReset(statements, frame).Statements);
        if (loop.Steps.Count > 0)
        {
            body.Add(new If(NoneOf(exits), new Block(loop.Steps), null));
        }

        output.Add(new While(guardedCondition, new Block(body.ToEquatableArray())));
        return (output, OuterFlags(flags));
    }

    private Expr GuardCondition(Expr condition, LoopFrame frame, HashSet<string> flags, List<Stmt> before)
    {
        Expr guarded = condition;
        if (frame.BreakFlag is not null)
        {
            before.Add(new Assignment(Flag(frame.BreakFlag), False));
            guarded = new Binary(TypeRef.Boolean, BinaryOperator.LogicalAnd, Not(Flag(frame.BreakFlag)), guarded);
        }

        if (_returnFlag is not null && flags.Contains(_returnFlag))
        {
            guarded = new Binary(TypeRef.Boolean, BinaryOperator.LogicalAnd, Not(Flag(_returnFlag)), guarded);
        }

        return guarded;
    }

    private Block WithContinueReset(List<Stmt> statements, LoopFrame frame)
    {
        if (frame.ContinueFlag is null)
        {
            return new Block(statements.ToEquatableArray());
        }

        var body = new List<Stmt> { new Assignment(Flag(frame.ContinueFlag), False) };
        body.AddRange(statements);
        return new Block(body.ToEquatableArray());
    }

    /// <summary>Only a return leaves a loop's enclosing block; break and continue stay with their loop.</summary>
    private HashSet<string> OuterFlags(HashSet<string> flags) =>
        _returnFlag is not null && flags.Contains(_returnFlag) ? Set(_returnFlag) : new HashSet<string>();

    private string NewFlag(string stem)
    {
        string name = _names.Fresh(stem);
        _flags.Add(name);
        return name;
    }

    private static Variable Flag(string name) => new(TypeRef.Boolean, name);

    private static HashSet<string> Set(string flag) => new(StringComparer.Ordinal) { flag };

    private static Expr NoneOf(HashSet<string> flags)
    {
        Expr? any = null;
        foreach (string flag in flags.OrderBy(static f => f, StringComparer.Ordinal))
        {
            any = any is null ? Flag(flag) : new Binary(TypeRef.Boolean, BinaryOperator.LogicalOr, any, Flag(flag));
        }

        return any is Binary ? Not(any) : Not(any!);
    }

    private static Block RemoveWrites(Block block, string flag)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case Assignment { Target: Variable target } when target.Name == flag:
                case Declaration declaration when declaration.Name == flag:
                    break;
                case If branch:
                    output.Add(branch with { Then = RemoveWrites(branch.Then, flag), Else = branch.Else is null ? null : RemoveWrites(branch.Else, flag) });
                    break;
                case While loop:
                    output.Add(new While(loop.Condition, RemoveWrites(loop.Body, flag)));
                    break;
                case DoWhile loop:
                    output.Add(new DoWhile(RemoveWrites(loop.Body, flag), loop.Condition));
                    break;
                case For loop:
                    output.Add(loop with { Body = RemoveWrites(loop.Body, flag) });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return new Block(output.ToEquatableArray());
    }
}
