using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// In a fused iteration, an adjoint that starts at zero and only one branch of an <c>if</c> adds to is still zero after
/// the other branch (or when an <c>if</c> without <c>else</c> is not taken). A later <c>v += w * e</c> that scales that adjoint <c>w</c> then adds zero there, so it moves
/// into the branch that sets <c>w</c>:
/// <c>double da = 0; if (c) { … } else { da += s; } … dr += da * sign;</c> becomes
/// <c>if (c) { … } else { da += s; dr += da * sign; }</c>. In the Huber term of a piecewise loss the sign of |r| is
/// then computed only where |r| is used, as in a hand-written gradient. What moves is a plain product: the other branch
/// would only have added 0 (or 0·∞, which the zero-adjoint convention counts as 0 anyway). It moves only when nothing
/// in between writes what it reads, or reads or overwrites what it adds to (adding to the same adjoint commutes).
/// Kink checks stay where they are, so the monitor counts the same hits.
/// </summary>
internal static class BranchOnlyAdjoints
{
    public static List<Stmt> Sink(List<Stmt> statements, Func<string, bool> isAdjoint)
    {
        var output = new List<Stmt>(statements);
        var zeroAtStart = new HashSet<string>(
            output.Select(static s => IrQueries.IsZeroDeclaration(s, out string name) ? name : string.Empty).Where(name => name.Length > 0 && isAdjoint(name)),
            StringComparer.Ordinal);
        for (int k = 0; k < output.Count; k++)
        {
            if (output[k] is not If branch || IrQueries.ContainsJump(branch))
            {
                continue;
            }

            for (int j = k + 1; j < output.Count; j++)
            {
                if (output[j] is not Assignment { Operator: AssignOperator.AddTo } accumulation
                    || ScaledAdjoint(accumulation.Value, zeroAtStart) is not { } adjoint
                    || WrittenBefore(output, k, adjoint))
                {
                    continue;
                }

                // A pullback's ref argument counts: it adds into that adjoint.
                bool inThen = IrQueries.AssignedNames(branch.Then).Contains(adjoint);
                bool inElse = branch.Else is not null && IrQueries.AssignedNames(branch.Else).Contains(adjoint);
                if (inThen == inElse)
                {
                    continue;
                }

                // The adjoint it adds to may be declared as zero in between: that declaration moves to the top of the
                // iteration, with the other zero adjoints (nothing before it can use the variable it declares).
                int declaration = output.FindIndex(k + 1, j - k - 1, statement => IrQueries.IsZeroDeclaration(statement, out string name)
                    && accumulation.Target is Variable target && name == target.Name);
                List<Stmt> between = output.GetRange(k + 1, j - k - 1);
                if (declaration >= 0)
                {
                    between.Remove(output[declaration]);
                }

                if (!CanMove(accumulation, between))
                {
                    continue;
                }

                Block arm = inThen ? branch.Then : branch.Else!;
                var statementsOfArm = new List<Stmt>(arm.Statements) { new Comment(adjoint + " is zero outside this branch: what it scales is added here"), accumulation };
                var moved = new Block(statementsOfArm.ToEquatableArray());
                branch = inThen ? branch with { Then = moved } : branch with { Else = moved };
                output[k] = branch;
                output.RemoveAt(j);
                j--;
                if (declaration >= 0)
                {
                    Stmt zeroDeclaration = output[declaration];
                    output.RemoveAt(declaration);
                    output.Insert(0, zeroDeclaration);
                    k++;
                }
            }
        }

        return output;
    }

    /// <summary>The zero-started adjoint a product scales, when it is one of the product's factors.</summary>
    private static string? ScaledAdjoint(Expr value, HashSet<string> zeroAtStart)
    {
        Expr product = value is Unary { Operator: UnaryOperator.Negate } negated ? negated.Operand : value;
        if (product is not Binary { Operator: BinaryOperator.Multiply } multiply)
        {
            return null;
        }

        foreach (Expr factor in new[] { multiply.Left, multiply.Right })
        {
            if (factor is Variable variable && zeroAtStart.Contains(variable.Name))
            {
                return variable.Name;
            }
        }

        return null;
    }

    /// <summary>Whether anything before the branch writes the adjoint besides its zero declaration.</summary>
    private static bool WrittenBefore(List<Stmt> statements, int branchIndex, string adjoint) =>
        statements.Take(branchIndex).Any(s => s is not Declaration && IrQueries.AssignedNames(s).Contains(adjoint));

    private static bool CanMove(Assignment accumulation, List<Stmt> between)
    {
        if (between.Any(FusedBranches.HasCallWithReferences))
        {
            return false;
        }

        (HashSet<string> betweenWrites, HashSet<string> betweenReads, HashSet<string> betweenSets) = FusedBranches.EffectsOf(between);

        var reads = new HashSet<string>(StringComparer.Ordinal);
        FusedBranches.AddReadsBesidesAccumulation(accumulation, reads);
        string target = IrQueries.RootName(accumulation.Target);
        return !reads.Overlaps(betweenWrites) && !betweenReads.Contains(target) && !betweenSets.Contains(target);
    }
}
