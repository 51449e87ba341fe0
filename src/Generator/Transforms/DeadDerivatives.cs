using System;
using System.Collections.Generic;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Removes derivative locals that nothing reads (a derivative that folded to zero, e.g. through x^0): C# would warn
/// that they are assigned and never used, and the reader has nothing to learn from them.
/// </summary>
internal static class DeadDerivatives
{
    public static EquatableArray<Stmt> Remove(EquatableArray<Stmt> statements, IEnumerable<Stmt> context, Func<string, bool> isDerivative)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in context)
        {
            IrQueries.AddReads(statement, reads);
        }

        return Filter(statements, name => isDerivative(name) && !reads.Contains(name));
    }

    /// <summary>
    /// Removes unread derivative locals from a body until none is left: removing one (a tangent that folded to zero)
    /// can leave the derivative it read unread in turn.
    /// </summary>
    public static EquatableArray<Stmt> RemoveAll(EquatableArray<Stmt> statements, Func<string, bool> isDerivative)
    {
        while (true)
        {
            EquatableArray<Stmt> next = Remove(statements, statements, isDerivative);
            if (next.Equals(statements))
            {
                return next;
            }

            statements = next;
        }
    }

    private static EquatableArray<Stmt> Filter(EquatableArray<Stmt> statements, Func<string, bool> isDead)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case Declaration declaration when isDead(declaration.Name):
                case Assignment { Target: Variable target, Operator: AssignOperator.Set } when isDead(target.Name):
                    break;
                case If or While or DoWhile or For:
                    output.Add(IrRewrites.WithBodies(statement, (inner, _) => Filter(inner, isDead)));
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output.ToEquatableArray();
    }
}
