using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// FGradient zeroes each gradient span, then adds into it: a clearing pass, then a load and a store per contribution.
/// A gradient written by hand stores each element once. The two agree when a single loop running forwards from 0 is
/// the only code that touches a span's adjoint, without jumps, and each iteration adds exactly once into each element
/// of its own block <c>[i, i + step)</c>: blocks of different iterations are disjoint, so each element's one
/// contribution can be stored instead of added. Only the elements after the last block still need zeroing. The rewritten
/// sweeps serve FGradient alone; FPullback keeps adding into its caller's adjoints.
/// </summary>
internal static class GradientOverwrite
{
    /// <summary>The reverse program for FGradient, and the gradient spans it writes instead of zeroing (empty: none).</summary>
    public static (ReverseProgram Program, IReadOnlyList<string> Overwritten) Apply(ReverseProgram program, MethodModel method, NameAllocator names)
    {
        List<Stmt> sweep = program.ReverseSweep.ToList();
        var spansByLoop = new Dictionary<int, List<Variable>>();
        foreach (ParameterModel parameter in method.Parameters.Where(static p => p.IsDifferentiable && p.Type.IsSequence))
        {
            string adjoint = names.Derivative(parameter.Name);
            if (program.Prologue.Concat(program.ForwardSweep).Any(s => IrQueries.Mentions(s, adjoint)))
            {
                continue;
            }

            List<int> touching = Enumerable.Range(0, sweep.Count).Where(i => IrQueries.Mentions(sweep[i], adjoint)).ToList();
            if (touching.Count == 1 && sweep[touching[0]] is For loop && CoversBlocks(loop, adjoint))
            {
                if (!spansByLoop.TryGetValue(touching[0], out List<Variable>? spans))
                {
                    spansByLoop.Add(touching[0], spans = new List<Variable>());
                }

                spans.Add(new Variable(parameter.Type, adjoint));
            }
        }

        if (spansByLoop.Count == 0)
        {
            return (program, Array.Empty<string>());
        }

        var output = new List<Stmt>();
        for (int index = 0; index < sweep.Count; index++)
        {
            if (spansByLoop.TryGetValue(index, out List<Variable>? spans))
            {
                output.AddRange(Overwrite((For)sweep[index], spans, names));
            }
            else
            {
                output.Add(sweep[index]);
            }
        }

        return (program with { ReverseSweep = output.ToEquatableArray() }, spansByLoop.Values.SelectMany(static s => s).Select(static span => span.Name).ToList());
    }

    /// <summary>
    /// The loop counts up from 0, never jumps out of an iteration, and its body's only mentions of the adjoint are
    /// top-level contributions <c>adjoint[i + k] += v</c> (v not reading the adjoint), one for each k in [0, step).
    /// </summary>
    private static bool CoversBlocks(For loop, string adjoint)
    {
        if (loop.Counter is not { Step: > 0 } counter || counter.Start is not Literal { Text: "0" } || IrQueries.ContainsJump(loop.Body))
        {
            return false;
        }

        var offsets = new HashSet<int>();
        foreach (Stmt statement in loop.Body.Statements.Where(s => IrQueries.Mentions(s, adjoint)))
        {
            if (statement is not Assignment { Operator: AssignOperator.AddTo, Target: ElementAccess { Sequence: Variable sequence, Index: var index } } contribution
                || sequence.Name != adjoint
                || IrQueries.Reads(contribution.Value).Contains(adjoint)
                || OffsetFrom(counter.Name, index) is not int offset
                || offset < 0 || offset >= counter.Step
                || !offsets.Add(offset))
            {
                return false;
            }
        }

        return offsets.Count == counter.Step;
    }

    /// <summary>k when the index is the counter plus the literal k (either order), 0 for the counter itself.</summary>
    private static int? OffsetFrom(string counter, Expr index) => index switch
    {
        Variable variable when variable.Name == counter => 0,
        Binary { Operator: BinaryOperator.Add, Left: Variable variable, Right: Literal literal } when variable.Name == counter => ParseInt(literal),
        Binary { Operator: BinaryOperator.Add, Left: Literal literal, Right: Variable variable } when variable.Name == counter => ParseInt(literal),
        _ => null,
    };

    private static int? ParseInt(Literal literal) =>
        int.TryParse(literal.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary>
    /// The loop with its contributions as stores, a marker of how far its blocks reached, and a loop that zeroes the
    /// rest. The rest is zeroed by a loop, not <c>Span.Clear</c>: a call after the loop would make the JIT keep the
    /// loop's floating locals in memory (every register is caller-saved).
    /// </summary>
    private static IEnumerable<Stmt> Overwrite(For loop, List<Variable> spans, NameAllocator names)
    {
        CanonicalCounter counter = loop.Counter!;
        string written = names.Fresh("written");
        var writtenVariable = new Variable(TypeRef.Int32, written);
        var counterVariable = new Variable(TypeRef.Int32, counter.Name);
        var stepLiteral = new Literal(TypeRef.Int32, counter.Step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = loop.Body.Statements
            .Select(s => s is Assignment { Target: ElementAccess { Sequence: Variable sequence } } contribution && spans.Any(span => span.Name == sequence.Name)
                ? contribution with { Operator = AssignOperator.Set }
                : s)
            .Append(new Assignment(writtenVariable, new Binary(TypeRef.Int32, BinaryOperator.Add, counterVariable, stepLiteral)))
            .ToEquatableArray();

        yield return new Comment(string.Join(", ", spans.Select(static span => span.Name)) + (spans.Count == 1 ? " is" : " are") + " stored, not added to: this loop alone writes "
            + (spans.Count == 1 ? "it" : "them") + ", each iteration its own block of elements, once");
        yield return new Declaration(TypeRef.Int32, written, new Literal(TypeRef.Int32, "0"));
        yield return loop with { Body = new Block(body) };
        foreach (Variable span in spans)
        {
            TypeRef element = span.Type.Element;
            string rest = names.Fresh("rest");
            var restVariable = new Variable(TypeRef.Int32, rest);
            yield return new Comment("zero the elements after the last block");
            yield return new For(
                EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, rest, writtenVariable)),
                new Binary(TypeRef.Boolean, BinaryOperator.Less, restVariable, new LengthOf(span)),
                EquatableArray.Of<Stmt>(new Assignment(restVariable, new Binary(TypeRef.Int32, BinaryOperator.Add, restVariable, new Literal(TypeRef.Int32, "1")))),
                new Block(EquatableArray.Of<Stmt>(new Assignment(new ElementAccess(element, span, restVariable), Parsing.LiteralFormatter.Of(0, element)))),
                null);
        }
    }
}
