using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>Reverse mode of loops: recomputation, taping, branch conditions evaluated again, bounds and counts.</summary>
internal sealed partial class ReverseMode
{
    /// <summary>
    /// Whether the reverse sweep can evaluate a branch condition again instead of taping its outcome: it reads only
    /// counters and per-iteration temporaries of the enclosing loops (recomputed or restored for each reverse
    /// iteration) and values the method never assigns. Decided in the trial pass, so the TBR analysis knows it.
    /// </summary>
    private bool IsRecomputableCondition(If branch)
    {
        if (!_isTrial)
        {
            return _recomputedConditions.Contains(branch);
        }

        if (!IrQueries.IsPure(branch.Condition)
            || !IrQueries.Reads(branch.Condition).All(read => !_assignedAnywhere.Contains(read) || _stableInLoops.Any(stable => stable.Contains(read))))
        {
            return false;
        }

        _recomputedConditions.Add(branch);
        return true;
    }

    /// <summary>
    /// Loop-body temporaries written once per iteration from values the loop does not change (the counter, inputs,
    /// earlier such temporaries) are recomputed at the start of each reverse iteration instead of being taped.
    /// A temporary that is an expensive call (exp, log, pow, trigonometry) is taped instead: a push and a pop cost
    /// less than a second evaluation. Its value is restored at the end of its reverse iteration, so at the start of
    /// the next one it holds that iteration's value, and cheap temporaries computed from it are still recomputed.
    /// </summary>
    private List<Stmt> FindRecomputable(Block body, string? counter, HashSet<string>? stable = null, HashSet<string>? restoredFirst = null)
    {
        HashSet<string> assignedInLoop = IrQueries.AssignedNames(body);
        var recomputable = new HashSet<string>(StringComparer.Ordinal);
        var taped = new HashSet<string>(StringComparer.Ordinal);
        var statements = new List<Stmt>();
        foreach (Stmt statement in body.Statements)
        {
            (string? name, TypeRef? type, Expr? value) = statement switch
            {
                Declaration { Initializer: { } initializer } declaration => (declaration.Name, declaration.Type, initializer),
                Assignment { Target: Variable target, Operator: AssignOperator.Set } assignment => (target.Name, target.Type, assignment.Value),
                _ => (null, null, null),
            };
            if (name is null || type is null || value is null || !type.IsScalar || value is DifferentiableCall
                || _parameters.Contains(name) || name == _resultName
                || !_assignmentSites.TryGetValue(name, out int sites) || sites != 1)
            {
                continue;
            }

            if (IrQueries.Reads(value).All(read => read == counter || recomputable.Contains(read) || taped.Contains(read) || !assignedInLoop.Contains(read)
                || (restoredFirst is not null && restoredFirst.Contains(read))))
            {
                stable?.Add(name);
                if (IsExpensive(value))
                {
                    taped.Add(name);
                    continue;
                }

                recomputable.Add(name);
                statements.Add(new Assignment(new Variable(type, name), value));
            }
        }

        return statements;
    }

    private void MarkRecomputed(List<Stmt> recomputable)
    {
        foreach (Stmt statement in recomputable)
        {
            _recomputed.Add(IrQueries.RootName(((Assignment)statement).Target));
        }
    }

    /// <summary>
    /// The temporaries a canonical loop's reverse iteration recomputes, and how many trailing statements update the
    /// loop's state (x += …; y += … after the stages of a time step) when the temporaries are recomputed from the
    /// state those updates restore (0 otherwise). Decided in the trial pass, so the TBR analysis sees the same.
    /// </summary>
    private (List<Stmt> Recomputable, int StateUpdates) RecomputableOf(For loop, HashSet<string>? stable)
    {
        string counter = loop.Counter!.Name;
        (int updates, HashSet<string> state) = TrailingStateUpdates(loop.Body);
        if (updates > 0 && (_isTrial ? !_recomputeAfterState.TryGetValue(loop, out bool known) || known : _recomputeAfterState.TryGetValue(loop, out bool decided) && decided))
        {
            List<Stmt> plain = FindRecomputable(loop.Body, counter);
            var afterState = new HashSet<string>(StringComparer.Ordinal);
            List<Stmt> fromState = FindRecomputable(loop.Body, counter, afterState, state);
            if (fromState.Count > plain.Count)
            {
                stable?.UnionWith(afterState);
                MarkRecomputed(fromState);
                return (fromState, updates);
            }

            if (_isTrial)
            {
                _recomputeAfterState[loop] = false;
            }
        }

        List<Stmt> recomputable = FindRecomputable(loop.Body, counter, stable);
        MarkRecomputed(recomputable);
        return (recomputable, 0);
    }

    /// <summary>The trailing assignments of a loop body to floating variables declared outside it and written nowhere else in it.</summary>
    private static (int Count, HashSet<string> State) TrailingStateUpdates(Block body)
    {
        var declaredInside = new HashSet<string>(IrQueries.Descendants(body).OfType<Declaration>().Select(static d => d.Name), StringComparer.Ordinal);
        int count = 0;
        var state = new HashSet<string>(StringComparer.Ordinal);
        for (int i = body.Statements.Count - 1; i > 0; i--)
        {
            if (body.Statements[i] is not Assignment { Target: Variable { Type.IsFloating: true, Type.IsScalar: true } target } || declaredInside.Contains(target.Name))
            {
                break;
            }

            state.Add(target.Name);
            count++;
        }

        var before = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in body.Statements.Take(body.Statements.Count - count))
        {
            before.UnionWith(IrQueries.AssignedNames(statement));
        }

        return count == 0 || before.Overlaps(state) ? (0, state) : (count, state);
    }

    /// <summary>
    /// Whether evaluating a value again could cost more than a push and a pop: an expensive intrinsic anywhere in it
    /// (a stopped value keeps its calls inside), a reduction over a span (as long as the span), or a call of user code,
    /// which may also not give the same value twice.
    /// </summary>
    private static bool IsExpensive(Expr value) => IrQueries.Subexpressions(value).Any(static e => e
        is IntrinsicCall
        {
            Owner: IntrinsicOwner.Math,
            Name: "Exp" or "Log" or "Log10" or "Log2" or "Pow" or "Sin" or "Cos" or "Tan" or "Asin" or "Acos" or "Atan" or "Atan2" or "Sinh" or "Cosh" or "Tanh" or "Cbrt",
        }
        or SpanReduction
        or DifferentiableCall
        or PlainCall { QualifiedName: not Parsing.Intrinsics.StopGradientQualifiedName });

    /// <summary>The recomputations a reverse iteration starts with: those whose values the reverse sweep reads.</summary>
    private List<Stmt> Recompute(List<Stmt> recomputable, List<Stmt> bodyReverse)
    {
        var recompute = new List<Stmt>();
        foreach (Stmt statement in recomputable)
        {
            // The trial pass keeps every recomputation, so that what they read counts as needed.
            if (statement is Assignment { Target: Variable target } && (_isTrial || _needed.Contains(target.Name)))
            {
                recompute.Add(statement);
            }
        }

        if (recompute.Count > 0)
        {
            recompute.Insert(0, new Comment("recompute this iteration's values instead of taping them"));
        }

        recompute.AddRange(bodyReverse);
        return recompute;
    }

    /// <summary>
    /// The adjoint of a variable declared in a loop body lives in one reverse iteration (it is zero again when the
    /// iteration's reverse sweep reaches the declaration): declared there, the JIT keeps it in a register instead of
    /// spilling a method-wide variable.
    /// </summary>
    private List<Stmt> DeclareIterationAdjoints(Block body, List<Stmt> bodyReverse)
    {
        if (bodyReverse.Count == 0)
        {
            return bodyReverse;
        }

        var declarations = new List<Stmt>();
        foreach (Declaration declaration in DeclaredInIteration(body.Statements))
        {
            if (declaration.Type.IsFloating && declaration.Type.IsScalar && _activity.IsActive(declaration.Name) && _iterationAdjoints.Add(declaration.Name))
            {
                declarations.Add(new Declaration(declaration.Type, AdjointName(declaration.Name), Constant(0, declaration.Type)));
            }
        }

        declarations.AddRange(bodyReverse);
        return declarations;
    }

    /// <summary>Declarations of one iteration: in the body and its branches, not in nested loops (theirs are theirs).</summary>
    private static IEnumerable<Declaration> DeclaredInIteration(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case Declaration declaration:
                    yield return declaration;
                    break;
                case If branch:
                    foreach (Declaration inner in DeclaredInIteration(branch.Then.Statements.Concat(branch.Else?.Statements ?? Enumerable.Empty<Stmt>())))
                    {
                        yield return inner;
                    }

                    break;
                case Block block:
                    foreach (Declaration inner in DeclaredInIteration(block.Statements))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private (List<Stmt>, List<Stmt>) GenerateLoop(int depth, bool topLevel, Func<string, Block, Stmt> makeLoop, Block body)
    {
        var stable = new HashSet<string>(StringComparer.Ordinal);
        List<Stmt> recomputable = FindRecomputable(body, counter: null, stable);
        MarkRecomputed(recomputable);
        _stableInLoops.Push(stable);
        (List<Stmt> bodyForward, List<Stmt> bodyReverse) = GenerateList(body.Statements, depth + 1, topLevel: false);
        _stableInLoops.Pop();
        bodyReverse = DeclareIterationAdjoints(body, bodyReverse);
        if (bodyReverse.Count > 0)
        {
            bodyReverse = Recompute(recomputable, bodyReverse);
        }

        if (bodyReverse.Count == 0)
        {
            return (new List<Stmt> { makeLoop(string.Empty, new Block(bodyForward.ToEquatableArray())) }, new List<Stmt>());
        }

        // Count the iterations so that the reverse sweep runs the reversed body as many times.
        string count = _names.Fresh("iterations");
        var countVariable = new Variable(TypeRef.Int32, count);
        var forward = new List<Stmt>();
        var counted = new List<Stmt> { Increment(countVariable) };
        counted.AddRange(bodyForward);
        Expr reverseStart;
        if (depth > 0 || topLevel)
        {
            forward.Add(new Declaration(TypeRef.Int32, count, Int(0)));
        }
        else
        {
            _prologue.Add(new Declaration(TypeRef.Int32, count, Int(0)));
        }

        forward.Add(makeLoop(count, new Block(counted.ToEquatableArray())));
        if (depth > 0)
        {
            forward.Add(Push(countVariable));
            reverseStart = Pop(TypeRef.Int32);
        }
        else
        {
            reverseStart = countVariable;
        }

        var reverseLoop = new For(
            depth > 0 ? EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, count, reverseStart)) : EquatableArray<Stmt>.Empty,
            new Binary(TypeRef.Boolean, BinaryOperator.Greater, countVariable, Int(0)),
            EquatableArray.Of<Stmt>(new Assignment(countVariable, new Binary(TypeRef.Int32, BinaryOperator.Subtract, countVariable, Int(1)))),
            new Block(bodyReverse.ToEquatableArray()),
            null);
        return (forward, new List<Stmt> { reverseLoop });
    }

    private (List<Stmt>, List<Stmt>) GenerateCanonicalFor(For loop, int depth, bool topLevel)
    {
        if (AsRunningExtremum(loop, depth) is { } running)
        {
            return GenerateRunningExtremum(loop, running, topLevel);
        }

        CanonicalCounter counter = loop.Counter!;
        var stable = new HashSet<string>(StringComparer.Ordinal) { counter.Name };
        (List<Stmt> recomputable, int stateUpdates) = RecomputableOf(loop, stable);
        _stableInLoops.Push(stable);
        bool newCounter = _enclosingCounters.Add(counter.Name);
        List<Stmt> bodyForward;
        List<Stmt> bodyReverse;
        List<Stmt> stateReverse = new();
        if (stateUpdates > 0)
        {
            // The state updates' reverse sweep restores the state first; the iteration's temporaries are then
            // recomputed from it (below), so that a time-stepping loop tapes its state, not every stage.
            int split = loop.Body.Statements.Count - stateUpdates;
            (bodyForward, bodyReverse) = GenerateList(loop.Body.Statements.Take(split).ToList(), depth + 1, topLevel: false);
            (List<Stmt> stateForward, stateReverse) = GenerateList(loop.Body.Statements.Skip(split).ToList(), depth + 1, topLevel: false);
            bodyForward.AddRange(stateForward);
            if (_isTrial)
            {
                // Only when the updates' own reverse sweep reads none of the recomputed temporaries.
                var reads = new HashSet<string>(StringComparer.Ordinal);
                stateReverse.ForEach(statement => IrQueries.AddReads(statement, reads));
                _recomputeAfterState[loop] = !recomputable.Any(r => reads.Contains(IrQueries.RootName(((Assignment)r).Target)));
            }
        }
        else
        {
            (bodyForward, bodyReverse) = GenerateList(loop.Body.Statements, depth + 1, topLevel: false);
        }

        _stableInLoops.Pop();
        if (newCounter)
        {
            _enclosingCounters.Remove(counter.Name);
        }

        // The iteration's adjoints are declared first, then the state updates are reversed (restoring the state),
        // then the temporaries are recomputed, then the rest is reversed.
        int rest = bodyReverse.Count;
        bodyReverse = DeclareIterationAdjoints(loop.Body, stateReverse.Concat(bodyReverse).ToList());
        if (topLevel)
        {
            _topLevelLoopSweeps[loop] = (new List<Stmt>(bodyForward), new List<Stmt>(bodyReverse));
        }

        if (bodyReverse.Count > 0)
        {
            int recomputeAt = bodyReverse.Count - rest;
            List<Stmt> tail = Recompute(recomputable, bodyReverse.Skip(recomputeAt).ToList());
            bodyReverse = bodyReverse.Take(recomputeAt).Concat(tail).ToList();
        }

        if (bodyReverse.Count == 0)
        {
            return (new List<Stmt> { loop with { Body = new Block(bodyForward.ToEquatableArray()) } }, new List<Stmt>());
        }

        if (ReverseBoundsWithoutCount(loop) is { } bounds)
        {
            // The bounds still hold at the reverse sweep: run the counter back from its last value, with no count.
            var forwardFromBounds = new List<Stmt>();
            var reverseBounds = new List<Stmt>();
            Stmt? popBlocks = TapeInBlocks(loop, ref bodyForward, ref bodyReverse, forwardFromBounds, reverseBounds);
            var reverseFromBounds = new For(
                EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, counter.Name, bounds.Last)),
                bounds.Condition,
                EquatableArray.Of<Stmt>(new Assignment(new Variable(TypeRef.Int32, counter.Name), new Binary(TypeRef.Int32, counter.Step > 0 ? BinaryOperator.Subtract : BinaryOperator.Add, new Variable(TypeRef.Int32, counter.Name), Int(1)))),
                new Block(bodyReverse.ToEquatableArray()),
                null);
            forwardFromBounds.Add(loop with { Body = new Block(bodyForward.ToEquatableArray()) });

            // A loop that restores taped values must run even when its adjoints are zero (it did pop them before).
            reverseBounds.Add(depth > 0 && popBlocks is null ? ZeroAdjointGuard.Apply(reverseFromBounds, reverseFromBounds.Body, IsAdjointName) : reverseFromBounds);
            AddIf(reverseBounds, popBlocks);
            return (forwardFromBounds, reverseBounds);
        }

        // Record where the counter started and how many iterations ran; the reverse loop counts back down.
        var forward = new List<Stmt>();
        var reverse = new List<Stmt>();
        string count = _names.Fresh(counter.Name + "Count");
        var countVariable = new Variable(TypeRef.Int32, count);
        Expr start = counter.Start;
        string? startName = null;
        if (start is not Literal)
        {
            startName = _names.Fresh(counter.Name + "Start");
            DeclareHere(forward, new Variable(TypeRef.Int32, startName), start, depth > 0 || topLevel);
            start = new Variable(TypeRef.Int32, startName);
        }

        DeclareHere(forward, countVariable, Int(0), depth > 0 || topLevel);

        var counted = new List<Stmt> { Increment(countVariable) };
        counted.AddRange(bodyForward);
        var initializer = new Declaration(TypeRef.Int32, counter.Name, start);
        forward.Add(new For(EquatableArray.Of<Stmt>(initializer), loop.Condition, loop.Steps, new Block(counted.ToEquatableArray()), counter));
        if (depth > 0)
        {
            if (startName is not null)
            {
                forward.Add(Push(new Variable(TypeRef.Int32, startName)));
            }

            forward.Add(Push(countVariable));
            reverse.Add(new Declaration(TypeRef.Int32, count, Pop(TypeRef.Int32)));
            if (startName is not null)
            {
                reverse.Add(new Declaration(TypeRef.Int32, startName, Pop(TypeRef.Int32)));
            }
        }

        // Forward: i = start, start + step, ...; reverse: the last value first, back to start.
        var index = new Variable(TypeRef.Int32, counter.Name);
        int stride = Math.Abs(counter.Step);
        Expr countMinusOne = new Binary(TypeRef.Int32, BinaryOperator.Subtract, countVariable, Int(1));
        Expr offset = stride == 1 ? countMinusOne : new Binary(TypeRef.Int32, BinaryOperator.Multiply, countMinusOne, Int(stride));
        Expr last = counter.Step == 1
            ? new Binary(TypeRef.Int32, BinaryOperator.Subtract, Sum(start, countVariable), Int(1))
            : new Binary(TypeRef.Int32, counter.Step > 0 ? BinaryOperator.Add : BinaryOperator.Subtract, start, offset);
        Expr stepBack = new Binary(TypeRef.Int32, counter.Step > 0 ? BinaryOperator.Subtract : BinaryOperator.Add, index, Int(stride));
        var reverseBody = new Block(bodyReverse.ToEquatableArray());
        // An inner loop runs once per outer iteration: skipping it when its adjoints are zero pays (inactive units).
        var reverseLoop = new For(
            EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, counter.Name, last)),
            new Binary(TypeRef.Boolean, counter.Step > 0 ? BinaryOperator.GreaterOrEqual : BinaryOperator.LessOrEqual, index, start),
            EquatableArray.Of<Stmt>(new Assignment(index, stepBack)),
            reverseBody,
            null);
        reverse.Add(depth > 0 ? ZeroAdjointGuard.Apply(reverseLoop, reverseBody, IsAdjointName) : reverseLoop);
        return (forward, reverse);
    }

    /// <summary>
    /// For a unit-step loop <c>i &lt; b</c> (<c>&lt;=</c>, or <c>&gt;</c>, <c>&gt;=</c> counting down) whose start and bound
    /// read only values that hold still until the reverse sweep: the counter's last value and the reverse condition.
    /// </summary>
    private (Expr Last, Expr Condition)? ReverseBoundsWithoutCount(For loop)
    {
        CanonicalCounter counter = loop.Counter!;
        if (Math.Abs(counter.Step) != 1
            || loop.Condition is not Binary { Left: Variable left } condition
            || left.Name != counter.Name
            || !IsStableAtReverse(condition.Right)
            || !IsStableAtReverse(counter.Start))
        {
            return null;
        }

        var index = new Variable(TypeRef.Int32, counter.Name);
        Expr bound = condition.Right;
        // b - 1 (b + 1 counting down) must not wrap around for an empty loop: clamp b to the start unless it is a
        // length or a constant that cannot wrap.
        int? constant = IntValue(bound);
        Expr Clamped(string function) => bound is LengthOf ? bound : new PlainCall(TypeRef.Int32, "global::System.Math." + function, EquatableArray.Of(new Argument(bound), new Argument(counter.Start)));
        Expr? last = (counter.Step, condition.Operator) switch
        {
            (1, BinaryOperator.Less) => constant is int below && below > int.MinValue
                ? Int(below - 1)
                : new Binary(TypeRef.Int32, BinaryOperator.Subtract, Clamped("Max"), Int(1)),
            (1, BinaryOperator.LessOrEqual) => bound,
            (-1, BinaryOperator.Greater) => constant is int above && above < int.MaxValue
                ? Int(above + 1)
                : new Binary(TypeRef.Int32, BinaryOperator.Add, Clamped("Min"), Int(1)),
            (-1, BinaryOperator.GreaterOrEqual) => bound,
            _ => null,
        };
        if (last is null || !Equals(bound.Type, TypeRef.Int32))
        {
            return null;
        }

        return (last, new Binary(TypeRef.Boolean, counter.Step > 0 ? BinaryOperator.GreaterOrEqual : BinaryOperator.LessOrEqual, index, counter.Start));
    }

    /// <summary>A pure expression over values the method never assigns, counters and recomputed temporaries of the enclosing loops.</summary>
    private bool IsStableAtReverse(Expr expression) =>
        IrQueries.IsPure(expression)
        && IrQueries.Reads(expression).All(read => !_assignedAnywhere.Contains(read) || (_stableInLoops.Any(stable => stable.Contains(read)) && (_recomputed.Contains(read) || _enclosingCounters.Contains(read))));

    /// <summary>
    /// Declares a variable the forward sweep sets and the reverse sweep reads: where it is set, or, when the reverse
    /// sweep is outside that block, in the prologue, set by an assignment.
    /// </summary>
    private void DeclareHere(List<Stmt> forward, Variable variable, Expr value, bool here)
    {
        if (here)
        {
            forward.Add(new Declaration(variable.Type, variable.Name, value));
            return;
        }

        _prologue.Add(new Declaration(variable.Type, variable.Name, DefaultOf(variable.Type)));
        forward.Add(new Assignment(variable, value));
    }

    private static Expr Sum(Expr start, Expr count) => start is Literal { Text: "0" } ? count : new Binary(TypeRef.Int32, BinaryOperator.Add, start, count);
}
