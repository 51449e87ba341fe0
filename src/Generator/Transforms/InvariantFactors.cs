using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Takes the factors that hold still in a loop out of the adjoint sums the loop accumulates. In the reverse sweep of a
/// reduction every contribution carries the sum's adjoint, and often a parameter: <c>double dr = dloss * (2.0 * r);
/// da += dr * exp; double dexp = dr * a; db -= dexp * exp * x[i];</c> multiplies by <c>dloss</c>, 2 and <c>a</c> in
/// every iteration. The loop now computes its adjoints per unit of those factors, <c>double dr = r; daUnscaled += dr *
/// exp; dbUnscaled -= dr * exp * x[i];</c>, and each sum is multiplied by its factors once after the loop:
/// <c>da += 2.0 * dloss * daUnscaled;</c>. Exact in real arithmetic; in floating point c·Σv replaces Σc·v, a rounding
/// difference of the order of the sum's own. When a factor is infinite or NaN and no iteration adds to the sum, the sum
/// gets ∞·0 = NaN where it got nothing (with a contribution, the loop gave ∞·0 before too).
/// It applies to an innermost loop's scalar adjoints that the loop only adds into and never reads; each sum leaves out
/// the factors all its contributions share (a contribution multiplies in its others). A local carrying factors is
/// changed only when every read of it is a product on its way to such a sum (not added, compared, saved or passed), so
/// that nothing else sees its new, per-unit value.
/// </summary>
internal static partial class InvariantFactors
{
    public static List<Stmt> Apply(IReadOnlyList<Stmt> statements, Func<string, bool> isAdjoint, NameAllocator names)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            if (IrQueries.IsInnermostLoop(statement))
            {
                new LoopFactoring(statement, isAdjoint).Rewrite(names, output);
            }
            else
            {
                output.Add(IrRewrites.WithBodies(statement, (inner, _) => Apply(inner, isAdjoint, names).ToEquatableArray()));
            }
        }

        return output;
    }

    // A loop's body is its last child block (a for loop's initializers and steps come first).
    private static Block BodyOf(Stmt loop) => IrQueries.Children(loop).Last();

    /// <summary>A value as (product of loop-invariant factors) × (what varies): <c>dloss * (2.0 * r)</c> is ([dloss, 2.0], r).</summary>
    private sealed record Factored(IReadOnlyList<Expr> Factors, Expr Variant)
    {
        public bool HasFactors => Factors.Count > 0;
    }

    /// <summary>The analysis and rewriting of one innermost loop.</summary>
    private sealed partial class LoopFactoring
    {
        private readonly Stmt _loop;
        private readonly HashSet<string> _written;
        private readonly Dictionary<string, int> _reads = new(StringComparer.Ordinal);
        private readonly HashSet<string> _singleAssignment = new(StringComparer.Ordinal);
        private readonly HashSet<string> _accumulators = new(StringComparer.Ordinal);

        // Grown until the analysis is consistent: locals that must keep their whole value, sums that cannot be factored.
        private readonly HashSet<string> _whole = new(StringComparer.Ordinal);
        private readonly HashSet<string> _unfactored = new(StringComparer.Ordinal);

        // The result of the latest pass over the body.
        private readonly Dictionary<string, Factored> _locals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Factored>> _contributions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Expr>> _common = new(StringComparer.Ordinal);
        private readonly Dictionary<Stmt, Factored> _factoredContributions = new();

        // Where factored locals are read: by a local's initializer, or by a contribution to a sum (IntoSum).
        private readonly List<(string Writer, bool IntoSum, List<string> Reads)> _contexts = new();

        public LoopFactoring(Stmt loop, Func<string, bool> isAdjoint)
        {
            _loop = loop;
            _written = IrQueries.MayWrite(loop);
            var reassigned = new HashSet<string>(StringComparer.Ordinal);
            var declared = new HashSet<string>(StringComparer.Ordinal);
            var setTargets = new HashSet<string>(StringComparer.Ordinal);
            foreach (Stmt inner in IrQueries.Descendants(loop))
            {
                foreach (Expr expression in ReadExpressions(inner))
                {
                    foreach (Variable variable in IrQueries.Variables(expression))
                    {
                        _reads[variable.Name] = _reads.TryGetValue(variable.Name, out int count) ? count + 1 : 1;
                    }
                }

                switch (inner)
                {
                    case Declaration declaration:
                        declared.Add(declaration.Name);
                        if (declaration is { Initializer: not null, Type: { IsFloating: true, IsScalar: true } })
                        {
                            _singleAssignment.Add(declaration.Name);
                        }

                        break;
                    case Assignment { Target: Variable target } assignment:
                        reassigned.Add(target.Name);
                        if (assignment.Operator == AssignOperator.AddTo && target.Type is { IsFloating: true, IsScalar: true } && isAdjoint(target.Name))
                        {
                            _accumulators.Add(target.Name);
                        }
                        else
                        {
                            setTargets.Add(target.Name);
                        }

                        break;
                }
            }

            // A call's out and ref arguments are writes too; MayWrite counts them with the assignments.
            reassigned.UnionWith(_written.Except(declared));
            _singleAssignment.ExceptWith(reassigned);
            _accumulators.RemoveWhere(name => setTargets.Contains(name) || declared.Contains(name) || _reads.ContainsKey(name));
        }

        public void Rewrite(NameAllocator names, List<Stmt> output)
        {
            if (_accumulators.Count == 0 || IrQueries.Descendants(_loop).Any(static s => s is Return))
            {
                output.Add(_loop);
                return;
            }

            while (Analyze())
            {
            }

            List<string> sums = _contributions.Keys.Where(name => !_unfactored.Contains(name)).OrderBy(static name => name, StringComparer.Ordinal).ToList();
            if (sums.Count == 0)
            {
                output.Add(_loop);
                return;
            }

            Dictionary<string, string> twins = Twins(sums);
            if (twins.Count > 0 && LeavesUnread(sums, twins))
            {
                // A local only a twin's contributions read would be left unread (and, if constant, CS0219).
                twins.Clear();
            }

            var unscaled = new Dictionary<string, Variable>(StringComparer.Ordinal);
            var after = new List<Stmt> { new Comment("the factors the loop left out of its sums, once") };
            foreach (string sum in sums)
            {
                if (!twins.TryGetValue(sum, out string? shared))
                {
                    unscaled.Add(sum, new Variable(_contributions[sum][0].Variant.Type, names.Fresh(sum + "Unscaled")));
                }

                Variable local = unscaled[shared ?? sum];
                Expr scale = Product(_common[sum])!;
                after.Add(new Assignment(new Variable(local.Type, sum), Multiply(scale, local)!, AssignOperator.AddTo));
            }

            output.Add(new Comment(Describe(sums.SelectMany(sum => _common[sum]).ToList(), sums)));
            foreach (IGrouping<string, string> shared in twins.GroupBy(static twin => twin.Value, static twin => twin.Key))
            {
                output.Add(new Comment(DescribeTwins(shared.Key, shared.ToList())));
            }

            foreach (Variable local in unscaled.Values)
            {
                output.Add(new Declaration(local.Type, local.Name, Constant(0, local.Type)));
            }

            output.Add(IrRewrites.WithBodies(_loop, (body, _) => RewriteAll(body, unscaled, twins)));
            output.AddRange(after);
        }

        /// <summary>Whether dropping the twins' contributions leaves a local of the loop that nothing reads.</summary>
        private bool LeavesUnread(List<string> sums, Dictionary<string, string> twins)
        {
            // The names of the sums' locals do not matter here: no local of the loop has them.
            Dictionary<string, Variable> placeholders = sums.ToDictionary(static sum => sum, sum => new Variable(_contributions[sum][0].Variant.Type, sum), StringComparer.Ordinal);
            HashSet<string> Unread(Dictionary<string, string> dropped)
            {
                Stmt loop = IrRewrites.WithBodies(_loop, (body, _) => RewriteAll(body, placeholders, dropped));
                HashSet<string> reads = IrQueries.Reads(loop);
                return new HashSet<string>(IrQueries.Descendants(loop).OfType<Declaration>().Select(static d => d.Name).Where(name => !reads.Contains(name)), StringComparer.Ordinal);
            }

            return !Unread(twins).IsSubsetOf(Unread(new Dictionary<string, string>(StringComparer.Ordinal)));
        }

        private static string DescribeTwins(string shared, List<string> twins) =>
            string.Join(" and ", twins) + (twins.Count == 1 ? " adds" : " add") + " what " + shared + " adds in every iteration: "
            + (twins.Count == 1 ? "its sum is " : "their sums are ") + shared + "'s";

        /// <summary>The comment at the loop: the variables the factors read, their constants, and the sums.</summary>
        private static string Describe(List<Expr> factors, List<string> sums)
        {
            List<string> held = factors.SelectMany(static f => IrQueries.Variables(f)).Select(static v => v.Name)
                .Concat(factors.OfType<Literal>().Select(static l => l.Text))
                .Distinct(StringComparer.Ordinal).ToList();
            if (factors.Any(static f => f is not Literal && !IrQueries.Variables(f).Any()))
            {
                held.Add("constant factors");
            }

            bool one = held.Count == 1;
            string names = one ? held[0] : string.Join(", ", held.Take(held.Count - 1)) + " and " + held[held.Count - 1];
            return names + (one ? " does" : " do") + " not change in the loop: the sums into " + string.Join(", ", sums)
                + " leave " + (one ? "it" : "them") + " out and are scaled once after it";
        }

        /// <summary>One pass over the body; true when it had to give up a local or a sum and must run again.</summary>
        private bool Analyze()
        {
            _locals.Clear();
            _contributions.Clear();
            _common.Clear();
            _contexts.Clear();
            _factoredContributions.Clear();
            Walk(BodyOf(_loop).Statements);
            bool changed = false;
            foreach (KeyValuePair<string, List<Factored>> sum in _contributions)
            {
                if (_unfactored.Contains(sum.Key))
                {
                    continue;
                }

                // The factors every contribution shares; a contribution's others stay in what it adds.
                List<Expr> common = sum.Value.Skip(1).Aggregate(sum.Value[0].Factors.ToList(), static (shared, next) => Intersect(shared, next.Factors));
                if (common.Count == 0)
                {
                    _unfactored.Add(sum.Key);
                    changed = true;
                }
                else
                {
                    _common[sum.Key] = common;
                }
            }

            // A factored local holds its value per unit of its factors: every read must be one that knows it. An unread one
            // keeps its whole value too: it leads to no sum, and a per-unit constant would leave a constant nobody reads.
            var known = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach ((string writer, bool intoSum, List<string> reads) in _contexts)
            {
                bool kept = intoSum ? !_unfactored.Contains(writer) : _locals.ContainsKey(writer);
                foreach (string read in kept ? reads : Enumerable.Empty<string>())
                {
                    known[read] = known.TryGetValue(read, out int count) ? count + 1 : 1;
                }
            }

            foreach (string local in _locals.Keys)
            {
                int reads = _reads.TryGetValue(local, out int all) ? all : 0;
                if (reads == 0 || reads > (known.TryGetValue(local, out int count) ? count : 0))
                {
                    _whole.Add(local);
                    changed = true;
                }
            }

            return changed;
        }

        private void Walk(IEnumerable<Stmt> statements)
        {
            foreach (Stmt statement in statements)
            {
                switch (statement)
                {
                    case Declaration { Initializer: { } initializer } declaration when _singleAssignment.Contains(declaration.Name) && !_whole.Contains(declaration.Name):
                        var reads = new List<string>();
                        Factored value = Factor(initializer, reads);
                        _contexts.Add((declaration.Name, false, reads));
                        if (value.HasFactors)
                        {
                            _locals[declaration.Name] = value;
                        }

                        break;
                    case Assignment { Operator: AssignOperator.AddTo, Target: Variable target } assignment when _accumulators.Contains(target.Name):
                        var sumReads = new List<string>();
                        Factored contribution = Factor(assignment.Value, sumReads);
                        _contexts.Add((target.Name, true, sumReads));
                        _factoredContributions[assignment] = contribution;
                        if (!_contributions.TryGetValue(target.Name, out List<Factored>? list))
                        {
                            _contributions.Add(target.Name, list = new List<Factored>());
                        }

                        list.Add(contribution);
                        break;
                    default:
                        // Blocks and branches: the body of an innermost loop has no loop.
                        foreach (Block child in IrQueries.Children(statement))
                        {
                            Walk(child.Statements);
                        }

                        break;
                }
            }
        }

        /// <summary>Splits a value into its invariant factors and the rest, through products and negations only.</summary>
        private Factored Factor(Expr expression, List<string> reads)
        {
            if (expression.Type is { IsFloating: true, IsScalar: true } && IsInvariant(expression) && !IsZero(expression))
            {
                return IsOne(expression) ? new Factored(Array.Empty<Expr>(), expression) : new Factored(new[] { expression }, Constant(1, expression.Type));
            }

            switch (expression)
            {
                case Variable variable when _locals.TryGetValue(variable.Name, out Factored? local):
                    reads.Add(variable.Name);
                    return local with { Variant = Substitute(variable, local.Variant) };
                case Binary { Operator: BinaryOperator.Multiply } product when product.Type.IsFloating:
                    Factored left = Factor(product.Left, reads);
                    Factored right = Factor(product.Right, reads);
                    return new Factored(left.Factors.Concat(right.Factors).ToList(), Multiply(left.Variant, right.Variant) ?? Constant(0, product.Type));
                case Unary { Operator: UnaryOperator.Negate } negation:
                    Factored operand = Factor(negation.Operand, reads);
                    return operand with { Variant = Negate(operand.Variant) ?? Constant(0, negation.Type) };
                default:
                    return new Factored(Array.Empty<Expr>(), expression);
            }
        }

        /// <summary>
        /// A factored local's reads use its per-unit value: the local itself, or, when that is a constant or another
        /// local assigned once in the loop, that directly (the local's declaration then goes).
        /// </summary>
        private Expr Substitute(Variable local, Expr variant) =>
            variant is Literal || (variant is Variable other && _singleAssignment.Contains(other.Name)) ? variant : local;

        /// <summary>Whether an expression has the same value in every iteration, and evaluating it after the loop cannot throw.</summary>
        private bool IsInvariant(Expr expression) => IrQueries.CannotThrow(expression) && !IrQueries.Reads(expression).Overlaps(_written);

        /// <summary>The factors two lists share, each as often as both have it.</summary>
        private static List<Expr> Intersect(List<Expr> a, IReadOnlyList<Expr> b)
        {
            var rest = new List<Expr>(b);
            return a.Where(factor => rest.Remove(factor)).ToList();
        }

        private static Expr? Product(IEnumerable<Expr> factors) => factors.Aggregate((Expr?)null, static (product, factor) => product is null ? factor : Multiply(product, factor));

        /// <summary>What a contribution adds to its sum per unit of the sum's common factors.</summary>
        private Expr Unscaled(string sum, Assignment accumulation)
        {
            Factored contribution = _factoredContributions[accumulation];
            var others = contribution.Factors.ToList();
            foreach (Expr factor in _common[sum])
            {
                others.Remove(factor);
            }

            return Product(others) is { } extra ? Multiply(extra, contribution.Variant) ?? Constant(0, contribution.Variant.Type) : contribution.Variant;
        }

        private EquatableArray<Stmt> RewriteAll(EquatableArray<Stmt> statements, Dictionary<string, Variable> unscaled, Dictionary<string, string> twins)
        {
            var output = new List<Stmt>();
            foreach (Stmt statement in statements)
            {
                switch (statement)
                {
                    // A local whose reads take its per-unit value directly goes (Substitute).
                    case Declaration declaration when _locals.TryGetValue(declaration.Name, out Factored? local):
                        if (Substitute(new Variable(declaration.Type, declaration.Name), local.Variant) is Variable { Name: var name } && name == declaration.Name)
                        {
                            output.Add(declaration with { Initializer = local.Variant });
                        }

                        break;
                    // A twin's sum is the one it shares: its own contributions go.
                    case Assignment { Operator: AssignOperator.AddTo, Target: Variable target } when twins.ContainsKey(target.Name):
                        break;
                    case Assignment { Operator: AssignOperator.AddTo, Target: Variable target } assignment when unscaled.TryGetValue(target.Name, out Variable? sum):
                        output.Add(new Assignment(sum, Unscaled(target.Name, assignment), AssignOperator.AddTo));
                        break;
                    default:
                        output.Add(IrRewrites.WithBodies(statement, (inner, _) => RewriteAll(inner, unscaled, twins)));
                        break;
                }
            }

            return output.ToEquatableArray();
        }

        /// <summary>The expressions a statement reads; the variable a <c>+=</c> adds into is not read.</summary>
        private static IEnumerable<Expr> ReadExpressions(Stmt statement)
        {
            if (statement is Assignment { Operator: AssignOperator.AddTo, Target: Variable } accumulation)
            {
                return new[] { accumulation.Value };
            }

            return IrQueries.OwnExpressions(statement);
        }
    }
}
