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

            // A call writes what it takes as out (a callee's gradient, its partials) or by reference (the adjoints a
            // pullback adds into); such calls are whole statements or initializers.
            foreach (PlainCall call in OwnExpressions(inner).OfType<PlainCall>())
            {
                foreach (Argument argument in call.Arguments)
                {
                    if (argument is { Kind: not ArgumentKind.Value, Value: Variable or ElementAccess })
                    {
                        names.Add(RootName(argument.Value));
                    }
                }
            }
        }

        return names;
    }

    /// <summary>
    /// What a statement may write: what it assigns, and the spans calls in it take (a pullback adds into the elements of
    /// its adjoint spans). <see cref="AssignedNames"/> leaves spans out: on the user's code a span argument is read.
    /// </summary>
    public static HashSet<string> MayWrite(Stmt statement)
    {
        HashSet<string> names = AssignedNames(statement);
        foreach (Expr expression in Descendants(statement).SelectMany(OwnExpressions).SelectMany(Subexpressions))
        {
            IEnumerable<Expr> spans = expression switch
            {
                PlainCall call => call.Arguments.Select(static a => a.Value),
                DifferentiableCall call => call.Arguments,
                _ => Enumerable.Empty<Expr>(),
            };
            names.UnionWith(spans.Where(static a => a.Type.IsSequence).SelectMany(Variables).Select(static v => v.Name));
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

    /// <summary>Whether a statement declares a variable as zero (<c>double da = 0.0;</c>), as adjoints start.</summary>
    public static bool IsZeroDeclaration(Stmt statement, out string name)
    {
        name = statement is Declaration { Initializer: Literal zero } declaration && ExprBuilder.IsZero(zero) ? declaration.Name : string.Empty;
        return name.Length > 0;
    }

    /// <summary>Every variable node of an expression, with its type (sequences of element reads included).</summary>
    public static IEnumerable<Variable> Variables(Expr? expression) => Subexpressions(expression).OfType<Variable>();

    /// <summary>
    /// The reads of an expression's operands that <paramref name="isOperand"/> accepts, one entry per read (x[i] is one
    /// operand: its index is not entered).
    /// </summary>
    public static List<Expr> OperandReads(Expr expression, Func<Expr, bool> isOperand) =>
        SubexpressionsEntering(expression, static e => e is not ElementAccess).Where(isOperand).ToList();

    /// <summary>An expression and all its subexpressions, in evaluation order (call arguments included).</summary>
    public static IEnumerable<Expr> Subexpressions(Expr? expression) => SubexpressionsEntering(expression, static _ => true);

    /// <summary>An expression and its subexpressions, in evaluation order, without the children of the nodes <paramref name="enter"/> rejects.</summary>
    public static IEnumerable<Expr> SubexpressionsEntering(Expr? expression, Func<Expr, bool> enter)
    {
        var stack = new Stack<Expr>();
        if (expression is not null)
        {
            stack.Push(expression);
        }

        while (stack.Count > 0)
        {
            Expr current = stack.Pop();
            yield return current;
            if (!enter(current))
            {
                continue;
            }

            switch (current)
            {
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
                case SideChoice choice:
                    PushAll(stack, new[] { choice.Left, choice.Right, choice.WhenGreater, choice.WhenLess, choice.WhenEqual, choice.WhenUnordered });
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
                case SpanSlice slice:
                    PushAll(stack, new[] { slice.Sequence, slice.Start, slice.Length }.OfType<Expr>());
                    break;
                case SpanReduction reduction:
                    PushAll(stack, reduction.Operands);
                    break;
                case TupleLiteral tuple:
                    PushAll(stack, tuple.Items);
                    break;
            }
        }
    }

    /// <summary>
    /// Whether evaluating an expression has no effect and gives the same value each time: arithmetic, comparisons,
    /// reads and rule-free intrinsic calls, no call with side effects, no allocation.
    /// </summary>
    public static bool IsPure(Expr expression) => Subexpressions(expression).All(static e =>
        e is Literal or Variable or StaticMember or LengthOf or ElementAccess or MemberAccess or Unary or Binary or Cast or Conditional or SideChoice
            or IntrinsicCall { Rule: null } or SpanSlice or SpanReduction);

    /// <summary>
    /// Whether evaluating a value has no effect and cannot throw, so that it may be computed elsewhere or not at all: pure
    /// (<see cref="IsPure"/>), and no element read or slice (an index out of range), no TensorPrimitives reduction
    /// (lengths that differ), no integer division (by zero), no Clamp (bounds in the wrong order). A length is allowed.
    /// </summary>
    public static bool CannotThrow(Expr expression) => IsPure(expression) && Subexpressions(expression).All(static e => e switch
    {
        ElementAccess or SpanSlice or SpanReduction => false,
        Binary { Operator: BinaryOperator.Divide or BinaryOperator.Remainder } division => division.Type.IsFloating,
        IntrinsicCall call => call.Name != "Clamp",
        _ => true,
    });

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
    public static HashSet<string> Reads(Stmt statement)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        AddReads(statement, reads);
        return reads;
    }

    /// <summary>Every variable read by a statement and everything inside it (targets' indices included).</summary>
    public static void AddReads(Stmt statement, HashSet<string> reads)
    {
        foreach (Stmt inner in Descendants(statement))
        {
            AddOwnReads(inner, reads);
        }
    }

    /// <summary>The variables a statement reads itself (a branch's or loop's condition, not its body).</summary>
    public static HashSet<string> OwnReads(Stmt statement)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        AddOwnReads(statement, reads);
        return reads;
    }

    private static void AddOwnReads(Stmt statement, HashSet<string> reads)
    {
        foreach (Expr expression in OwnExpressions(statement))
        {
            AddReads(expression, reads);
        }
    }

    /// <summary>
    /// The expressions a statement evaluates itself: a condition, a value, an element target (its sequence and index
    /// are read), and the target of <c>+=</c>; not the variable a plain assignment writes.
    /// </summary>
    public static IEnumerable<Expr> OwnExpressions(Stmt statement)
    {
        Expr? only = statement switch
        {
            Declaration declaration => declaration.Initializer,
            ExpressionStatement expression => expression.Expression,
            If branch => branch.Condition,
            While loop => loop.Condition,
            DoWhile loop => loop.Condition,
            For loop => loop.Condition,
            Return ret => ret.Value,
            ThrowIf check => check.Condition,
            KinkCheck kink => kink.Condition,
            _ => null,
        };
        if (only is not null)
        {
            yield return only;
        }

        if (statement is Assignment assignment)
        {
            yield return assignment.Value;
            if (assignment.Target is ElementAccess || assignment.Operator == AssignOperator.AddTo)
            {
                yield return assignment.Target;
            }
        }
    }

    /// <summary>Whether a statement or anything inside it reads or writes the variable.</summary>
    public static bool Mentions(Stmt statement, string name) => Reads(statement).Contains(name) || AssignedNames(statement).Contains(name);

    /// <summary>Whether a statement calls a method whose qualified name starts with the prefix (e.g. the tape's).</summary>
    public static bool CallsStartingWith(Stmt statement, string prefix) =>
        Descendants(statement).SelectMany(OwnExpressions).SelectMany(Subexpressions).OfType<PlainCall>()
            .Any(call => call.QualifiedName.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Whether the statement is or contains a loop.</summary>
    public static bool ContainsLoop(Stmt statement) => Descendants(statement).Any(static s => s is For or While or DoWhile);

    /// <summary>Whether the statement is a loop with no loop inside it.</summary>
    public static bool IsInnermostLoop(Stmt statement) =>
        statement is For or While or DoWhile && !Children(statement).Any(static block => block.Statements.Any(ContainsLoop));

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
