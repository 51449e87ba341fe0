using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Activity analysis: a variable is active when it depends on a differentiable input (varied) and influences the
/// result (useful). Only active variables get derivative code. Flow-insensitive, iterated to a fixed point, so loops
/// and branches are covered.
/// </summary>
internal sealed class Activity
{
    private readonly HashSet<string> _active;

    private Activity(HashSet<string> active) => _active = active;

    public bool IsActive(string name) => _active.Contains(name);

    /// <summary>Whether an expression can carry a nonzero derivative.</summary>
    public bool IsActive(Expr expression) => expression switch
    {
        Variable variable => expression.Type.IsFloating && _active.Contains(variable.Name),
        ElementAccess { Sequence: Variable sequence } => expression.Type.IsFloating && _active.Contains(sequence.Name),
        _ => false,
    };

    public static Activity Analyze(MethodModel method, Block body, IEnumerable<string> outputs)
    {
        var assignments = new List<(string Target, HashSet<string> Reads)>();
        var useful = new HashSet<string>(outputs, StringComparer.Ordinal);
        foreach (Stmt statement in IrQueries.Descendants(body))
        {
            switch (statement)
            {
                case Declaration { Initializer: { } initializer } declaration when declaration.Type.IsFloating:
                    assignments.Add((declaration.Name, DerivativeReads(initializer)));
                    break;
                case Assignment assignment when assignment.Target.Type.IsFloating:
                    assignments.Add((IrQueries.RootName(assignment.Target), DerivativeReads(assignment.Value)));
                    break;
                case Return { Value: { } value }:
                    useful.UnionWith(DerivativeReads(value));
                    break;
            }
        }

        var varied = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParameterModel parameter in method.Parameters)
        {
            if (parameter.IsDifferentiable)
            {
                varied.Add(parameter.Name);
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach ((string target, HashSet<string> reads) in assignments)
            {
                if (!varied.Contains(target) && reads.Overlaps(varied))
                {
                    changed |= varied.Add(target);
                }

                if (useful.Contains(target))
                {
                    foreach (string read in reads)
                    {
                        changed |= useful.Add(read);
                    }
                }
            }
        }

        varied.IntersectWith(useful);
        return new Activity(varied);
    }

    /// <summary>
    /// The variables whose derivatives can reach an expression's value: its reads outside passive calls
    /// (<c>AdMath.StopGradient</c>, helpers that return an int), whose values carry no derivative.
    /// </summary>
    private static HashSet<string> DerivativeReads(Expr expression) => new(
        IrQueries.SubexpressionsEntering(expression, static e => e is not PlainCall).OfType<Variable>().Select(static v => v.Name),
        StringComparer.Ordinal);
}
