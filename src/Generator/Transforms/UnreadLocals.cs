using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Scalar locals that nothing reads, whose values are pure: their declarations and assignments go. They carry no
/// derivative anywhere, and the lowering may turn them into a warning the user's code does not have: the user's
/// <c>double v = u &lt; 0 ? 1.5 : -2.0;</c> compiles cleanly, but lowered to <c>if (u &lt; 0) v = 1.5; else v = -2.0;</c>
/// every assignment is a constant, and a local assigned only constants and never read is CS0219 (an error under
/// warnings as errors). Branch conditions stay, with their kink checks; so do values with effects (calls of other
/// [Differentiable] methods, kinked primitives), and values that may throw (an element read out of range), since the
/// derivatives must throw where the method does.
/// </summary>
internal static class UnreadLocals
{
    /// <summary>
    /// Repeated until nothing changes: dropping <c>v = -choice;</c> leaves <c>choice</c> unread in turn, and dropping
    /// <c>v = Math.Atan(c - 1.0);</c> leaves an <c>int c = 2;</c> that would be CS0219 in its turn.
    /// </summary>
    public static Block Remove(Block body)
    {
        while (true)
        {
            Block smaller = RemoveOnce(body);
            if (ReferenceEquals(smaller, body))
            {
                return body;
            }

            body = smaller;
        }
    }

    private static Block RemoveOnce(Block body)
    {
        HashSet<string> reads = IrQueries.Reads(body);
        var unread = new HashSet<string>(
            IrQueries.Descendants(body).OfType<Declaration>()
                .Where(d => d.Type.IsScalar && !reads.Contains(d.Name))
                .Select(static d => d.Name),
            StringComparer.Ordinal);
        if (unread.Count == 0)
        {
            return body;
        }

        // A name with one impure write keeps every write: dropping some would change which value the others see.
        foreach (Stmt statement in IrQueries.Descendants(body))
        {
            (string? name, Expr? value) = Write(statement);
            if (name is not null && value is not null && !CannotThrow(value))
            {
                unread.Remove(name);
            }
        }

        // A write Without does not reach (a declaration among a for loop's initializers) leaves the body as it was.
        EquatableArray<Stmt> kept = unread.Count == 0 ? body.Statements : Without(body.Statements, unread);
        return kept.Equals(body.Statements) ? body : new Block(kept);
    }

    /// <summary>Whether dropping a value cannot hide an exception the method throws: not even a length (a null array).</summary>
    private static bool CannotThrow(Expr value) => IrQueries.CannotThrow(value) && !IrQueries.Subexpressions(value).Any(static e => e is LengthOf);

    private static (string? Name, Expr? Value) Write(Stmt statement) => statement switch
    {
        Declaration declaration => (declaration.Name, declaration.Initializer),
        Assignment { Target: Variable target } assignment => (target.Name, assignment.Value),
        _ => (null, null),
    };

    private static EquatableArray<Stmt> Without(EquatableArray<Stmt> statements, HashSet<string> names)
    {
        var kept = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            if (Write(statement).Name is { } name && names.Contains(name))
            {
                continue;
            }

            kept.Add(IrRewrites.WithBodies(statement, (inner, _) => Without(inner, names)));
        }

        return kept.ToEquatableArray();
    }
}
