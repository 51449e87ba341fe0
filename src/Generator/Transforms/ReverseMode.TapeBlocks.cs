using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>Reverse mode: the values a loop tapes in every iteration, kept in one block of the tape each.</summary>
internal sealed partial class ReverseMode
{
    /// <summary>
    /// A loop whose trip count is known before it runs and whose every iteration tapes the same values (a push each
    /// at the top level of its body, popped at the top level of its reverse body, nothing else on the value stack in
    /// between) keeps each value in a block of the tape with a slot per iteration, written and read at the counter:
    /// one call before the loop instead of a push and a pop per iteration, each of which reads and writes the tape's
    /// fields. Rewrites the two bodies and adds the blocks' declarations before the loop in each sweep.
    /// </summary>
    /// <returns>The statement that pops the blocks, to follow the reverse loop, or null when the loop keeps its pushes.</returns>
    private Stmt? TapeInBlocks(For loop, ref List<Stmt> bodyForward, ref List<Stmt> bodyReverse, List<Stmt> forward, List<Stmt> reverse)
    {
        if (_tape is null || Iterations(loop) is not { } iterations)
        {
            return null;
        }

        List<Expr> pushed = bodyForward.Select(PushedValue).OfType<Expr>().ToList();
        List<Expr> popped = bodyReverse.Select(PoppedTarget).OfType<Expr>().ToList();

        // Pops come in the reverse order of the pushes; any other use of the value stack inside the loop, a push in a
        // branch or an inner loop, would interleave with the blocks' slots, and an inner loop's blocks would lie above
        // this loop's when its reverse sweep starts.
        popped.Reverse();
        if (pushed.Count == 0
            || !pushed.SequenceEqual(popped)
            || bodyForward.Any(statement => IrQueries.CallsStartingWith(statement, _tape + ".PushBlock"))
            || CountValueStackCalls(bodyForward) != pushed.Count
            || CountValueStackCalls(bodyReverse) != popped.Count)
        {
            return null;
        }

        CanonicalCounter counter = loop.Counter!;
        var at = new Variable(TypeRef.Int32, counter.Name);
        Expr slot = counter.Step > 0 ? IntSubtract(at, counter.Start) : IntSubtract(counter.Start, at);
        TypeRef blockType = TypeRef.SequenceOf(TypeRef.Double, Shape.Array);
        var forwardBlocks = new Queue<Variable>();
        var reverseBlocks = new Queue<Variable>();
        forward.Add(new Comment(pushed.Count == 1
            ? "the value of " + Describe(pushed[0]) + " before each iteration, in a block of the tape (a slot per iteration) instead of a push per iteration"
            : "the values of " + string.Join(", ", pushed.Select(Describe)) + " before each iteration, in a block of the tape each (a slot per iteration) instead of a push per iteration"));
        foreach (Expr value in pushed)
        {
            var block = new Variable(blockType, _names.Fresh(IrQueries.RootName(value) + "Taped"));
            forwardBlocks.Enqueue(block);
            forward.Add(new Declaration(blockType, block.Name, new PlainCall(blockType, _tape + ".PushBlock", EquatableArray.Of(new Argument(iterations)))));
        }

        // The last block pushed is on top; the reverse body restores its value first.
        int below = 0;
        foreach (Expr value in Enumerable.Reverse(pushed))
        {
            var block = new Variable(blockType, _names.Fresh(IrQueries.RootName(value) + "Taped"));
            reverseBlocks.Enqueue(block);
            reverse.Add(new Declaration(blockType, block.Name, new PlainCall(blockType, _tape + ".PeekBlock", EquatableArray.Of(new Argument(Int(below++))))));
        }

        bodyForward = bodyForward.Select(statement => PushedValue(statement) is { } value
            ? new Assignment(new ElementAccess(TypeRef.Double, forwardBlocks.Dequeue(), slot), Convert(value, TypeRef.Double)!)
            : statement).ToList();
        bodyReverse = bodyReverse.Select(statement => PoppedTarget(statement) is { } target
            ? new Assignment(target, Convert(new ElementAccess(TypeRef.Double, reverseBlocks.Dequeue(), slot), target.Type)!)
            : statement).ToList();
        return new ExpressionStatement(new PlainCall(TypeRef.Boolean, _tape + ".PopBlocks", EquatableArray.Of(new Argument(Int(pushed.Count)))));
    }

    /// <summary>The floating value a statement pushes on the tape, if it is such a push.</summary>
    private Expr? PushedValue(Stmt statement) => SavedBy(statement) is { Type: { IsFloating: true, IsScalar: true } } value ? value : null;

    /// <summary>What a statement restores from the tape, if it is a floating pop.</summary>
    private Expr? PoppedTarget(Stmt statement) =>
        statement is Assignment { Operator: AssignOperator.Set, Value: { Type.IsFloating: true } value } assignment && IsPop(value) ? assignment.Target : null;

    /// <summary>
    /// How many times a canonical loop with bounds that hold still runs, as a long (a negative count is none), or
    /// null for a form this does not count: <c>b − start</c> for <c>i &lt; b</c>, one more for <c>i &lt;= b</c>.
    /// </summary>
    private static Expr? Iterations(For loop)
    {
        CanonicalCounter counter = loop.Counter!;
        if (loop.Condition is not Binary { Left: Variable left } condition || left.Name != counter.Name || System.Math.Abs(counter.Step) != 1)
        {
            return null;
        }

        (Expr From, Expr To, bool Inclusive)? range = (counter.Step, condition.Operator) switch
        {
            (1, BinaryOperator.Less) => (counter.Start, condition.Right, false),
            (1, BinaryOperator.LessOrEqual) => (counter.Start, condition.Right, true),
            (-1, BinaryOperator.Greater) => (condition.Right, counter.Start, false),
            (-1, BinaryOperator.GreaterOrEqual) => (condition.Right, counter.Start, true),
            _ => null,
        };
        if (range is not (Expr from, Expr to, bool inclusive))
        {
            return null;
        }

        if (IntValue(from) is int first && IntValue(to) is int end)
        {
            long constant = (long)end - first + (inclusive ? 1 : 0);
            return constant == (int)constant ? Int((int)constant) : new Literal(TypeRef.Int64, constant.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // A length minus a constant plus one cannot wrap around; other counts are taken in long, so that none does.
        if (IntValue(from) == 0 && (!inclusive || to is Binary { Operator: BinaryOperator.Subtract, Left: LengthOf } && IntValue(((Binary)to).Right) > 0))
        {
            return inclusive ? IntAdd(to, Int(1)) : to;
        }

        Expr count = new Cast(TypeRef.Int64, to);
        if (IntValue(from) != 0)
        {
            count = new Binary(TypeRef.Int64, BinaryOperator.Subtract, count, from);
        }

        return inclusive ? new Binary(TypeRef.Int64, BinaryOperator.Add, count, new Literal(TypeRef.Int64, "1")) : count;
    }

    private static string Describe(Expr value) => value switch
    {
        ElementAccess { Index: Variable index } element => IrQueries.RootName(element) + "[" + index.Name + "]",
        ElementAccess element => IrQueries.RootName(element) + "[…]",
        _ => IrQueries.RootName(value),
    };

    /// <summary>Pushes and pops of the tape's value stack (floating values and longs) anywhere in the statements.</summary>
    private int CountValueStackCalls(List<Stmt> statements) => statements
        .SelectMany(IrQueries.Descendants)
        .SelectMany(IrQueries.OwnExpressions)
        .SelectMany(IrQueries.Subexpressions)
        .OfType<PlainCall>()
        .Count(call => call.QualifiedName == _tape + ".Push"
            ? call.Arguments[0].Value.Type.Scalar is ScalarType.Double or ScalarType.Single or ScalarType.Int64
            : call.QualifiedName.StartsWith(_tape + ".Pop", System.StringComparison.Ordinal) && call.Type.IsScalar
                && call.Type.Scalar is ScalarType.Double or ScalarType.Single or ScalarType.Int64);
}
