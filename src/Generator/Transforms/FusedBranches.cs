using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// In a fused loop's iteration, moves the reverse sweep of a branch into the branch itself:
/// <c>if (c) { A } else { B } … if (c) { A' } else { B' }</c> becomes <c>if (c) { A; A' } else { B; B' }</c>. The
/// iteration then tests its condition once instead of twice, and each branch holds its own derivative, as in a
/// hand-written gradient. The move is made only when nothing between the two tests changes the condition or what the
/// branch's reverse sweep reads, and nothing there reads what it writes; adjoint additions to the same variable
/// commute (the sum may round differently in the last bit).
/// </summary>
internal static class FusedBranches
{
    /// <summary>The iteration's statements: its forward sweep, then its reverse sweep, with matching branches merged.</summary>
    public static List<Stmt> Merge(List<Stmt> forward, List<Stmt> reverse, Func<string, bool> isAdjoint, string comment)
    {
        forward = new List<Stmt>(forward);
        reverse = new List<Stmt>(reverse);

        // Adjoints declared as zero move to the top of the iteration when a merged branch adds to them.
        var zeroAdjoints = new HashSet<Stmt>(
            reverse.Where(s => IrQueries.IsZeroDeclaration(s, out string name) && isAdjoint(name)),
            ReferenceComparer.Instance);
        var hoisted = new HashSet<string>(StringComparer.Ordinal);
        for (int k = forward.Count - 1; k >= 0; k--)
        {
            if (forward[k] is not If forwardBranch)
            {
                continue;
            }

            int m = reverse.FindIndex(s => s is If candidate && Equals(candidate.Condition, forwardBranch.Condition));
            if (m < 0)
            {
                continue;
            }

            var reverseBranch = (If)reverse[m];
            List<Stmt> between = forward.Skip(k + 1).Concat(reverse.Take(m).Where(s => !zeroAdjoints.Contains(s))).ToList();
            if (!CanMove(forwardBranch, reverseBranch, between))
            {
                continue;
            }

            forward[k] = forwardBranch with
            {
                Then = Appended(forwardBranch.Then, reverseBranch.Then, comment),
                Else = reverseBranch.Else is null ? forwardBranch.Else : Appended(forwardBranch.Else ?? new Block(EquatableArray<Stmt>.Empty), reverseBranch.Else, comment),
            };
            reverse.RemoveAt(m);
            hoisted.UnionWith(IrQueries.Reads(reverseBranch));
            hoisted.UnionWith(IrQueries.AssignedNames(reverseBranch));
        }

        bool IsHoisted(Stmt statement) => zeroAdjoints.Contains(statement) && hoisted.Contains(((Declaration)statement).Name);
        List<Stmt> output = reverse.Where(IsHoisted).ToList();
        output.AddRange(forward);
        output.AddRange(reverse.Where(statement => !IsHoisted(statement)));
        return BranchOnlyAdjoints.Sink(output, isAdjoint);
    }

    private static Block Appended(Block forward, Block reverse, string comment)
    {
        if (reverse.Statements.Count == 0)
        {
            return forward;
        }

        var statements = new List<Stmt>(forward.Statements) { new Comment(comment) };
        statements.AddRange(reverse.Statements);
        return new Block(statements.ToEquatableArray());
    }

    private static bool CanMove(If forwardBranch, If reverseBranch, List<Stmt> between)
    {
        if (IrQueries.ContainsJump(forwardBranch) || !IsStraight(reverseBranch) || between.Any(HasCallWithReferences))
        {
            return false;
        }

        (HashSet<string> betweenWrites, HashSet<string> betweenReads, HashSet<string> betweenSets) = EffectsOf(between);

        // The condition holds the same value at both tests.
        HashSet<string> conditionReads = IrQueries.Reads(forwardBranch.Condition);
        if (conditionReads.Overlaps(betweenWrites) || conditionReads.Overlaps(IrQueries.AssignedNames(forwardBranch)))
        {
            return false;
        }

        // The branch's reverse sweep reads the same values earlier, and what it writes (its own locals aside) is
        // neither read nor overwritten in between: only added to, which commutes.
        var declaredInside = new HashSet<string>(IrQueries.Descendants(reverseBranch).OfType<Declaration>().Select(static d => d.Name), StringComparer.Ordinal);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        AddReadsBesidesAccumulation(reverseBranch, reads);
        reads.ExceptWith(declaredInside);
        HashSet<string> writes = IrQueries.AssignedNames(reverseBranch);
        writes.ExceptWith(declaredInside);
        var sets = new HashSet<string>(StringComparer.Ordinal);
        AddSets(reverseBranch, sets);
        sets.ExceptWith(declaredInside);
        return !reads.Overlaps(betweenWrites) && !writes.Overlaps(betweenReads) && !writes.Overlaps(betweenSets) && !sets.Overlaps(betweenWrites);
    }

    /// <summary>
    /// What statements between two places do to the variables code moved across them depends on: everything they
    /// write, what they read besides the variables they only add to, and what they write other than by adding.
    /// </summary>
    internal static (HashSet<string> Writes, HashSet<string> Reads, HashSet<string> Sets) EffectsOf(IEnumerable<Stmt> statements)
    {
        var writes = new HashSet<string>(StringComparer.Ordinal);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        var sets = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in statements)
        {
            writes.UnionWith(IrQueries.AssignedNames(statement));
            AddReadsBesidesAccumulation(statement, reads);
            AddSets(statement, sets);
        }

        return (writes, reads, sets);
    }

    /// <summary>Assignments and branches only: no loop, call (the tape's, a pullback) or jump.</summary>
    private static bool IsStraight(Stmt statement) =>
        IrQueries.Descendants(statement).All(static s => s is Assignment or Declaration or Comment or KinkCheck or If or Block)
        && !IrQueries.CallsStartingWith(statement, string.Empty);

    /// <summary>Whether a statement passes a variable by reference to a call, which may write it unseen.</summary>
    internal static bool HasCallWithReferences(Stmt statement) =>
        IrQueries.Descendants(statement).SelectMany(IrQueries.OwnExpressions).SelectMany(IrQueries.Subexpressions).OfType<PlainCall>()
            .Any(static call => call.Arguments.Any(static a => a.Kind == ArgumentKind.Ref));

    /// <summary>What a statement reads, except the variable an addition <c>v += e</c> adds to.</summary>
    internal static void AddReadsBesidesAccumulation(Stmt statement, HashSet<string> reads)
    {
        foreach (Stmt inner in IrQueries.Descendants(statement))
        {
            if (inner is Assignment { Operator: AssignOperator.AddTo } accumulation)
            {
                IrQueries.AddReads(accumulation.Value, reads);
                if (accumulation.Target is ElementAccess element)
                {
                    IrQueries.AddReads(element.Index, reads);
                }

                continue;
            }

            foreach (Expr expression in IrQueries.OwnExpressions(inner))
            {
                IrQueries.AddReads(expression, reads);
            }
        }
    }

    /// <summary>What a statement writes other than by addition: plain assignments and declarations.</summary>
    private static void AddSets(Stmt statement, HashSet<string> sets)
    {
        foreach (Stmt inner in IrQueries.Descendants(statement))
        {
            switch (inner)
            {
                case Assignment { Operator: AssignOperator.Set } assignment:
                    sets.Add(IrQueries.RootName(assignment.Target));
                    break;
                case Declaration declaration:
                    sets.Add(declaration.Name);
                    break;
            }
        }
    }
}
