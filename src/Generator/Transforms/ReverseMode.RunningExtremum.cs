using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Reverse mode of a loop that only updates a running maximum or minimum, <c>m = Math.Max(m, x[i])</c>, without a tape.
/// Through each Max, by the rule of the site, m's adjoint passes on while m stays ahead (m ≥ x[i]), is split at a tie,
/// and goes wholly to x[i] where x[i] takes m over (m &lt; x[i], or a NaN). So it reaches only the element that last
/// took m over and the ties after it. After that element m keeps its final value, so the reverse sweep compares the
/// later elements with that value instead of popping each iteration's: the forward sweep records one index, not one
/// value per iteration, and the reverse sweep stops at that index, as a hand-written argmax does. The values are the
/// chain rule's, tie for tie.
/// </summary>
internal sealed partial class ReverseMode
{
    /// <param name="Update">The loop's one statement, <c>m = Math.Max(m, x[i])</c> (or Min).</param>
    /// <param name="Element">The element <c>x[i]</c>: of an input the method never assigns, at an index of the counter and such inputs.</param>
    private sealed record RunningExtremum(Assignment Update, Variable Extremum, IntrinsicCall Call, ElementAccess Element);

    /// <summary>The loop as a running extremum this reverse sweep handles, or null; decided in the trial pass.</summary>
    private RunningExtremum? AsRunningExtremum(For loop, int depth)
    {
        if (!_isTrial)
        {
            return _runningExtrema.TryGetValue(loop, out RunningExtremum? decided) ? decided : null;
        }

        // Only the extremum first: Math.Max(x[i], m) passes m's adjoint on at a NaN, where m's value changes. Below, a
        // take-over is !(m >= x[i]) (!(m <= x[i]) for Min), a NaN included, as DerivativeRules' flags decide it.
        if (depth > 0
            || loop.Counter is not { Step: 1 or -1 } counter
            || loop.Body.Statements.Count != 1
            || loop.Body.Statements[0] is not Assignment { Operator: AssignOperator.Set, Target: Variable extremum, Value: IntrinsicCall { Name: "Max" or "Min", Arguments.Count: 2 } call } update
            || !extremum.Type.IsFloating
            || !extremum.Type.IsScalar
            || !_activity.IsActive(extremum.Name)
            || _parameters.Contains(extremum.Name)
            || extremum.Name == _resultName
            || !Equals(call.Arguments[0], extremum)
            || call.Arguments[1] is not ElementAccess { Sequence: Variable sequence } element
            || !_activity.IsActive(element)
            || _assignedAnywhere.Contains(sequence.Name)
            || !IrQueries.IsPure(element.Index)
            || !IrQueries.Reads(element.Index).All(read => read == counter.Name || !_assignedAnywhere.Contains(read))
            || (call.Rule is not null && !IsStableAtReverse(call.Rule))
            // Weight 1 treats a NaN like a tie: m keeps its adjoint while its value turns NaN. The taped loop does that.
            || IsOne(call.Rule)
            || ReverseBoundsWithoutCount(loop) is null)
        {
            return null;
        }

        var running = new RunningExtremum(update, extremum, call, element);
        _runningExtrema[loop] = running;
        return running;
    }

    private (List<Stmt>, List<Stmt>) GenerateRunningExtremum(For loop, RunningExtremum running, bool topLevel)
    {
        CanonicalCounter counter = loop.Counter!;
        (Expr last, _) = ReverseBoundsWithoutCount(loop)!.Value;
        TypeRef type = running.Extremum.Type;
        var index = new Variable(TypeRef.Int32, counter.Name);
        bool isMax = running.Call.Name == "Max";
        bool up = counter.Step > 0;

        // The iteration before the first: "not taken over yet" (x.Length - 2 + 1 written x.Length - 1).
        Expr before = IntAdd(counter.Start, Int(-counter.Step));
        var takenAt = new Variable(TypeRef.Int32, _names.Fresh(running.Extremum.Name + "TakenAt"));
        var forward = new List<Stmt>();
        var reverse = new List<Stmt>();
        DeclareHere(forward, takenAt, before, topLevel);

        // m's value before the loop, for the reverse sweep of earlier statements that read it (the TBR analysis says).
        Variable? saved = null;
        if (_saves is null || _saves.Contains(loop))
        {
            saved = new Variable(type, _names.Fresh(running.Extremum.Name + "Before"));
            DeclareHere(forward, saved, running.Extremum, topLevel);
        }

        var body = new List<Stmt>();
        KinkCatalog.AddSiteStatements(ForwardMode.QualifiedName(_method), running.Call, body);
        Expr staysAhead = new Binary(TypeRef.Boolean, isMax ? BinaryOperator.GreaterOrEqual : BinaryOperator.LessOrEqual, running.Extremum, running.Element);
        body.Add(new Comment((isMax ? "a new maximum" : "a new minimum") + ": remember where, instead of taping " + running.Extremum.Name + " in every iteration"));
        body.Add(new If(Not(staysAhead), new Block(EquatableArray.Of<Stmt>(new Assignment(takenAt, index))), null));
        body.Add(running.Update);
        forward.Add(loop with { Body = new Block(body.ToEquatableArray()) });

        // Reverse: the ties after the last take-over share the adjoint by the rule; the take-over gets the rest.
        Expr adjoint = AdjointOf(running.Extremum);
        // The weights at a tie, as DerivativeRules gives them to Max's or Min's arguments: m's, then the element's.
        Expr weight = DerivativeRules.TieWeight(running.Call);
        Expr otherWeight = DerivativeRules.OtherWeight(weight);
        var tie = new List<Stmt>();
        if (Multiply(otherWeight, adjoint) is { } toElement)
        {
            tie.Add(new Assignment(AdjointOf(running.Element), toElement, AssignOperator.AddTo));
        }

        if (!IsOne(weight))
        {
            tie.Add(new Assignment(adjoint, Or0(Multiply(weight, adjoint), type)));
        }

        reverse.Add(new Comment(running.Extremum.Name + "'s adjoint goes to the element that last took it over and to the ties after it"));

        // With weight 1 a tie changes nothing: no loop over the ties.
        if (tie.Count > 0)
        {
            reverse.Add(new For(
                EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, counter.Name, last)),
                new Binary(TypeRef.Boolean, up ? BinaryOperator.Greater : BinaryOperator.Less, index, takenAt),
                EquatableArray.Of<Stmt>(new Assignment(index, new Binary(TypeRef.Int32, up ? BinaryOperator.Subtract : BinaryOperator.Add, index, Int(1)))),
                new Block(EquatableArray.Of<Stmt>(new If(Equal(running.Extremum, running.Element), new Block(tie.ToEquatableArray()), null))),
                null));
        }

        var takeOver = (ElementAccess)Renamer.Rename(running.Element, new Dictionary<string, string> { [counter.Name] = takenAt.Name })!;
        reverse.Add(new If(
            NotEqual(takenAt, before),
            new Block(EquatableArray.Of<Stmt>(
                new Assignment(AdjointOf(takeOver), adjoint, AssignOperator.AddTo),
                new Assignment(adjoint, Constant(0, type)))),
            null));
        if (saved is not null)
        {
            reverse.Add(new Assignment(running.Extremum, saved));
        }

        return (forward, reverse);
    }

    /// <summary>What the loop's reverse sweep reads, for the TBR analysis; m's old value is saved when one is required.</summary>
    private HashSet<string> TbrRunningExtremum(For loop, RunningExtremum running, HashSet<string> required, HashSet<Stmt> saves)
    {
        if (required.Contains(running.Extremum.Name))
        {
            saves.Add(loop);
        }

        var next = new HashSet<string>(required, StringComparer.Ordinal) { running.Extremum.Name };
        IrQueries.AddReads(running.Element, next);
        IrQueries.AddReads(running.Call.Rule, next);
        IrQueries.AddReads(loop.Counter!.Start, next);
        IrQueries.AddReads(loop.Condition, next);
        next.Remove(loop.Counter.Name);
        return next;
    }
}
