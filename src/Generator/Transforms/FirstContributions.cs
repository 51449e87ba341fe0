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
/// that nothing reads afterwards are dropped too. Both change no value but the sign of a zero derivative.
/// </summary>
internal static class FirstContributions
{
    public static EquatableArray<Stmt> Fold(EquatableArray<Stmt> statements, Func<string, bool> isAdjoint)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
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
}
