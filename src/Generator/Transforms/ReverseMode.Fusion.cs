using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>Reverse mode: the method body, and the fusion of the last loop's reverse sweep into its forward sweep.</summary>
internal sealed partial class ReverseMode
{
    /// <summary>
    /// The method body. When the last top-level loop only accumulates (every variable it writes is its own temporary
    /// or a sum, <c>s += e</c>, read nowhere else in it), no iteration's adjoints depend on another's, and when the
    /// adjoints of its sums are known before it runs (the code after it is linear in them, reading nothing the loop
    /// or that code computes), each iteration's reverse sweep runs right after its forward sweep: one pass over the
    /// data instead of two, with every value still at hand, as a hand-written gradient does.
    /// </summary>
    private (List<Stmt> Forward, List<Stmt> Reverse, bool Fused) GenerateTopLevel(Block body)
    {
        var parts = new List<(Stmt Statement, List<Stmt> Forward, List<Stmt> Reverse)>();
        foreach (Stmt statement in body.Statements)
        {
            (List<Stmt> f, List<Stmt> r) = GenerateStatement(statement, depth: 0, topLevel: true);
            parts.Add((statement, f, r));
        }

        var forward = new List<Stmt>();
        var reverse = new List<Stmt>();
        (int fused, HashSet<Stmt> deferred) = FindFusableLoop(body, parts);
        if (fused < 0)
        {
            foreach ((_, List<Stmt> f, List<Stmt> r) in parts)
            {
                forward.AddRange(f);
                reverse.InsertRange(0, r);
            }

            return (forward, reverse, false);
        }

        var loop = (For)parts[fused].Statement;
        (List<Stmt> loopForward, List<Stmt> loopReverse) = _topLevelLoopSweeps[loop];
        for (int i = 0; i < fused; i++)
        {
            forward.AddRange(parts[i].Forward);
        }

        for (int i = parts.Count - 1; i > fused; i--)
        {
            reverse.AddRange(parts[i].Reverse.Where(statement => !deferred.Contains(statement)));
        }

        // A temporary written once per iteration needs no saving: its reverse sweep runs while it still holds its value.
        // So is what the forward sweep records for the reverse sweep at the loop's own level (inner loops' counts), but
        // only when declared there: a count declared in a branch is out of scope where the reverse sweep reads it.
        var unsaved = new HashSet<string>(
            DeclaredInIteration(loop.Body.Statements).Where(d => _assignmentSites.TryGetValue(d.Name, out int sites) && sites == 1).Select(static d => d.Name),
            StringComparer.Ordinal);
        unsaved.UnionWith(loopForward.OfType<Declaration>().Select(static d => d.Name));
        List<Stmt> iterationReverse = WithoutSavesOf(loopReverse, unsaved);
        iterationReverse.Insert(0, new Comment("this iteration's reverse sweep, right away: no other iteration changes its adjoints"));
        List<Stmt> fusedBody = FusedBranches.Merge(WithoutSavesOf(loopForward, unsaved), iterationReverse, IsAdjointName, "this branch's reverse sweep, while its condition is at hand");
        reverse.Add(new Comment("the loop, each iteration followed by its reverse sweep"));
        reverse.Add(loop with { Body = new Block(fusedBody.ToEquatableArray()) });
        List<Stmt> rest = parts.Skip(fused + 1).SelectMany(static part => part.Forward).ToList();
        if (rest.Count > 0)
        {
            reverse.Add(new Comment("the rest of the forward sweep"));
            reverse.AddRange(rest);
        }

        if (deferred.Count > 0)
        {
            reverse.Add(new Comment("the reverse sweep of what follows the loop that reads the loop's results"));
            for (int i = parts.Count - 1; i > fused; i--)
            {
                reverse.AddRange(parts[i].Reverse.Where(deferred.Contains));
            }
        }

        List<Stmt> before = new();
        for (int i = fused - 1; i >= 0; i--)
        {
            before.AddRange(parts[i].Reverse);
        }

        if (before.Count > 0)
        {
            reverse.Add(new Comment("the reverse sweep of what ran before the loop"));
            reverse.AddRange(before);
        }

        return (forward, reverse, true);
    }

    /// <summary>
    /// Declarations after a last loop that only accumulates, whose values read nothing the loop or the code after it
    /// assigns (<c>double discount = Math.Exp(-rate * maturity)</c> before <c>return discount * sum / n</c>), move before
    /// the loop: they compute the same value there, and the loop's sums then get their adjoints from values known
    /// before it runs, so that its sweeps can be fused. Only what cannot throw moves (<see cref="IrQueries.CannotThrow"/>).
    /// </summary>
    private static Block DeclarationsBeforeLastLoop(Block body)
    {
        int last = LastLoop(body.Statements.ToList());
        if (last < 0 || body.Statements[last] is not For { Counter: not null } loop || !OnlyAccumulates(loop))
        {
            return body;
        }

        HashSet<string> assigned = IrQueries.AssignedNames(loop);
        var moved = new List<Stmt>();
        var stayed = new List<Stmt>();
        foreach (Stmt statement in body.Statements.Skip(last + 1))
        {
            if (statement is Declaration { Type.IsScalar: true, Initializer: { } value }
                && IrQueries.CannotThrow(value)
                && !IrQueries.Reads(value).Overlaps(assigned))
            {
                moved.Add(statement);
                continue;
            }

            stayed.Add(statement);
            assigned.UnionWith(IrQueries.AssignedNames(statement));
        }

        if (moved.Count == 0)
        {
            return body;
        }

        moved.Insert(0, new Comment("computed before the loop, which does not change what " + (moved.Count == 1 ? "it reads" : "they read") + ": the loop's sums then have their adjoints before it runs"));
        return new Block(body.Statements.Take(last).Concat(moved).Append(body.Statements[last]).Concat(stayed).ToEquatableArray());
    }

    /// <summary>The index of the last top-level statement that is or contains a loop, or -1.</summary>
    private static int LastLoop(List<Stmt> statements) => statements.FindLastIndex(IrQueries.ContainsLoop);

    /// <summary>The statements without the pushes and restores of the names, in branches too (not in nested loops).</summary>
    private List<Stmt> WithoutSavesOf(IEnumerable<Stmt> statements, HashSet<string> names)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            if (IsSaveOf(statement, names) || IsRestoreOf(statement, names))
            {
                continue;
            }

            output.Add(statement switch
            {
                If => IrRewrites.WithBodies(statement, (inner, _) => WithoutSavesOf(inner, names).ToEquatableArray()),

                // An inner loop's reverse counts down the forward sweep's own count, still in scope.
                For { Initializers.Count: 1 } loop when IsRestoreOf(loop.Initializers[0], names) => loop with { Initializers = EquatableArray<Stmt>.Empty },
                _ => statement,
            });
        }

        return output;
    }

    private bool IsSaveOf(Stmt statement, HashSet<string> names) => SavedBy(statement) is Variable saved && names.Contains(saved.Name);

    private bool IsRestoreOf(Stmt statement, HashSet<string> names) => statement switch
    {
        Assignment { Target: Variable restored } assignment => names.Contains(restored.Name) && IsPop(assignment.Value),
        Declaration { Initializer: { } initializer } declaration => names.Contains(declaration.Name) && IsPop(initializer),
        _ => false,
    };

    /// <summary>
    /// The index of the top-level loop whose sweeps can be fused, or -1, and the statements of the reverse sweep of the
    /// code after it that read the loop's results (the adjoint of a factor that multiplies a sum): those run after the
    /// fused loop, the others before it, to give the loop's sums their adjoints.
    /// </summary>
    private (int Index, HashSet<Stmt> Deferred) FindFusableLoop(Block body, List<(Stmt Statement, List<Stmt> Forward, List<Stmt> Reverse)> parts)
    {
        var deferred = new HashSet<Stmt>(ReferenceComparer.Instance);
        int candidate = LastLoop(parts.Select(static part => part.Statement).ToList());

        if (candidate < 0
            || parts[candidate].Statement is not For { Counter: not null } loop
            || !_topLevelLoopSweeps.ContainsKey(loop)
            || !OnlyAccumulates(loop)
            || SavesAnOuterValue(loop)
            || IrQueries.Descendants(body).Any(s => s is Declaration { Type.IsSequence: true } sequence && _activity.IsActive(sequence.Name)))
        {
            return (-1, deferred);
        }

        // What follows the loop must give its sums their adjoints from values that are already final; what reads the
        // loop's results waits for them, as long as it touches nothing the loop's sweeps read or write.
        var assignedFromLoopOn = new HashSet<string>(StringComparer.Ordinal);
        for (int i = candidate; i < parts.Count; i++)
        {
            assignedFromLoopOn.UnionWith(IrQueries.AssignedNames(parts[i].Statement));
            foreach (Stmt statement in parts[i].Forward)
            {
                assignedFromLoopOn.UnionWith(IrQueries.AssignedNames(statement));
            }
        }

        var laterReads = new HashSet<string>(StringComparer.Ordinal);
        var laterWrites = new HashSet<string>(StringComparer.Ordinal);
        for (int i = parts.Count - 1; i > candidate; i--)
        {
            foreach (Stmt statement in parts[i].Reverse)
            {
                if (UsesTape(statement))
                {
                    return (-1, deferred);
                }

                HashSet<string> reads = IrQueries.Reads(statement);
                HashSet<string> writes = IrQueries.MayWrite(statement);
                if (reads.Overlaps(assignedFromLoopOn) || reads.Overlaps(laterWrites) || writes.Overlaps(laterReads) || writes.Overlaps(laterWrites))
                {
                    deferred.Add(statement);
                    laterReads.UnionWith(reads);
                    laterWrites.UnionWith(writes);
                }
            }
        }

        if (deferred.Count > 0)
        {
            // They read the loop's results (final in both orders), but no adjoint its reverse sweep changes.
            (List<Stmt> loopForward, List<Stmt> loopReverse) = _topLevelLoopSweeps[loop];
            var loopNames = new HashSet<string>(StringComparer.Ordinal);
            var reverseWrites = new HashSet<string>(StringComparer.Ordinal);
            foreach (Stmt statement in loopForward.Concat(loopReverse))
            {
                IrQueries.AddReads(statement, loopNames);
                loopNames.UnionWith(IrQueries.MayWrite(statement));
            }

            loopReverse.ForEach(statement => reverseWrites.UnionWith(IrQueries.MayWrite(statement)));
            if (laterWrites.Overlaps(loopNames) || laterReads.Overlaps(reverseWrites))
            {
                return (-1, deferred);
            }
        }

        return (candidate, deferred);
    }

    /// <summary>
    /// Whether the loop saves a sum's old values for the reverse sweep of earlier code (x = exp(..); then x += ..
    /// in the loop: exp's adjoint reads x): restoring them inside a fused loop would undo the forward sweep.
    /// </summary>
    private bool SavesAnOuterValue(For loop)
    {
        var declaredInside = new HashSet<string>(IrQueries.Descendants(loop.Body).OfType<Declaration>().Select(static d => d.Name), StringComparer.Ordinal);
        return IrQueries.Descendants(loop.Body).Any(statement =>
            statement is Assignment { Target: Variable target } && !declaredInside.Contains(target.Name) && (!_sites.ContainsKey(statement) || _saves is null || _saves.Contains(statement)));
    }

    private bool UsesTape(Stmt statement) =>
        _tape is not null && IrQueries.CallsStartingWith(statement, _tape + ".");

    /// <summary>
    /// Whether every variable the loop writes is declared in its body (a temporary of one iteration) or a sum that
    /// only its own increments read, and it writes no element: then iterations exchange no adjoints.
    /// </summary>
    private static bool OnlyAccumulates(For loop)
    {
        // Variables declared in the body (the counters of inner loops too) are the iteration's own.
        var declaredInside = new HashSet<string>(IrQueries.Descendants(loop.Body).OfType<Declaration>().Select(static d => d.Name), StringComparer.Ordinal);
        var increments = new HashSet<Stmt>(ReferenceComparer.Instance);
        var sums = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in IrQueries.Descendants(loop.Body))
        {
            switch (statement)
            {
                case Assignment { Target: ElementAccess }:
                    return false;
                case Assignment { Target: Variable target } when declaredInside.Contains(target.Name):
                    break;
                case Assignment { Target: Variable target } assignment when IsIncrement(target, assignment.Value, out _, out _):
                    increments.Add(statement);
                    sums.Add(target.Name);
                    break;
                case Assignment:
                    return false;
            }
        }

        // A sum read anywhere but in its own increment carries a value, and so an adjoint, between iterations.
        foreach (Stmt statement in IrQueries.Descendants(loop.Body))
        {
            HashSet<string> reads = IrQueries.OwnReads(statement);
            if (statement is Assignment { Target: Variable self } && increments.Contains(statement))
            {
                reads.Remove(self.Name);
            }

            if (reads.Overlaps(sums))
            {
                return false;
            }
        }

        return true;
    }
}
