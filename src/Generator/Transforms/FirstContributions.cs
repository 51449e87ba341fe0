using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Adjoint locals are declared as zero and then accumulated into. Where the first thing done with one, in the block that
/// declares it, is a contribution (<c>double dt = 0.0; …; dt += v;</c>), the two become one declaration
/// (<c>double dt = v;</c>): the JIT cannot drop the addition of zero itself, because 0.0 + (−0.0) is +0.0. Resets to zero
/// that nothing reads afterwards are dropped too, and an adjoint used by one branch statement only is declared in its
/// branches. None of this changes a value but the sign of a zero derivative.
/// </summary>
internal static class FirstContributions
{
    public static EquatableArray<Stmt> Fold(EquatableArray<Stmt> statements, Func<string, bool> isAdjoint)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in SinkIntoBranches(statements.ToList(), isAdjoint))
        {
            output.Add(IrRewrites.WithBodies(statement, (inner, _) => Fold(inner, isAdjoint)));
        }

        var declaredHere = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < output.Count; index++)
        {
            if (output[index] is not Declaration declaration || !isAdjoint(declaration.Name))
            {
                continue;
            }

            declaredHere.Add(declaration.Name);
            if (declaration.Initializer is not Literal zero || !ExprBuilder.IsZero(zero))
            {
                continue;
            }

            int first = output.FindIndex(index + 1, s => IrQueries.Mentions(s, declaration.Name));
            if (first >= 0
                && output[first] is Assignment { Target: Variable target, Operator: AssignOperator.AddTo } contribution
                && target.Name == declaration.Name
                && !IrQueries.Reads(contribution.Value).Contains(declaration.Name))
            {
                output[first] = new Declaration(declaration.Type, declaration.Name, contribution.Value);
                output.RemoveAt(index);
                index--;
            }
        }

        // A reset of a local declared in this block that nothing after it reads: the next iteration declares it again.
        for (int index = output.Count - 1; index >= 0; index--)
        {
            if (output[index] is Assignment { Target: Variable reset, Operator: AssignOperator.Set, Value: Literal value }
                && ExprBuilder.IsZero(value)
                && declaredHere.Contains(reset.Name)
                && !output.Skip(index + 1).Any(s => IrQueries.Mentions(s, reset.Name)))
            {
                output.RemoveAt(index);
            }
        }

        return output.ToEquatableArray();
    }

    /// <summary>
    /// An adjoint declared as zero that only one later branch statement uses, not in its condition, is declared in the
    /// branches that use it instead (each gets its own zero): there its first contribution can declare it.
    /// </summary>
    private static List<Stmt> SinkIntoBranches(List<Stmt> statements, Func<string, bool> isAdjoint)
    {
        for (int index = 0; index < statements.Count; index++)
        {
            if (!IrQueries.IsZeroDeclaration(statements[index], out string name) || !isAdjoint(name))
            {
                continue;
            }

            List<int> users = Enumerable.Range(index + 1, statements.Count - index - 1).Where(i => IrQueries.Mentions(statements[i], name)).ToList();
            if (users.Count != 1 || statements[users[0]] is not If branch || IrQueries.Reads(branch.Condition).Contains(name))
            {
                continue;
            }

            // A branch that only resets the adjoint would be left with a local it never reads (CS0219): keep it outside.
            if (new[] { branch.Then, branch.Else }.Any(block => block is not null && IrQueries.Mentions(block, name) && !IrQueries.Reads(block).Contains(name)))
            {
                continue;
            }

            Stmt declaration = statements[index];
            Block? DeclaredIn(Block? block) => block is not null && IrQueries.Mentions(block, name)
                ? new Block(new[] { declaration }.Concat<Stmt>(block.Statements).ToEquatableArray())
                : block;
            statements[users[0]] = branch with { Then = DeclaredIn(branch.Then)!, Else = DeclaredIn(branch.Else) };
            statements.RemoveAt(index);
            index--;
        }

        return statements;
    }
}
