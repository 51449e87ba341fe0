using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Replaces a reverse-sweep loop that only adds multiples of spans into adjoint spans,
/// <c>for (k = 783; k &gt;= 0; k--) dw[row + k] += dz * x[image + k];</c> (the adjoint of a dot product), by one
/// vectorised call per statement, <c>SpanMath.AddScaled(x.Slice(image, 784), dz, dw.Slice(row, 784))</c>. Each element
/// gets the same product and sum as in the loop, so the gradient is unchanged bit for bit. It applies when:
/// every statement adds into an element of an adjoint at the counter plus a fixed offset, each into its own adjoint;
/// the factor and the offsets do not change in the loop; and the sources are not among the adjoints written.
/// Runs last, on the printed sweeps, so that no other transform needs to understand the call.
/// </summary>
internal static class VectorizedAccumulation
{
    private const string AddScaled = "global::AdGen.SpanMath.AddScaled";
    private const string AddScalar = "global::AdGen.SpanMath.AddScalar";

    public static EquatableArray<Stmt> Apply(EquatableArray<Stmt> statements, Func<string, bool> isAdjoint) =>
        statements.SelectMany(statement => Rewrite(statement, isAdjoint)).ToEquatableArray();

    private static IEnumerable<Stmt> Rewrite(Stmt statement, Func<string, bool> isAdjoint)
    {
        if (statement is For loop && TryVectorize(loop, isAdjoint) is { } calls)
        {
            return calls;
        }

        return new[] { IrRewrites.WithBodies(statement, (inner, _) => Apply(inner, isAdjoint)) };
    }

    /// <summary>One accumulation of the loop: <c>target[offset + k] += scale * source[sourceOffset + k]</c>, source optional.</summary>
    private sealed record Accumulation(Variable Target, Expr Offset, Expr Scale, Variable? Source, Expr? SourceOffset);

    private static List<Stmt>? TryVectorize(For loop, Func<string, bool> isAdjoint)
    {
        if (Range(loop) is not var (counter, low, count))
        {
            return null;
        }

        var accumulations = new List<Accumulation>();
        foreach (Stmt statement in loop.Body.Statements)
        {
            if (statement is Comment)
            {
                continue;
            }

            if (AccumulationOf(statement, counter) is not { } accumulation || !isAdjoint(accumulation.Target.Name))
            {
                return null;
            }

            accumulations.Add(accumulation);
        }

        // Each adjoint written by one statement only (the loop's order of additions per element is then kept), no
        // source or factor that reads a written adjoint, and bounds that the loop does not change.
        var targets = new HashSet<string>(accumulations.Select(static a => a.Target.Name), StringComparer.Ordinal);
        if (accumulations.Count == 0
            || targets.Count != accumulations.Count
            || accumulations.Any(a => (a.Source is { } source && targets.Contains(source.Name))
                || IrQueries.Reads(a.Scale).Overlaps(targets)
                || IrQueries.Reads(a.Offset).Overlaps(targets)
                || (a.SourceOffset is { } sourceOffset && IrQueries.Reads(sourceOffset).Overlaps(targets)))
            || IrQueries.Reads(low).Overlaps(targets)
            || IrQueries.Reads(count).Overlaps(targets))
        {
            return null;
        }

        // A comment the loop carries (what it is the adjoint of) says more than the generic one.
        var calls = new List<Stmt>(loop.Body.Statements.OfType<Comment>());
        if (calls.Count == 0)
        {
            calls.Add(new Comment("the loop as vectorised calls, each adding a multiple of a span into an adjoint: the same sums, element by element"));
        }

        foreach (Accumulation accumulation in accumulations)
        {
            TypeRef element = accumulation.Target.Type.Element;
            SpanSlice destination = Slice(TypeRef.SequenceOf(element, Shape.Span), accumulation.Target, IntAdd(accumulation.Offset, low), count);
            EquatableArray<Argument> arguments = accumulation.Source is { } source
                ? EquatableArray.Of(
                    new Argument(Slice(TypeRef.SequenceOf(element, Shape.ReadOnlySpan), source, IntAdd(accumulation.SourceOffset!, low), count)),
                    new Argument(accumulation.Scale),
                    new Argument(destination))
                : EquatableArray.Of(new Argument(accumulation.Scale), new Argument(destination));
            string method = (accumulation.Source is null ? AddScalar : AddScaled) + "<" + element.Display + ">";
            calls.Add(new ExpressionStatement(new PlainCall(TypeRef.Boolean, method, arguments)));
        }

        if (IntValue(count) is int constant)
        {
            return constant > 0 ? calls : null;
        }

        if (IntValue(low) == 0 && count is LengthOf)
        {
            return calls;
        }

        // An empty range has no slice to take: the loop would not have run.
        return new List<Stmt> { new If(new Binary(TypeRef.Boolean, BinaryOperator.Greater, count, Int(0)), new Block(calls.ToEquatableArray()), null) };
    }

    /// <summary>The elements [start, start + count) of a sequence: the sequence itself when that is all of it.</summary>
    private static SpanSlice Slice(TypeRef type, Variable sequence, Expr start, Expr count) =>
        IntValue(start) == 0 && count is LengthOf { Sequence: Variable counted } && counted.Name == sequence.Name
            ? new SpanSlice(type, sequence)
            : new SpanSlice(type, sequence, start, count);

    /// <summary>The counter, first index and number of iterations of <c>for (int k = a; k &lt; b; k++)</c> or <c>for (int k = b; k &gt;= a; k--)</c>.</summary>
    private static (string Counter, Expr Low, Expr Count)? Range(For loop)
    {
        if (loop.Initializers.Count != 1
            || loop.Initializers[0] is not Declaration { Initializer: { } first } declaration
            || !Equals(declaration.Type, TypeRef.Int32)
            || loop.Condition is not Binary { Left: Variable left, Right: var bound } condition
            || left.Name != declaration.Name
            || loop.Steps.Count != 1
            || loop.Steps[0] is not Assignment { Target: Variable stepped, Value: Binary { Left: Variable from, Right: Literal { Text: "1" } } step, Operator: AssignOperator.Set }
            || stepped.Name != declaration.Name
            || from.Name != declaration.Name
            || !Equals(bound.Type, TypeRef.Int32)
            || IrQueries.Reads(bound).Contains(declaration.Name)
            || !IrQueries.IsPure(bound)
            || !IrQueries.IsPure(first))
        {
            return null;
        }

        (Expr Low, Expr Count)? range = (step.Operator, condition.Operator) switch
        {
            (BinaryOperator.Add, BinaryOperator.Less) => (first, IntSubtract(bound, first)),
            (BinaryOperator.Add, BinaryOperator.LessOrEqual) => (first, IntAdd(IntSubtract(bound, first), Int(1))),
            (BinaryOperator.Subtract, BinaryOperator.GreaterOrEqual) => (bound, IntAdd(IntSubtract(first, bound), Int(1))),
            (BinaryOperator.Subtract, BinaryOperator.Greater) => (IntAdd(bound, Int(1)), IntSubtract(first, bound)),
            _ => null,
        };
        if (range is not var (low, count))
        {
            return null;
        }

        return (declaration.Name, low, count);
    }

    private static Accumulation? AccumulationOf(Stmt statement, string counter)
    {
        if (statement is not Assignment { Operator: AssignOperator.AddTo, Target: ElementAccess { Sequence: Variable target } element } assignment
            || !target.Type.IsFloating
            || OffsetOf(element.Index, counter) is not { } offset)
        {
            return null;
        }

        Expr value = assignment.Value;
        bool negated = false;
        if (value is Unary { Operator: UnaryOperator.Negate } negation)
        {
            value = negation.Operand;
            negated = true;
        }

        Expr Scaled(Expr scale) => negated ? new Unary(scale.Type, UnaryOperator.Negate, scale) : scale;
        if (value is Binary { Operator: BinaryOperator.Multiply } product && Equals(product.Type, target.Type.Element))
        {
            foreach ((Expr scale, Expr other) in new[] { (product.Left, product.Right), (product.Right, product.Left) })
            {
                if (other is ElementAccess { Sequence: Variable source } read && Equals(source.Type.Element, target.Type.Element)
                    && OffsetOf(read.Index, counter) is { } sourceOffset && IsInvariant(scale, counter))
                {
                    return new Accumulation(target, offset, Scaled(scale), source, sourceOffset);
                }
            }
        }

        return Equals(value.Type, target.Type.Element) && IsInvariant(value, counter) ? new Accumulation(target, offset, Scaled(value), null, null) : null;
    }

    /// <summary>The offset of an index <c>k</c>, <c>o + k</c> or <c>k + o</c>, with o free of the counter.</summary>
    private static Expr? OffsetOf(Expr index, string counter) => index switch
    {
        Variable variable when variable.Name == counter => Int(0),
        Binary { Operator: BinaryOperator.Add, Right: Variable right } sum when right.Name == counter && IsInvariant(sum.Left, counter) => sum.Left,
        Binary { Operator: BinaryOperator.Add, Left: Variable left } sum when left.Name == counter && IsInvariant(sum.Right, counter) => sum.Right,
        _ => null,
    };

    /// <summary>A pure value that does not read the counter, with no element read (elements could be written by the loop).</summary>
    private static bool IsInvariant(Expr expression, string counter) =>
        IrQueries.IsPure(expression)
        && !IrQueries.Reads(expression).Contains(counter)
        && !IrQueries.Subexpressions(expression).Any(static e => e is ElementAccess or SpanSlice or SpanReduction);

}
