using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>Reverse mode: the TBR analysis, which values an overwrite must save.</summary>
internal sealed partial class ReverseMode
{
    private HashSet<Stmt> ComputeSaves(Block body)
    {
        var saves = new HashSet<Stmt>(ReferenceComparer.Instance);
        TbrList(body.Statements, new HashSet<string>(StringComparer.Ordinal), saves);
        return saves;
    }

    /// <summary>Walks statements in forward order with the set of variables whose current values some adjoint reads.</summary>
    private HashSet<string> TbrList(IEnumerable<Stmt> statements, HashSet<string> required, HashSet<Stmt> saves)
    {
        var current = new HashSet<string>(required, StringComparer.Ordinal);
        foreach (Stmt statement in statements)
        {
            current = TbrStatement(statement, current, saves);
        }

        return current;
    }

    private HashSet<string> TbrStatement(Stmt statement, HashSet<string> required, HashSet<Stmt> saves)
    {
        switch (statement)
        {
            case Declaration or Assignment when _sites.TryGetValue(statement, out SiteInfo? site):
            {
                bool saved = site.ReadsOld || required.Contains(site.Root);
                if (saved)
                {
                    saves.Add(statement);
                }

                var next = new HashSet<string>(required, StringComparer.Ordinal);
                if (!site.IsElement)
                {
                    next.Remove(site.Root);
                }

                next.UnionWith(site.Reads);
                if (saved)
                {
                    // The restore writes the old value back through the element's index: the index must hold its value there.
                    next.UnionWith(site.RestoreReads);
                }

                return next;
            }

            case If branch:
            {
                if (_recomputedConditions.Contains(branch))
                {
                    // The reverse sweep evaluates the condition again: its variables must hold their values there.
                    required = new HashSet<string>(required, StringComparer.Ordinal);
                    IrQueries.AddReads(branch.Condition, required);
                }

                HashSet<string> then = TbrList(branch.Then.Statements, required, saves);
                then.UnionWith(branch.Else is null ? required : TbrList(branch.Else.Statements, required, saves));
                return then;
            }

            case While loop:
                return TbrLoop(loop.Body.Statements, Recomputable(loop.Body), required, saves);
            case DoWhile loop:
                return TbrLoop(loop.Body.Statements, Recomputable(loop.Body), required, saves);
            case For loop when _runningExtrema.TryGetValue(loop, out RunningExtremum? running):
                return TbrRunningExtremum(loop, running, required, saves);
            case For { Counter: not null } loop:
                return TbrLoop(loop.Body.Statements, RecomputableOf(loop, stable: null).Recomputable, required, saves);
            case For loop:
            {
                HashSet<string> afterInitializers = TbrList(loop.Initializers, required, saves);
                var body = new Block(loop.Body.Statements.Concat(loop.Steps).ToEquatableArray());
                return TbrLoop(body.Statements, Recomputable(body), afterInitializers, saves);
            }

            default:
                return required;
        }
    }

    /// <summary>Iterates a loop body to a fixed point: what an iteration requires flows into the next one.</summary>
    private List<Stmt> Recomputable(Block body)
    {
        List<Stmt> recomputable = FindRecomputable(body, counter: null);
        MarkRecomputed(recomputable);
        return recomputable;
    }

    private HashSet<string> TbrLoop(IEnumerable<Stmt> body, List<Stmt> recomputable, HashSet<string> required, HashSet<Stmt> saves)
    {
        var recomputeReads = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt recompute in recomputable)
        {
            IrQueries.AddReads(recompute, recomputeReads);
        }

        var head = new HashSet<string>(required, StringComparer.Ordinal);
        while (true)
        {
            HashSet<string> end = TbrList(body, head, saves);
            end.UnionWith(recomputeReads);
            int before = head.Count;
            head.UnionWith(end);
            if (head.Count == before)
            {
                return head;
            }
        }
    }
}
