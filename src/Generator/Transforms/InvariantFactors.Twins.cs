using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

internal static partial class InvariantFactors
{
    private sealed partial class LoopFactoring
    {
        /// <summary>
        /// Sums that add, per unit of their factors, the same value at the same place as an earlier sum: in
        /// <c>spot · exp(drift + …)</c> the spot's and the drift's adjoints both add <c>slope · exp</c> once the spot is
        /// factored out, so one sum serves both. Each twin maps to the sum it shares. Two contributions are the same
        /// value when they are, with the loop's locals written out, the same expression, no variable it reads is written
        /// between the reads (the iteration writes it before all of them or after all of them), and they sit in the same
        /// block with no jump between them.
        /// </summary>
        private Dictionary<string, string> Twins(List<string> sums)
        {
            var twins = new Dictionary<string, string>(StringComparer.Ordinal);
            if (sums.Count < 2)
            {
                return twins;
            }

            var sites = new Dictionary<string, List<Site>>(StringComparer.Ordinal);
            var definitions = new Dictionary<string, (Expr Value, int Top)>(StringComparer.Ordinal);
            var writes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            Block body = BodyOf(_loop);
            for (int top = 0; top < body.Statements.Count; top++)
            {
                Collect(body.Statements[top], body, top, top, sites, definitions, writes);
            }

            var values = sums.Where(sites.ContainsKey).ToDictionary(static sum => sum, sum => ValuesOf(sum, sites[sum], definitions), StringComparer.Ordinal);

            // The sums with a sum of their own; a twin maps to the first it matches.
            var representatives = new List<string>();
            foreach (string sum in sums.Where(values.ContainsKey))
            {
                string? shared = representatives.FirstOrDefault(earlier => SameEveryIteration(sites[earlier], values[earlier], sites[sum], values[sum], writes));
                if (shared is null)
                {
                    representatives.Add(sum);
                }
                else
                {
                    twins.Add(sum, shared);
                }
            }

            return twins;
        }

        /// <summary>A contribution to a sum: its statement, the block it sits in, its index there, and the top-level statement of the loop's body that holds it.</summary>
        private sealed record Site(Assignment Statement, Block Parent, int Index, int Top);

        private void Collect(
            Stmt statement,
            Block parent,
            int index,
            int top,
            Dictionary<string, List<Site>> sites,
            Dictionary<string, (Expr Value, int Top)> definitions,
            Dictionary<string, List<int>> writes)
        {
            List<Block> children = IrQueries.Children(statement).ToList();
            if (children.Count > 0)
            {
                foreach (Block child in children)
                {
                    for (int i = 0; i < child.Statements.Count; i++)
                    {
                        Collect(child.Statements[i], child, i, top, sites, definitions, writes);
                    }
                }

                // A branch's condition and a loop's header are read where the statement stands.
                return;
            }

            switch (statement)
            {
                case Declaration { Initializer: { } initializer } declaration when _singleAssignment.Contains(declaration.Name):
                    // The value its reads see after the rewrite: the per-unit one for a factored local.
                    Expr value = _locals.TryGetValue(declaration.Name, out Factored? local) && !_whole.Contains(declaration.Name) ? local.Variant : initializer;
                    definitions[declaration.Name] = (value, top);
                    return;
                case Assignment { Operator: AssignOperator.AddTo, Target: Variable target } assignment when _accumulators.Contains(target.Name):
                    if (!sites.TryGetValue(target.Name, out List<Site>? list))
                    {
                        sites.Add(target.Name, list = new List<Site>());
                    }

                    list.Add(new Site(assignment, parent, index, top));
                    return;
            }

            foreach (string name in IrQueries.MayWrite(statement))
            {
                if (!writes.TryGetValue(name, out List<int>? list))
                {
                    writes.Add(name, list = new List<int>());
                }

                // Where the variable is written: the top-level statement of the loop's body that holds the write.
                list.Add(top);
            }
        }

        /// <summary>
        /// What each contribution to a sum adds per unit of the sum's factors, the loop's locals written out, with the
        /// variables that value reads and the top-level statement where each is read (a local's definition, or the site).
        /// </summary>
        private List<(Expr Value, List<(string Name, int At)> Reads)> ValuesOf(string sum, List<Site> sites, Dictionary<string, (Expr Value, int Top)> definitions)
        {
            var values = new List<(Expr Value, List<(string Name, int At)> Reads)>();
            foreach (Site site in sites)
            {
                var reads = new List<(string Name, int At)>();
                Expr WrittenOut(Expr expression, int readAt, int depth) => Renamer.Replace(expression, variable =>
                {
                    if (definitions.TryGetValue(variable.Name, out (Expr Value, int Top) definition) && depth < 16)
                    {
                        return WrittenOut(definition.Value, definition.Top, depth + 1);
                    }

                    reads.Add((variable.Name, readAt));
                    return variable;
                })!;
                values.Add((WrittenOut(Unscaled(sum, site.Statement), site.Top, 0), reads));
            }

            return values;
        }

        /// <summary>
        /// Whether two sums add the same values, pair by pair, in the same blocks, with no jump between a pair and no
        /// write between the reads of a pair: all of a variable's writes come before or after all its reads.
        /// </summary>
        private static bool SameEveryIteration(
            List<Site> first,
            List<(Expr Value, List<(string Name, int At)> Reads)> firstValues,
            List<Site> second,
            List<(Expr Value, List<(string Name, int At)> Reads)> secondValues,
            Dictionary<string, List<int>> writes)
        {
            if (first.Count != second.Count)
            {
                return false;
            }

            for (int i = 0; i < first.Count; i++)
            {
                if (!ReferenceEquals(first[i].Parent, second[i].Parent) || !Equals(firstValues[i].Value, secondValues[i].Value))
                {
                    return false;
                }

                foreach (IGrouping<string, int> read in firstValues[i].Reads.Concat(secondValues[i].Reads).GroupBy(static r => r.Name, static r => r.At))
                {
                    if (writes.TryGetValue(read.Key, out List<int>? written) && !written.All(top => top < read.Min()) && !written.All(top => top > read.Max()))
                    {
                        return false;
                    }
                }

                int from = Math.Min(first[i].Index, second[i].Index);
                int to = Math.Max(first[i].Index, second[i].Index);
                for (int between = from + 1; between < to; between++)
                {
                    if (IrQueries.ContainsJump(first[i].Parent.Statements[between]))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
