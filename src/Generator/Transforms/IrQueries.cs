using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>Read-only questions about IR: which names a statement writes, which an expression reads.</summary>
internal static class IrQueries
{
    public static IEnumerable<Stmt> Descendants(Stmt statement)
    {
        yield return statement;
        foreach (Block child in Children(statement))
        {
            foreach (Stmt inner in child.Statements)
            {
                foreach (Stmt descendant in Descendants(inner))
                {
                    yield return descendant;
                }
            }
        }
    }

    public static IEnumerable<Block> Children(Stmt statement)
    {
        switch (statement)
        {
            case Block block:
                yield return block;
                break;
            case If branch:
                yield return branch.Then;
                if (branch.Else is not null)
                {
                    yield return branch.Else;
                }

                break;
            case While loop:
                yield return loop.Body;
                break;
            case DoWhile loop:
                yield return loop.Body;
                break;
            case For loop:
                yield return new Block(loop.Initializers);
                yield return new Block(loop.Steps);
                yield return loop.Body;
                break;
        }
    }

    /// <summary>The names of variables and sequences written anywhere in a statement (element writes name the sequence).</summary>
    public static HashSet<string> AssignedNames(Stmt statement)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt inner in Descendants(statement))
        {
            switch (inner)
            {
                case Assignment { Target: var target }:
                    names.Add(RootName(target));
                    break;
                case Declaration declaration:
                    names.Add(declaration.Name);
                    break;
            }
        }

        return names;
    }

    /// <summary>The variable a target writes: the variable itself, or the sequence of an element.</summary>
    public static string RootName(Expr target) => target switch
    {
        Variable variable => variable.Name,
        ElementAccess { Sequence: Variable sequence } => sequence.Name,
        _ => string.Empty,
    };

    /// <summary>Every variable an expression reads (sequences of element reads included).</summary>
    public static void AddReads(Expr? expression, HashSet<string> reads)
    {
        foreach (Variable variable in Variables(expression))
        {
            reads.Add(variable.Name);
        }
    }

    /// <summary>Every variable node of an expression, with its type (sequences of element reads included).</summary>
    public static IEnumerable<Variable> Variables(Expr? expression)
    {
        var stack = new Stack<Expr>();
        if (expression is not null)
        {
            stack.Push(expression);
        }

        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case Variable variable:
                    yield return variable;
                    break;
                case ElementAccess element:
                    stack.Push(element.Index);
                    stack.Push(element.Sequence);
                    break;
                case LengthOf length:
                    stack.Push(length.Sequence);
                    break;
                case MemberAccess member:
                    stack.Push(member.Target);
                    break;
                case Unary unary:
                    stack.Push(unary.Operand);
                    break;
                case Binary binary:
                    stack.Push(binary.Right);
                    stack.Push(binary.Left);
                    break;
                case Cast cast:
                    stack.Push(cast.Operand);
                    break;
                case Conditional conditional:
                    stack.Push(conditional.WhenFalse);
                    stack.Push(conditional.WhenTrue);
                    stack.Push(conditional.Condition);
                    break;
                case IntrinsicCall call:
                    PushAll(stack, call.Arguments);
                    break;
                case DifferentiableCall call:
                    PushAll(stack, call.Arguments);
                    break;
                case PlainCall call:
                    PushAll(stack, call.Arguments.Select(static argument => argument.Value));
                    break;
                case NewSequence sequence:
                    stack.Push(sequence.Length);
                    break;
                case TupleLiteral tuple:
                    PushAll(stack, tuple.Items);
                    break;
            }
        }
    }

    private static void PushAll(Stack<Expr> stack, IEnumerable<Expr> expressions)
    {
        foreach (Expr expression in expressions.Reverse())
        {
            stack.Push(expression);
        }
    }

    public static HashSet<string> Reads(Expr? expression)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        AddReads(expression, reads);
        return reads;
    }

    /// <summary>Every variable read by a statement and everything inside it (targets' indices included).</summary>
    public static void AddReads(Stmt statement, HashSet<string> reads)
    {
        foreach (Stmt inner in Descendants(statement))
        {
            switch (inner)
            {
                case Declaration declaration:
                    AddReads(declaration.Initializer, reads);
                    break;
                case Assignment assignment:
                    AddReads(assignment.Value, reads);
                    if (assignment.Target is ElementAccess element)
                    {
                        AddReads(element.Index, reads);
                        AddReads(element.Sequence, reads);
                    }

                    if (assignment.Operator == AssignOperator.AddTo)
                    {
                        AddReads(assignment.Target, reads);
                    }

                    break;
                case ExpressionStatement expression:
                    AddReads(expression.Expression, reads);
                    break;
                case If branch:
                    AddReads(branch.Condition, reads);
                    break;
                case While loop:
                    AddReads(loop.Condition, reads);
                    break;
                case DoWhile loop:
                    AddReads(loop.Condition, reads);
                    break;
                case For loop:
                    AddReads(loop.Condition, reads);
                    break;
                case Return ret:
                    AddReads(ret.Value, reads);
                    break;
                case ThrowIf check:
                    AddReads(check.Condition, reads);
                    break;
                case KinkCheck kink:
                    AddReads(kink.Condition, reads);
                    break;
            }
        }
    }

    /// <summary>Whether a statement calls a method whose qualified name starts with the prefix (e.g. the tape's).</summary>
    public static bool CallsStartingWith(Stmt statement, string prefix)
    {
        foreach (Stmt inner in Descendants(statement))
        {
            Expr?[] expressions = inner switch
            {
                Declaration declaration => new[] { declaration.Initializer },
                Assignment assignment => new[] { assignment.Target, assignment.Value },
                ExpressionStatement expression => new[] { expression.Expression },
                If branch => new[] { branch.Condition },
                While loop => new[] { loop.Condition },
                DoWhile loop => new[] { loop.Condition },
                For loop => new[] { loop.Condition },
                Return ret => new[] { ret.Value },
                _ => Array.Empty<Expr?>(),
            };
            if (expressions.Any(expression => Calls(expression, prefix)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Calls(Expr? expression, string prefix) => expression switch
    {
        PlainCall call => call.QualifiedName.StartsWith(prefix, StringComparison.Ordinal) || call.Arguments.Any(argument => Calls(argument.Value, prefix)),
        ElementAccess element => Calls(element.Sequence, prefix) || Calls(element.Index, prefix),
        Unary unary => Calls(unary.Operand, prefix),
        Binary binary => Calls(binary.Left, prefix) || Calls(binary.Right, prefix),
        Cast cast => Calls(cast.Operand, prefix),
        Conditional conditional => Calls(conditional.Condition, prefix) || Calls(conditional.WhenTrue, prefix) || Calls(conditional.WhenFalse, prefix),
        IntrinsicCall call => call.Arguments.Any(argument => Calls(argument, prefix)),
        DifferentiableCall call => call.Arguments.Any(argument => Calls(argument, prefix)),
        _ => false,
    };

    /// <summary>True when the statement contains a break, continue or return that leaves it (or its loop).</summary>
    public static bool ContainsJump(Stmt statement)
    {
        foreach (Stmt inner in Descendants(statement))
        {
            if (inner is Break or Continue or Return)
            {
                return true;
            }
        }

        return false;
    }
}
