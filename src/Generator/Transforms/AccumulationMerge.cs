using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Merges the adjoint contributions one block adds to the same target, <c>dx[i] -= a; …; dx[i] -= b;</c> into
/// <c>dx[i] -= a + b;</c>: one read-modify-write of memory instead of two, which the JIT cannot do itself (it must
/// assume that the spans may overlap). A later contribution moves up to the first when nothing in between changes
/// what it reads or reads the target; other contributions in between commute with it.
/// </summary>
internal static class AccumulationMerge
{
    public static List<Stmt> Apply(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            output.Add(Inner(statement));
        }

        for (int first = 0; first < output.Count; first++)
        {
            // Only elements: a scalar adjoint lives in a register, where two additions cost no more than one.
            if (output[first] is not Assignment { Operator: AssignOperator.AddTo, Target: ElementAccess } target || !target.Target.Type.IsFloating)
            {
                continue;
            }

            string root = IrQueries.RootName(target.Target);
            HashSet<string> targetReads = ReadsOfTarget(target.Target);
            for (int later = first + 1; later < output.Count; later++)
            {
                Stmt statement = output[later];
                if (statement is Assignment { Operator: AssignOperator.AddTo } other && Equals(other.Target, target.Target))
                {
                    HashSet<string> movedUp = IrQueries.Reads(other.Value);
                    movedUp.UnionWith(targetReads);
                    int between = later - first - 1;
                    if (!Enumerable.Range(first + 1, between).Any(k => Writes(output[k], movedUp)))
                    {
                        target = target with { Value = Combine(target.Value, other.Value) };
                        output[first] = target;
                        output.RemoveAt(later);
                        later--;
                        continue;
                    }

                    // Or the first contribution moves down to the later one, when what it reads holds still.
                    HashSet<string> movedDown = IrQueries.Reads(target.Value);
                    movedDown.UnionWith(targetReads);
                    if (!Enumerable.Range(first + 1, between).Any(k => Writes(output[k], movedDown)))
                    {
                        output[later] = other with { Value = Combine(target.Value, other.Value) };
                        output.RemoveAt(first);
                        first--;
                    }

                    break;
                }

                // Another contribution to the same sequence commutes; anything else that reads the target stops.
                if (ReadsRoot(statement, root))
                {
                    break;
                }
            }
        }

        return output;
    }

    /// <summary>a + b, keeping <c>-=</c> readable: −a − b is −(a + b).</summary>
    private static Expr Combine(Expr first, Expr second) => (first, second) switch
    {
        (Unary { Operator: UnaryOperator.Negate } a, Unary { Operator: UnaryOperator.Negate } b) => ExprBuilder.Negate(ExprBuilder.Add(a.Operand, b.Operand))!,
        (Unary { Operator: UnaryOperator.Negate } a, _) => ExprBuilder.Subtract(second, a.Operand)!,
        (_, Unary { Operator: UnaryOperator.Negate } b) => ExprBuilder.Subtract(first, b.Operand)!,
        _ => ExprBuilder.Add(first, second)!,
    };

    private static Stmt Inner(Stmt statement) => IrRewrites.WithBodies(statement, static (inner, _) => Apply(inner).ToEquatableArray());

    private static HashSet<string> ReadsOfTarget(Expr target)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        if (target is ElementAccess element)
        {
            IrQueries.AddReads(element.Index, reads);
        }

        return reads;
    }

    /// <summary>Whether a statement may change one of the names: by assignment, or through a call's ref argument.</summary>
    private static bool Writes(Stmt statement, HashSet<string> names) =>
        IrQueries.AssignedNames(statement).Overlaps(names) || IrQueries.Descendants(statement).Any(static inner => inner is not (Assignment or Declaration or Comment or KinkCheck or If or Block)
            && !(inner is ExpressionStatement { Expression: PlainCall call } && call.Arguments.All(static a => a.Kind == ArgumentKind.Value)));

    /// <summary>Whether a statement reads the target's variable or sequence other than by adding to an element of it.</summary>
    private static bool ReadsRoot(Stmt statement, string root)
    {
        if (statement is Assignment { Operator: AssignOperator.AddTo } accumulation && IrQueries.RootName(accumulation.Target) == root)
        {
            var reads = IrQueries.Reads(accumulation.Value);
            if (accumulation.Target is ElementAccess element)
            {
                IrQueries.AddReads(element.Index, reads);
            }

            return reads.Contains(root) || accumulation.Target is Variable;
        }

        return IrQueries.Reads(statement).Contains(root) || IrQueries.Descendants(statement).Any(static inner => inner is not (Assignment or Declaration or Comment or KinkCheck or If or Block or ExpressionStatement));
    }
}
