using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>What reverse mode makes of a method; the emitter wraps it into FGradient and FPullback.</summary>
/// <param name="Prologue">Declarations the sweeps share (result, saved values, flags, the tape).</param>
/// <param name="ForwardSweep">The primal computation, saving what it overwrites and recording its path.</param>
/// <param name="AdjointDeclarations">The adjoints of the method's active locals, all zero.</param>
/// <param name="ReverseSweep">Adjoint propagation from the result back to the inputs.</param>
/// <param name="FusedLoop">Whether the last top-level loop runs its reverse sweep inside its forward sweep (see
/// <see cref="ReverseMode"/>): the reverse sweep then starts with the adjoints of what follows the loop, runs the loop,
/// finishes the forward sweep and propagates back through what came before.</param>
/// <param name="LocalParameterAdjoints">Scalar parameters that the body overwrites, with the local that holds
/// their adjoint during the sweep (added to the caller's adjoint at the end).</param>
internal sealed record ReverseProgram(
    EquatableArray<Stmt> Prologue,
    EquatableArray<Stmt> ForwardSweep,
    EquatableArray<Stmt> AdjointDeclarations,
    EquatableArray<Stmt> ReverseSweep,
    EquatableArray<LocalAdjoint> LocalParameterAdjoints,
    Variable Result,
    string SeedAdjoint,
    bool FusedLoop = false);

internal sealed record LocalAdjoint(string Parameter, string Local);

/// <summary>
/// Reverse mode. The body is normalized to structured control flow, then each statement yields a forward part and
/// a reverse part. Values that the forward sweep overwrites and that the reverse sweep reads are saved: in a local
/// outside loops, on the tape inside them; branch outcomes and trip counts are recorded the same way. Canonical
/// <c>for</c> loops run backwards from their recorded start and count instead of taping the counter.
/// </summary>
internal sealed class ReverseMode
{
    private readonly MethodModel _method;
    private readonly NameAllocator _names;
    private readonly Activity _activity;
    private readonly HashSet<string> _needed;
    private readonly Dictionary<string, int> _assignmentSites;
    private readonly HashSet<string> _parameters;
    private readonly Dictionary<string, string> _localParameterAdjoints = new(StringComparer.Ordinal);
    private readonly List<Stmt> _prologue = new();
    private readonly List<Stmt> _adjointDeclarations = new();
    private readonly Dictionary<string, Variable> _unusedAdjoints = new(StringComparer.Ordinal);
    private readonly string _resultName;
    private readonly HashSet<string> _recomputed = new(StringComparer.Ordinal);
    private readonly Dictionary<Stmt, SiteInfo> _sites;
    private readonly HashSet<Stmt> _recomputedConditions;
    private readonly Stack<HashSet<string>> _stableInLoops = new();
    private readonly HashSet<string> _enclosingCounters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _iterationAdjoints = new(StringComparer.Ordinal);
    private readonly Dictionary<Stmt, (List<Stmt> Forward, List<Stmt> Reverse)> _topLevelLoopSweeps = new(ReferenceComparer.Instance);
    private readonly HashSet<string> _assignedAnywhere;
    private HashSet<Stmt>? _saves;
    private bool _isTrial;

    /// <summary>What the adjoint of one assignment reads: the TBR analysis decides from it which values to save.</summary>
    private sealed record SiteInfo(string Root, bool IsElement, bool ReadsOld, HashSet<string> Reads);
    private string? _tape;

    private ReverseMode(MethodModel method, NameAllocator names, Activity activity, HashSet<string> needed, Dictionary<string, int> sites, string resultName, Block body, ReverseMode? trial = null)
    {
        _sites = trial?._sites ?? new Dictionary<Stmt, SiteInfo>(ReferenceComparer.Instance);
        _recomputedConditions = trial?._recomputedConditions ?? new HashSet<Stmt>(ReferenceComparer.Instance);
        _assignedAnywhere = IrQueries.AssignedNames(body);
        _resultName = resultName;
        _method = method;
        _names = names;
        _activity = activity;
        _needed = needed;
        _assignmentSites = sites;
        _parameters = new HashSet<string>(method.Parameters.Select(static p => p.Name), StringComparer.Ordinal);
    }

    public static ReverseProgram Transform(MethodModel method, NameAllocator names)
    {
        var result = new Variable(method.ReturnType, names.Fresh("result"));
        Block body = ControlFlowNormalizer.Normalize(method.Body, result, names);
        var activity = Activity.Analyze(method, body, new[] { result.Name });
        Dictionary<string, int> sites = CountAssignmentSites(body);

        // Pass one finds what the reverse sweep reads; pass two saves exactly those values when overwritten.
        NameAllocator trialNames = names.Clone();
        var trial = new ReverseMode(method, trialNames, activity, new HashSet<string>(StringComparer.Ordinal), sites, result.Name, body) { _isTrial = true };
        (_, List<Stmt> trialReverse) = trial.GenerateList(body.Statements, depth: 0, topLevel: true);
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in trialReverse)
        {
            IrQueries.AddReads(statement, needed);
        }

        // TBR ("to be recorded", as Tapenade calls it): a value is saved at an overwrite only if the adjoint of a
        // statement that ran before reads it.
        var mode = new ReverseMode(method, names, activity, needed, sites, result.Name, body, trial);
        mode._saves = mode.ComputeSaves(body);
        mode.PrepareLocalParameterAdjoints(body);
        (List<Stmt> forward, List<Stmt> reverse, bool fused) = mode.GenerateTopLevel(body);
        mode.DeclareAdjoints(body, result.Name);
        // A fused loop may have dropped every use of the tape.
        if (mode._tape is not null && forward.Concat(reverse).Any(statement => IrQueries.CallsStartingWith(statement, mode._tape + ".")))
        {
            mode._prologue.Insert(0, new Declaration(
                new TypeRef(ScalarType.Other, Shape.Scalar, "global::AdGen.Tape"),
                mode._tape,
                new StaticMember(new TypeRef(ScalarType.Other, Shape.Scalar, "global::AdGen.Tape"), "global::AdGen.Tape.Current")));
        }

        // Innermost loops work on short-lived copies of what they update, which the JIT keeps in registers.
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in mode._prologue.Concat(forward).Concat(mode._adjointDeclarations).Concat(reverse).SelectMany(IrQueries.Descendants))
        {
            if (statement is Declaration declaration)
            {
                declared.Add(declaration.Name);
            }
        }

        var referenceAdjoints = new HashSet<string>(
            method.Parameters.Where(p => p.IsDifferentiable && p.Type.IsScalar && !mode._localParameterAdjoints.ContainsKey(p.Name)).Select(p => names.Derivative(p.Name)),
            StringComparer.Ordinal);
        Func<string, bool> isLocal = name => declared.Contains(name) || (mode._parameters.Contains(name) && !referenceAdjoints.Contains(name));
        forward = RegisterPromotion.Apply(forward, names, isLocal, referenceAdjoints.Contains);
        reverse = RegisterPromotion.Apply(AccumulationMerge.Apply(reverse), names, isLocal, referenceAdjoints.Contains);

        return new ReverseProgram(
            mode._prologue.ToEquatableArray(),
            forward.ToEquatableArray(),
            mode._adjointDeclarations.ToEquatableArray(),
            reverse.ToEquatableArray(),
            mode._localParameterAdjoints.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => new LocalAdjoint(p.Key, p.Value)).ToEquatableArray(),
            result,
            names.Derivative(result.Name),
            fused);
    }

    private static Dictionary<string, int> CountAssignmentSites(Block body)
    {
        var sites = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Stmt statement in IrQueries.Descendants(body))
        {
            string? name = statement switch
            {
                Assignment assignment => IrQueries.RootName(assignment.Target),
                Declaration { Initializer: not null } declaration => declaration.Name,
                _ => null,
            };
            if (name is not null)
            {
                sites[name] = sites.TryGetValue(name, out int count) ? count + 1 : 1;
            }
        }

        return sites;
    }

    /// <summary>An overwritten parameter needs a local adjoint: the caller's adjoint must not be reset mid-sweep.</summary>
    private void PrepareLocalParameterAdjoints(Block body)
    {
        foreach (ParameterModel parameter in _method.Parameters)
        {
            if (parameter.IsDifferentiable && parameter.Type.IsScalar && _assignmentSites.ContainsKey(parameter.Name))
            {
                string local = _names.Fresh(_names.Derivative(parameter.Name) + "Local");
                _localParameterAdjoints.Add(parameter.Name, local);
            }
        }
    }

    private void DeclareAdjoints(Block body, string resultName)
    {
        foreach (KeyValuePair<string, string> local in _localParameterAdjoints.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            TypeRef type = _method.Parameters.First(p => p.Name == local.Key).Type;
            _adjointDeclarations.Add(new Declaration(type, local.Value, Constant(0, type)));
        }

        var declared = new HashSet<string>(StringComparer.Ordinal) { resultName };
        foreach (Stmt statement in IrQueries.Descendants(body).Concat(_prologue))
        {
            if (statement is Declaration declaration && declaration.Type.IsFloating && _activity.IsActive(declaration.Name) && !_iterationAdjoints.Contains(declaration.Name) && declared.Add(declaration.Name))
            {
                string adjoint = _names.Derivative(declaration.Name);
                if (declaration.Type.IsSequence)
                {
                    var creation = (NewSequence)declaration.Initializer!;
                    _adjointDeclarations.Add(new Declaration(creation.Type, adjoint, new NewSequence(creation.Type, new LengthOf(new Variable(declaration.Type, declaration.Name)), creation.IsStackAlloc)));
                }
                else
                {
                    _adjointDeclarations.Add(new Declaration(declaration.Type, adjoint, Constant(0, declaration.Type)));
                }
            }
        }

        foreach (Variable unused in _unusedAdjoints.Values)
        {
            _adjointDeclarations.Add(new Declaration(unused.Type, unused.Name, Constant(0, unused.Type)));
        }
    }

    // ------------------------------------------------------------ statements

    private (List<Stmt> Forward, List<Stmt> Reverse) GenerateList(IReadOnlyList<Stmt> statements, int depth, bool topLevel)
    {
        var forward = new List<Stmt>();
        var reverse = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            (List<Stmt> f, List<Stmt> r) = GenerateStatement(statement, depth, topLevel);
            forward.AddRange(f);
            reverse.InsertRange(0, r);
        }

        return (forward, reverse);
    }

    /// <summary>
    /// The method body. When the last top-level loop only accumulates (every variable it writes is its own temporary
    /// or a sum, <c>s += e</c>, read nowhere else in it), no iteration's adjoints depend on another's, and when the
    /// adjoints of its sums are known before it runs (the code after it is linear in them, reading nothing the loop
    /// or that code computes), each iteration's reverse sweep runs right after its forward sweep: one pass over the
    /// data instead of two, with every value still at hand, as a hand-written gradient does.
    /// </summary>
    private (List<Stmt> Forward, List<Stmt> Reverse, bool Fused) GenerateTopLevel(Block body)
    {
        var parts = new List<(Stmt Statement, List<Stmt> Forward, List<Stmt> Reverse)>();
        foreach (Stmt statement in body.Statements)
        {
            (List<Stmt> f, List<Stmt> r) = GenerateStatement(statement, depth: 0, topLevel: true);
            parts.Add((statement, f, r));
        }

        var forward = new List<Stmt>();
        var reverse = new List<Stmt>();
        int fused = FindFusableLoop(body, parts);
        if (fused < 0)
        {
            foreach ((_, List<Stmt> f, List<Stmt> r) in parts)
            {
                forward.AddRange(f);
                reverse.InsertRange(0, r);
            }

            return (forward, reverse, false);
        }

        var loop = (For)parts[fused].Statement;
        (List<Stmt> loopForward, List<Stmt> loopReverse) = _topLevelLoopSweeps[loop];
        for (int i = 0; i < fused; i++)
        {
            forward.AddRange(parts[i].Forward);
        }

        for (int i = parts.Count - 1; i > fused; i--)
        {
            reverse.AddRange(parts[i].Reverse);
        }

        // A temporary written once per iteration needs no saving: its reverse sweep runs while it still holds its value.
        // So is what the forward sweep records for the reverse sweep at the loop's own level (inner loops' counts).
        var unsaved = new HashSet<string>(
            DeclaredInIteration(loop.Body.Statements).Where(d => _assignmentSites.TryGetValue(d.Name, out int sites) && sites == 1).Select(static d => d.Name),
            StringComparer.Ordinal);
        unsaved.UnionWith(DeclaredInIteration(loopForward).Select(static d => d.Name));
        var fusedBody = new List<Stmt>(WithoutSavesOf(loopForward, unsaved))
        {
            new Comment("this iteration's reverse sweep, right away: no other iteration changes its adjoints"),
        };
        fusedBody.AddRange(WithoutSavesOf(loopReverse, unsaved));
        reverse.Add(new Comment("the loop, each iteration followed by its reverse sweep"));
        reverse.Add(loop with { Body = new Block(fusedBody.ToEquatableArray()) });
        List<Stmt> rest = parts.Skip(fused + 1).SelectMany(static part => part.Forward).ToList();
        if (rest.Count > 0)
        {
            reverse.Add(new Comment("the rest of the forward sweep"));
            reverse.AddRange(rest);
        }

        List<Stmt> before = new();
        for (int i = fused - 1; i >= 0; i--)
        {
            before.AddRange(parts[i].Reverse);
        }

        if (before.Count > 0)
        {
            reverse.Add(new Comment("the reverse sweep of what ran before the loop"));
            reverse.AddRange(before);
        }

        return (forward, reverse, true);
    }

    /// <summary>The statements without the pushes and restores of the names, in branches too (not in nested loops).</summary>
    private List<Stmt> WithoutSavesOf(IEnumerable<Stmt> statements, HashSet<string> names)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in statements)
        {
            if (IsSaveOf(statement, names) || IsRestoreOf(statement, names))
            {
                continue;
            }

            output.Add(statement switch
            {
                If branch => branch with
                {
                    Then = new Block(WithoutSavesOf(branch.Then.Statements, names).ToEquatableArray()),
                    Else = branch.Else is null ? null : new Block(WithoutSavesOf(branch.Else.Statements, names).ToEquatableArray()),
                },

                // An inner loop's reverse counts down the forward sweep's own count, still in scope.
                For { Initializers.Count: 1 } loop when IsRestoreOf(loop.Initializers[0], names) => loop with { Initializers = EquatableArray<Stmt>.Empty },
                _ => statement,
            });
        }

        return output;
    }

    private bool IsSaveOf(Stmt statement, HashSet<string> names) =>
        _tape is not null && statement is ExpressionStatement { Expression: PlainCall { Arguments.Count: 1 } call } && call.QualifiedName == _tape + ".Push"
        && call.Arguments[0].Value is Variable saved && names.Contains(saved.Name);

    private bool IsRestoreOf(Stmt statement, HashSet<string> names) =>
        _tape is not null && statement switch
        {
            Assignment { Target: Variable restored, Value: PlainCall call } => names.Contains(restored.Name) && call.QualifiedName.StartsWith(_tape + ".Pop", StringComparison.Ordinal),
            Declaration { Initializer: PlainCall call } declaration => names.Contains(declaration.Name) && call.QualifiedName.StartsWith(_tape + ".Pop", StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>The index of the top-level loop whose sweeps can be fused, or -1.</summary>
    private int FindFusableLoop(Block body, List<(Stmt Statement, List<Stmt> Forward, List<Stmt> Reverse)> parts)
    {
        int candidate = -1;
        for (int i = parts.Count - 1; i >= 0; i--)
        {
            if (IrQueries.Descendants(parts[i].Statement).Any(static s => s is For or While or DoWhile))
            {
                candidate = i;
                break;
            }
        }

        if (candidate < 0
            || parts[candidate].Statement is not For { Counter: not null } loop
            || !_topLevelLoopSweeps.ContainsKey(loop)
            || !OnlyAccumulates(loop)
            || SavesAnOuterValue(loop)
            || IrQueries.Descendants(body).Any(s => s is Declaration { Type.IsSequence: true } sequence && _activity.IsActive(sequence.Name)))
        {
            return -1;
        }

        // What follows the loop must give its sums their adjoints from values that are already final.
        var assignedFromLoopOn = new HashSet<string>(StringComparer.Ordinal);
        var readAfter = new HashSet<string>(StringComparer.Ordinal);
        for (int i = candidate; i < parts.Count; i++)
        {
            assignedFromLoopOn.UnionWith(IrQueries.AssignedNames(parts[i].Statement));
            foreach (Stmt statement in parts[i].Forward)
            {
                assignedFromLoopOn.UnionWith(IrQueries.AssignedNames(statement));
            }

            if (i > candidate)
            {
                foreach (Stmt statement in parts[i].Reverse)
                {
                    IrQueries.AddReads(statement, readAfter);
                    if (UsesTape(statement))
                    {
                        return -1;
                    }
                }
            }
        }

        return readAfter.Overlaps(assignedFromLoopOn) ? -1 : candidate;
    }

    /// <summary>
    /// Whether the loop saves a sum's old values for the reverse sweep of earlier code (x = exp(..); then x += ..
    /// in the loop: exp's adjoint reads x): restoring them inside a fused loop would undo the forward sweep.
    /// </summary>
    private bool SavesAnOuterValue(For loop)
    {
        var declaredInside = new HashSet<string>(IrQueries.Descendants(loop.Body).OfType<Declaration>().Select(static d => d.Name), StringComparer.Ordinal);
        return IrQueries.Descendants(loop.Body).Any(statement =>
            statement is Assignment { Target: Variable target } && !declaredInside.Contains(target.Name) && (!_sites.ContainsKey(statement) || _saves is null || _saves.Contains(statement)));
    }

    private bool UsesTape(Stmt statement) =>
        _tape is not null && IrQueries.CallsStartingWith(statement, _tape + ".");

    /// <summary>
    /// Whether every variable the loop writes is declared in its body (a temporary of one iteration) or a sum that
    /// only its own increments read, and it writes no element: then iterations exchange no adjoints.
    /// </summary>
    private static bool OnlyAccumulates(For loop)
    {
        // Variables declared in the body (the counters of inner loops too) are the iteration's own.
        var declaredInside = new HashSet<string>(IrQueries.Descendants(loop.Body).OfType<Declaration>().Select(static d => d.Name), StringComparer.Ordinal);
        var increments = new HashSet<Stmt>(ReferenceComparer.Instance);
        var sums = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in IrQueries.Descendants(loop.Body))
        {
            switch (statement)
            {
                case Assignment { Target: ElementAccess }:
                    return false;
                case Assignment { Target: Variable target } when declaredInside.Contains(target.Name):
                    break;
                case Assignment { Target: Variable target } assignment when IsIncrement(target, assignment.Value, out _, out _):
                    increments.Add(statement);
                    sums.Add(target.Name);
                    break;
                case Assignment:
                    return false;
            }
        }

        // A sum read anywhere but in its own increment carries a value, and so an adjoint, between iterations.
        foreach (Stmt statement in IrQueries.Descendants(loop.Body))
        {
            HashSet<string> reads = ReadsOfStatementItself(statement);
            if (statement is Assignment { Target: Variable self } && increments.Contains(statement))
            {
                reads.Remove(self.Name);
            }

            if (reads.Overlaps(sums))
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> ReadsOfStatementItself(Stmt statement)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        switch (statement)
        {
            case Declaration declaration:
                IrQueries.AddReads(declaration.Initializer, reads);
                break;
            case Assignment assignment:
                IrQueries.AddReads(assignment.Value, reads);
                if (assignment.Target is ElementAccess element)
                {
                    IrQueries.AddReads(element.Index, reads);
                }

                break;
            case ExpressionStatement expression:
                IrQueries.AddReads(expression.Expression, reads);
                break;
            case If branch:
                IrQueries.AddReads(branch.Condition, reads);
                break;
            case While loop:
                IrQueries.AddReads(loop.Condition, reads);
                break;
            case DoWhile loop:
                IrQueries.AddReads(loop.Condition, reads);
                break;
            case For loop:
                IrQueries.AddReads(loop.Condition, reads);
                break;
            case Return ret:
                IrQueries.AddReads(ret.Value, reads);
                break;
        }

        return reads;
    }

    private (List<Stmt> Forward, List<Stmt> Reverse) GenerateStatement(Stmt statement, int depth, bool topLevel)
    {
        switch (statement)
        {
            case Declaration { Initializer: null } declaration when topLevel:
                // Saving a value before its first assignment reads it: give it its default.
                return (new List<Stmt> { declaration with { Initializer = DefaultOf(declaration.Type) } }, new List<Stmt>());
            case Declaration declaration when topLevel:
            {
                // A declaration at the top of the method stays where it is: the reverse sweep can see it.
                if (declaration.Initializer is null || declaration.Type.IsSequence)
                {
                    return (new List<Stmt> { declaration }, new List<Stmt>());
                }

                var target = new Variable(declaration.Type, declaration.Name);
                List<Stmt> reverse = ReverseAssignment(target, declaration.Initializer, overwrite: false, restore: null);
                RecordSite(declaration, target, declaration.Initializer, reverse);
                return (new List<Stmt> { declaration }, reverse);
            }

            case Declaration { Type.IsSequence: true, Initializer: NewSequence creation } sequence:
            {
                // A local array moved into a branch (by guard-clause restructuring) is declared empty up front and
                // allocated where it was; a stackalloc there could not outlive its block, so it goes to the heap.
                var arrayType = TypeRef.SequenceOf(sequence.Type.Element, Shape.Array);
                _prologue.Add(new Declaration(sequence.Type, sequence.Name, new NewSequence(arrayType, Int(0), IsStackAlloc: false)));
                var allocate = new Assignment(new Variable(sequence.Type, sequence.Name), creation with { Type = arrayType, IsStackAlloc = false });
                return (new List<Stmt> { allocate }, new List<Stmt>());
            }

            case Declaration declaration:
                // Nested declarations move to the prologue so that their values outlive their block.
                _prologue.Add(new Declaration(declaration.Type, declaration.Name, DefaultOf(declaration.Type)));
                return declaration.Initializer is null
                    ? (new List<Stmt>(), new List<Stmt>())
                    : GenerateAssignment(declaration, new Assignment(new Variable(declaration.Type, declaration.Name), declaration.Initializer), depth);
            case Assignment assignment:
                return GenerateAssignment(assignment, assignment, depth);
            case If branch:
                return GenerateIf(branch, depth, topLevel);
            case While loop:
                return GenerateLoop(depth, topLevel, (count, body) => new While(loop.Condition, body), loop.Body);
            case DoWhile loop:
                return GenerateLoop(depth, topLevel, (count, body) => new DoWhile(body, loop.Condition), loop.Body);
            case For { Counter: not null } loop:
                return GenerateCanonicalFor(loop, depth, topLevel);
            case For loop:
            {
                // Initializers run once before the loop, steps at the end of each iteration (no jumps remain).
                (List<Stmt> initForward, List<Stmt> initReverse) = GenerateList(loop.Initializers, depth, topLevel: false);
                var body = new List<Stmt>(loop.Body.Statements);
                body.AddRange(loop.Steps);
                (List<Stmt> loopForward, List<Stmt> loopReverse) = GenerateLoop(depth, topLevel, (count, b) => new While(loop.Condition ?? True, b), new Block(body.ToEquatableArray()));
                initForward.AddRange(loopForward);
                loopReverse.AddRange(initReverse);
                return (initForward, loopReverse);
            }

            default:
                return (new List<Stmt> { statement }, new List<Stmt>());
        }
    }

    private (List<Stmt>, List<Stmt>) GenerateAssignment(Stmt site, Assignment assignment, int depth)
    {
        Expr target = assignment.Target;
        string root = IrQueries.RootName(target);
        // The result is written once per run (only one return executes), so it is never an overwrite.
        bool overwrite = root != _resultName
            && (target is ElementAccess || _parameters.Contains(root) || depth > 0 || (_assignmentSites.TryGetValue(root, out int sites) && sites > 1));
        var forward = new List<Stmt>();
        Stmt? restore = null;
        bool save = _saves is null ? _needed.Contains(root) : !_sites.ContainsKey(site) || _saves.Contains(site);
        if (overwrite && save && !_recomputed.Contains(root))
        {
            TypeRef type = target.Type;
            if (depth > 0)
            {
                forward.Add(new ExpressionStatement(new PlainCall(TypeRef.Boolean, Tape + ".Push", EquatableArray.Of(new Argument(target)))));
                restore = new Assignment(target, new PlainCall(type, Tape + "." + PopMethod(type), EquatableArray<Argument>.Empty));
            }
            else
            {
                string saved = _names.Fresh(root + "Saved");
                _prologue.Add(new Declaration(type, saved, DefaultOf(type)));
                forward.Add(new Assignment(new Variable(type, saved), target));
                restore = new Assignment(target, new Variable(type, saved));
            }
        }

        forward.Add(assignment);
        List<Stmt> reverse = ReverseAssignment(target, assignment.Value, overwrite, restore);
        RecordSite(site, target, assignment.Value, reverse);
        return (forward, reverse);
    }

    private void RecordSite(Stmt site, Expr target, Expr value, List<Stmt> reverse)
    {
        if (!_isTrial)
        {
            return;
        }

        string root = IrQueries.RootName(target);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in reverse)
        {
            IrQueries.AddReads(statement, reads);
        }

        // When the value reads its own target, the adjoint runs after the old value is restored: it reads the old one.
        bool readsOld = reads.Contains(root) && IrQueries.Reads(value).Contains(root);
        if (readsOld)
        {
            reads.Remove(root);
        }

        _sites[site] = new SiteInfo(root, target is ElementAccess, readsOld, reads);
    }

    // ------------------------------------------------------------ TBR analysis

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
                if (site.ReadsOld || required.Contains(site.Root))
                {
                    saves.Add(statement);
                }

                var next = new HashSet<string>(required, StringComparer.Ordinal);
                if (!site.IsElement)
                {
                    next.Remove(site.Root);
                }

                next.UnionWith(site.Reads);
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
                return TbrLoop(loop.Body.Statements, loop.Body, null, required, saves);
            case DoWhile loop:
                return TbrLoop(loop.Body.Statements, loop.Body, null, required, saves);
            case For { Counter: not null } loop:
                return TbrLoop(loop.Body.Statements, loop.Body, loop.Counter.Name, required, saves);
            case For loop:
            {
                HashSet<string> afterInitializers = TbrList(loop.Initializers, required, saves);
                var body = new Block(loop.Body.Statements.Concat(loop.Steps).ToEquatableArray());
                return TbrLoop(body.Statements, body, null, afterInitializers, saves);
            }

            default:
                return required;
        }
    }

    /// <summary>Iterates a loop body to a fixed point: what an iteration requires flows into the next one.</summary>
    private HashSet<string> TbrLoop(IEnumerable<Stmt> body, Block block, string? counter, HashSet<string> required, HashSet<Stmt> saves)
    {
        var recomputeReads = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt recompute in FindRecomputable(block, counter))
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

    private (List<Stmt>, List<Stmt>) GenerateIf(If branch, int depth, bool topLevel)
    {
        // A tie in a comparison of active values is counted where the forward sweep decides the branch.
        var siteCheck = new List<Stmt>();
        KinkCatalog.AddBranchSiteStatements(ForwardMode.QualifiedName(_method), branch, e => e.Type.IsFloating && IrQueries.Reads(e).Any(_activity.IsActive), siteCheck);
        (List<Stmt> forwardPart, List<Stmt> reversePart) = GenerateIfCore(branch, depth, topLevel);
        siteCheck.AddRange(forwardPart);
        return (siteCheck, reversePart);
    }

    private (List<Stmt>, List<Stmt>) GenerateIfCore(If branch, int depth, bool topLevel)
    {
        (List<Stmt> thenForward, List<Stmt> thenReverse) = GenerateList(branch.Then.Statements, depth, topLevel: false);
        (List<Stmt> elseForward, List<Stmt> elseReverse) = branch.Else is null
            ? (new List<Stmt>(), new List<Stmt>())
            : GenerateList(branch.Else.Statements, depth, topLevel: false);
        Block? ElseOf(List<Stmt> statements) => statements.Count == 0 ? null : new Block(statements.ToEquatableArray());

        if (thenReverse.Count == 0 && elseReverse.Count == 0)
        {
            return (new List<Stmt> { new If(branch.Condition, new Block(thenForward.ToEquatableArray()), branch.Else is null ? null : new Block(elseForward.ToEquatableArray())) }, new List<Stmt>());
        }

        // The reverse sweep must take the branch the forward sweep took: record it. Inside loops the outcome is
        // pushed at the end of the branch, after anything the branch itself pushed, so that it is popped first.
        var forward = new List<Stmt>();
        Expr reverseCondition;
        if (depth > 0 && IsRecomputableCondition(branch))
        {
            // The condition reads only values that hold still until the reverse sweep gets here: evaluate it again.
            forward.Add(new If(branch.Condition, new Block(thenForward.ToEquatableArray()), ElseOf(elseForward)));
            reverseCondition = branch.Condition;
        }
        else if (depth > 0)
        {
            thenForward.Add(Push(True));
            elseForward.Add(Push(False));
            forward.Add(new If(branch.Condition, new Block(thenForward.ToEquatableArray()), new Block(elseForward.ToEquatableArray())));
            reverseCondition = new PlainCall(TypeRef.Boolean, Tape + ".PopBoolean", EquatableArray<Argument>.Empty);
        }
        else
        {
            string taken = _names.Fresh("branch");
            var takenVariable = new Variable(TypeRef.Boolean, taken);
            if (topLevel)
            {
                forward.Add(new Declaration(TypeRef.Boolean, taken, branch.Condition));
            }
            else
            {
                _prologue.Add(new Declaration(TypeRef.Boolean, taken, False));
                forward.Add(new Assignment(takenVariable, branch.Condition));
            }

            forward.Add(new If(takenVariable, new Block(thenForward.ToEquatableArray()), branch.Else is null && elseForward.Count == 0 ? null : new Block(elseForward.ToEquatableArray())));
            reverseCondition = takenVariable;
        }

        bool emptyThen = thenReverse.Count == 0;
        Stmt reverse = emptyThen
            ? new If(Not(reverseCondition), new Block(elseReverse.ToEquatableArray()), null)
            : new If(reverseCondition, new Block(thenReverse.ToEquatableArray()), ElseOf(elseReverse));
        return (forward, new List<Stmt> { reverse });
    }

    /// <summary>
    /// Whether the reverse sweep can evaluate a branch condition again instead of taping its outcome: it reads only
    /// counters and per-iteration temporaries of the enclosing loops (recomputed or restored for each reverse
    /// iteration) and values the method never assigns. Decided in the trial pass, so the TBR analysis knows it.
    /// </summary>
    private bool IsRecomputableCondition(If branch)
    {
        if (!_isTrial)
        {
            return _recomputedConditions.Contains(branch);
        }

        if (!IsPure(branch.Condition)
            || !IrQueries.Reads(branch.Condition).All(read => !_assignedAnywhere.Contains(read) || _stableInLoops.Any(stable => stable.Contains(read))))
        {
            return false;
        }

        _recomputedConditions.Add(branch);
        return true;
    }

    private static bool IsPure(Expr expression) => expression switch
    {
        Literal or Variable or StaticMember or LengthOf => true,
        ElementAccess element => IsPure(element.Sequence) && IsPure(element.Index),
        MemberAccess member => IsPure(member.Target),
        Unary unary => IsPure(unary.Operand),
        Binary binary => IsPure(binary.Left) && IsPure(binary.Right),
        Cast cast => IsPure(cast.Operand),
        Conditional conditional => IsPure(conditional.Condition) && IsPure(conditional.WhenTrue) && IsPure(conditional.WhenFalse),
        IntrinsicCall call => call.Rule is null && call.Arguments.All(IsPure),
        _ => false,
    };

    /// <summary>
    /// Loop-body temporaries written once per iteration from values the loop does not change (the counter, inputs,
    /// earlier such temporaries) are recomputed at the start of each reverse iteration instead of being taped.
    /// A temporary that is an expensive call (exp, log, pow, trigonometry) is taped instead: a push and a pop cost
    /// less than a second evaluation. Its value is restored at the end of its reverse iteration, so at the start of
    /// the next one it holds that iteration's value, and cheap temporaries computed from it are still recomputed.
    /// </summary>
    private List<Stmt> FindRecomputable(Block body, string? counter, HashSet<string>? stable = null)
    {
        HashSet<string> assignedInLoop = IrQueries.AssignedNames(body);
        var recomputable = new HashSet<string>(StringComparer.Ordinal);
        var taped = new HashSet<string>(StringComparer.Ordinal);
        var statements = new List<Stmt>();
        foreach (Stmt statement in body.Statements)
        {
            (string? name, TypeRef? type, Expr? value) = statement switch
            {
                Declaration { Initializer: { } initializer } declaration => (declaration.Name, declaration.Type, initializer),
                Assignment { Target: Variable target, Operator: AssignOperator.Set } assignment => (target.Name, target.Type, assignment.Value),
                _ => (null, null, null),
            };
            if (name is null || type is null || value is null || !type.IsScalar || value is DifferentiableCall
                || _parameters.Contains(name) || name == _resultName
                || !_assignmentSites.TryGetValue(name, out int sites) || sites != 1)
            {
                continue;
            }

            if (IrQueries.Reads(value).All(read => read == counter || recomputable.Contains(read) || taped.Contains(read) || !assignedInLoop.Contains(read)))
            {
                stable?.Add(name);
                if (IsExpensive(value))
                {
                    taped.Add(name);
                    continue;
                }

                recomputable.Add(name);
                _recomputed.Add(name);
                statements.Add(new Assignment(new Variable(type, name), value));
            }
        }

        return statements;
    }

    private static bool IsExpensive(Expr value) => value is IntrinsicCall
    {
        Owner: IntrinsicOwner.Math,
        Name: "Exp" or "Log" or "Log10" or "Log2" or "Pow" or "Sin" or "Cos" or "Tan" or "Asin" or "Acos" or "Atan" or "Atan2" or "Sinh" or "Cosh" or "Tanh" or "Cbrt",
    };

    /// <summary>The recomputations a reverse iteration starts with: those whose values the reverse sweep reads.</summary>
    private List<Stmt> Recompute(List<Stmt> recomputable, List<Stmt> bodyReverse)
    {
        var recompute = new List<Stmt>();
        foreach (Stmt statement in recomputable)
        {
            // The trial pass keeps every recomputation, so that what they read counts as needed.
            if (statement is Assignment { Target: Variable target } && (_isTrial || _needed.Contains(target.Name)))
            {
                recompute.Add(statement);
            }
        }

        if (recompute.Count > 0)
        {
            recompute.Insert(0, new Comment("recompute this iteration's values instead of taping them"));
        }

        recompute.AddRange(bodyReverse);
        return recompute;
    }

    /// <summary>
    /// The adjoint of a variable declared in a loop body lives in one reverse iteration (it is zero again when the
    /// iteration's reverse sweep reaches the declaration): declared there, the JIT keeps it in a register instead of
    /// spilling a method-wide variable.
    /// </summary>
    private List<Stmt> DeclareIterationAdjoints(Block body, List<Stmt> bodyReverse)
    {
        if (bodyReverse.Count == 0)
        {
            return bodyReverse;
        }

        var declarations = new List<Stmt>();
        foreach (Declaration declaration in DeclaredInIteration(body.Statements))
        {
            if (declaration.Type.IsFloating && declaration.Type.IsScalar && _activity.IsActive(declaration.Name) && _iterationAdjoints.Add(declaration.Name))
            {
                declarations.Add(new Declaration(declaration.Type, AdjointName(declaration.Name), Constant(0, declaration.Type)));
            }
        }

        declarations.AddRange(bodyReverse);
        return declarations;
    }

    /// <summary>Declarations of one iteration: in the body and its branches, not in nested loops (theirs are theirs).</summary>
    private static IEnumerable<Declaration> DeclaredInIteration(IEnumerable<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            switch (statement)
            {
                case Declaration declaration:
                    yield return declaration;
                    break;
                case If branch:
                    foreach (Declaration inner in DeclaredInIteration(branch.Then.Statements.Concat(branch.Else?.Statements ?? Enumerable.Empty<Stmt>())))
                    {
                        yield return inner;
                    }

                    break;
                case Block block:
                    foreach (Declaration inner in DeclaredInIteration(block.Statements))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private (List<Stmt>, List<Stmt>) GenerateLoop(int depth, bool topLevel, Func<string, Block, Stmt> makeLoop, Block body)
    {
        var stable = new HashSet<string>(StringComparer.Ordinal);
        List<Stmt> recomputable = FindRecomputable(body, counter: null, stable);
        _stableInLoops.Push(stable);
        (List<Stmt> bodyForward, List<Stmt> bodyReverse) = GenerateList(body.Statements, depth + 1, topLevel: false);
        _stableInLoops.Pop();
        bodyReverse = DeclareIterationAdjoints(body, bodyReverse);
        if (bodyReverse.Count > 0)
        {
            bodyReverse = Recompute(recomputable, bodyReverse);
        }

        if (bodyReverse.Count == 0)
        {
            return (new List<Stmt> { makeLoop(string.Empty, new Block(bodyForward.ToEquatableArray())) }, new List<Stmt>());
        }

        // Count the iterations so that the reverse sweep runs the reversed body as many times.
        string count = _names.Fresh("iterations");
        var countVariable = new Variable(TypeRef.Int32, count);
        var forward = new List<Stmt>();
        var counted = new List<Stmt> { Increment(countVariable) };
        counted.AddRange(bodyForward);
        Expr reverseStart;
        if (depth > 0 || topLevel)
        {
            forward.Add(new Declaration(TypeRef.Int32, count, Int(0)));
        }
        else
        {
            _prologue.Add(new Declaration(TypeRef.Int32, count, Int(0)));
        }

        forward.Add(makeLoop(count, new Block(counted.ToEquatableArray())));
        if (depth > 0)
        {
            forward.Add(Push(countVariable));
            reverseStart = Pop(TypeRef.Int32);
        }
        else
        {
            reverseStart = countVariable;
        }

        var reverseLoop = new For(
            depth > 0 ? EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, count, reverseStart)) : EquatableArray<Stmt>.Empty,
            new Binary(TypeRef.Boolean, BinaryOperator.Greater, countVariable, Int(0)),
            EquatableArray.Of<Stmt>(new Assignment(countVariable, new Binary(TypeRef.Int32, BinaryOperator.Subtract, countVariable, Int(1)))),
            new Block(bodyReverse.ToEquatableArray()),
            null);
        return (forward, new List<Stmt> { reverseLoop });
    }

    private (List<Stmt>, List<Stmt>) GenerateCanonicalFor(For loop, int depth, bool topLevel)
    {
        CanonicalCounter counter = loop.Counter!;
        var stable = new HashSet<string>(StringComparer.Ordinal) { counter.Name };
        List<Stmt> recomputable = FindRecomputable(loop.Body, counter.Name, stable);
        _stableInLoops.Push(stable);
        bool newCounter = _enclosingCounters.Add(counter.Name);
        (List<Stmt> bodyForward, List<Stmt> bodyReverse) = GenerateList(loop.Body.Statements, depth + 1, topLevel: false);
        _stableInLoops.Pop();
        if (newCounter)
        {
            _enclosingCounters.Remove(counter.Name);
        }

        bodyReverse = DeclareIterationAdjoints(loop.Body, bodyReverse);

        if (topLevel)
        {
            _topLevelLoopSweeps[loop] = (new List<Stmt>(bodyForward), new List<Stmt>(bodyReverse));
        }
        if (bodyReverse.Count > 0)
        {
            bodyReverse = Recompute(recomputable, bodyReverse);
        }

        if (bodyReverse.Count == 0)
        {
            return (new List<Stmt> { loop with { Body = new Block(bodyForward.ToEquatableArray()) } }, new List<Stmt>());
        }

        if (ReverseBoundsWithoutCount(loop) is { } bounds)
        {
            // The bounds still hold at the reverse sweep: run the counter back from its last value, with no count.
            var reverseFromBounds = new For(
                EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, counter.Name, bounds.Last)),
                bounds.Condition,
                EquatableArray.Of<Stmt>(new Assignment(new Variable(TypeRef.Int32, counter.Name), new Binary(TypeRef.Int32, counter.Step > 0 ? BinaryOperator.Subtract : BinaryOperator.Add, new Variable(TypeRef.Int32, counter.Name), Int(1)))),
                new Block(bodyReverse.ToEquatableArray()),
                null);
            return (
                new List<Stmt> { loop with { Body = new Block(bodyForward.ToEquatableArray()) } },
                new List<Stmt> { depth > 0 ? ZeroAdjointGuard.Apply(reverseFromBounds, reverseFromBounds.Body, IsAdjointName) : reverseFromBounds });
        }

        // Record where the counter started and how many iterations ran; the reverse loop counts back down.
        var forward = new List<Stmt>();
        var reverse = new List<Stmt>();
        string count = _names.Fresh(counter.Name + "Count");
        var countVariable = new Variable(TypeRef.Int32, count);
        Expr start = counter.Start;
        string? startName = null;
        if (start is not Literal)
        {
            startName = _names.Fresh(counter.Name + "Start");
            if (depth > 0 || topLevel)
            {
                forward.Add(new Declaration(TypeRef.Int32, startName, start));
            }
            else
            {
                _prologue.Add(new Declaration(TypeRef.Int32, startName, Int(0)));
                forward.Add(new Assignment(new Variable(TypeRef.Int32, startName), start));
            }

            start = new Variable(TypeRef.Int32, startName);
        }

        if (depth > 0 || topLevel)
        {
            forward.Add(new Declaration(TypeRef.Int32, count, Int(0)));
        }
        else
        {
            _prologue.Add(new Declaration(TypeRef.Int32, count, Int(0)));
            forward.Add(new Assignment(countVariable, Int(0)));
        }

        var counted = new List<Stmt> { Increment(countVariable) };
        counted.AddRange(bodyForward);
        var initializer = new Declaration(TypeRef.Int32, counter.Name, start);
        forward.Add(new For(EquatableArray.Of<Stmt>(initializer), loop.Condition, loop.Steps, new Block(counted.ToEquatableArray()), counter));
        if (depth > 0)
        {
            if (startName is not null)
            {
                forward.Add(Push(new Variable(TypeRef.Int32, startName)));
            }

            forward.Add(Push(countVariable));
            reverse.Add(new Declaration(TypeRef.Int32, count, Pop(TypeRef.Int32)));
            if (startName is not null)
            {
                reverse.Add(new Declaration(TypeRef.Int32, startName, Pop(TypeRef.Int32)));
            }
        }

        // Forward: i = start, start + step, ...; reverse: the last value first, back to start.
        var index = new Variable(TypeRef.Int32, counter.Name);
        int stride = Math.Abs(counter.Step);
        Expr countMinusOne = new Binary(TypeRef.Int32, BinaryOperator.Subtract, countVariable, Int(1));
        Expr offset = stride == 1 ? countMinusOne : new Binary(TypeRef.Int32, BinaryOperator.Multiply, countMinusOne, Int(stride));
        Expr last = counter.Step == 1
            ? new Binary(TypeRef.Int32, BinaryOperator.Subtract, Sum(start, countVariable), Int(1))
            : new Binary(TypeRef.Int32, counter.Step > 0 ? BinaryOperator.Add : BinaryOperator.Subtract, start, offset);
        Expr stepBack = new Binary(TypeRef.Int32, counter.Step > 0 ? BinaryOperator.Subtract : BinaryOperator.Add, index, Int(stride));
        var reverseBody = new Block(bodyReverse.ToEquatableArray());
        // An inner loop runs once per outer iteration: skipping it when its adjoints are zero pays (inactive units).
        var reverseLoop = new For(
            EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, counter.Name, last)),
            new Binary(TypeRef.Boolean, counter.Step > 0 ? BinaryOperator.GreaterOrEqual : BinaryOperator.LessOrEqual, index, start),
            EquatableArray.Of<Stmt>(new Assignment(index, stepBack)),
            reverseBody,
            null);
        reverse.Add(depth > 0 ? ZeroAdjointGuard.Apply(reverseLoop, reverseBody, IsAdjointName) : reverseLoop);
        return (forward, reverse);
    }

    /// <summary>
    /// For a unit-step loop <c>i &lt; b</c> (<c>&lt;=</c>, or <c>&gt;</c>, <c>&gt;=</c> counting down) whose start and bound
    /// read only values that hold still until the reverse sweep: the counter's last value and the reverse condition.
    /// </summary>
    private (Expr Last, Expr Condition)? ReverseBoundsWithoutCount(For loop)
    {
        CanonicalCounter counter = loop.Counter!;
        if (Math.Abs(counter.Step) != 1
            || loop.Condition is not Binary { Left: Variable left } condition
            || left.Name != counter.Name
            || !IsStableAtReverse(condition.Right)
            || !IsStableAtReverse(counter.Start))
        {
            return null;
        }

        var index = new Variable(TypeRef.Int32, counter.Name);
        Expr bound = condition.Right;
        // b - 1 (b + 1 counting down) must not wrap around for an empty loop: clamp b to the start unless it is a
        // length or a constant that cannot wrap.
        int? constant = bound is Literal { Text: var text } && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : null;
        Expr Clamped(string function) => bound is LengthOf ? bound : new PlainCall(TypeRef.Int32, "global::System.Math." + function, EquatableArray.Of(new Argument(bound), new Argument(counter.Start)));
        Expr? last = (counter.Step, condition.Operator) switch
        {
            (1, BinaryOperator.Less) => constant is int below && below > int.MinValue
                ? Int(below - 1)
                : new Binary(TypeRef.Int32, BinaryOperator.Subtract, Clamped("Max"), Int(1)),
            (1, BinaryOperator.LessOrEqual) => bound,
            (-1, BinaryOperator.Greater) => constant is int above && above < int.MaxValue
                ? Int(above + 1)
                : new Binary(TypeRef.Int32, BinaryOperator.Add, Clamped("Min"), Int(1)),
            (-1, BinaryOperator.GreaterOrEqual) => bound,
            _ => null,
        };
        if (last is null || !Equals(bound.Type, TypeRef.Int32))
        {
            return null;
        }

        return (last, new Binary(TypeRef.Boolean, counter.Step > 0 ? BinaryOperator.GreaterOrEqual : BinaryOperator.LessOrEqual, index, counter.Start));
    }

    /// <summary>A pure expression over values the method never assigns, counters and recomputed temporaries of the enclosing loops.</summary>
    private bool IsStableAtReverse(Expr expression) =>
        IsPure(expression)
        && IrQueries.Reads(expression).All(read => !_assignedAnywhere.Contains(read) || (_stableInLoops.Any(stable => stable.Contains(read)) && (_recomputed.Contains(read) || IsEnclosingCounter(read))));

    private bool IsEnclosingCounter(string name) => _enclosingCounters.Contains(name);

    private static Expr Sum(Expr start, Expr count) => start is Literal { Text: "0" } ? count : new Binary(TypeRef.Int32, BinaryOperator.Add, start, count);

    // ------------------------------------------------------------ adjoints of one assignment

    private List<Stmt> ReverseAssignment(Expr target, Expr value, bool overwrite, Stmt? restore)
    {
        var reverse = new List<Stmt>();
        if (!target.Type.IsFloating || !_activity.IsActive(target))
        {
            AddIf(reverse, restore);
            return reverse;
        }

        Expr adjoint = AdjointOf(target);
        KinkCatalog.AddNestedSiteStatements(ForwardMode.QualifiedName(_method), value, reverse);
        bool readsItself = IrQueries.Reads(value).Contains(IrQueries.RootName(target));
        if (!readsItself)
        {
            // The partials may use the target's new value (exp, sqrt): accumulate before restoring the old one.
            if (value is DifferentiableCall call)
            {
                reverse.Add(Pullback(call, adjoint));
            }
            else
            {
                Accumulate(value, adjoint, target is Variable ? target : null, reverse);
            }

            if (overwrite)
            {
                reverse.Add(new Assignment(adjoint, Constant(0, target.Type)));
            }

            AddIf(reverse, restore);
            return reverse;
        }

        if (IsIncrement(target, value, out Expr? increment, out bool subtract))
        {
            // v = v ± e: v's adjoint flows through unchanged, e gets ± it.
            Accumulate(increment!, subtract ? Negate(adjoint)! : adjoint, null, reverse);
            AddIf(reverse, restore);
            return reverse;
        }

        // v = f(v, ...): restore the old v, take the adjoint of the new one, and give f's partials to the old one.
        AddIf(reverse, restore);
        string held = _names.Fresh("adjoint");
        var heldVariable = new Variable(target.Type, held);
        reverse.Add(new Declaration(target.Type, held, adjoint));
        reverse.Add(new Assignment(adjoint, Constant(0, target.Type)));
        if (value is DifferentiableCall selfCall)
        {
            reverse.Add(Pullback(selfCall, heldVariable));
        }
        else
        {
            Accumulate(value, heldVariable, null, reverse);
        }

        return reverse;
    }

    private static bool IsIncrement(Expr target, Expr value, out Expr? increment, out bool subtract)
    {
        increment = null;
        subtract = false;
        if (value is Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } binary && Equals(binary.Left, target)
            && !IrQueries.Reads(binary.Right).Contains(IrQueries.RootName(target)))
        {
            increment = binary.Right;
            subtract = binary.Operator == BinaryOperator.Subtract;
            return true;
        }

        if (value is Binary { Operator: BinaryOperator.Add } sum && Equals(sum.Right, target)
            && !IrQueries.Reads(sum.Left).Contains(IrQueries.RootName(target)))
        {
            increment = sum.Left;
            return true;
        }

        return false;
    }

    /// <summary>Adds <paramref name="seed"/>·∂value/∂leaf into the adjoint of every active leaf of the value.</summary>
    private void Accumulate(Expr value, Expr seed, Expr? result, List<Stmt> output)
    {
        if (value is IntrinsicCall call)
        {
            KinkCatalog.AddSiteStatements(ForwardMode.QualifiedName(_method), call, output);
            if (!call.Arguments.Any(HasActiveLeaf))
            {
                return;
            }

            Expr?[] partials = DerivativeRules.Partials(call, result);
            for (int i = 0; i < partials.Length; i++)
            {
                Expr argument = call.Arguments[i];
                if (partials[i] is null || !HasActiveLeaf(argument))
                {
                    continue;
                }

                // A partial that folds to an exact zero (a constant factor 0.0) contributes nothing.
                if (Multiply(seed, partials[i]) is not { } scaled)
                {
                    continue;
                }

                if (DerivativeRules.CanBeInfinite(call, i))
                {
                    // A zero adjoint times an infinite partial is 0: only an adjoint that reaches the singular point sees ∞.
                    scaled = new Conditional(scaled.Type, Equal(seed, Constant(0, seed.Type)), Constant(0, scaled.Type), scaled);
                }

                if (IsLeaf(argument))
                {
                    output.Add(new Assignment(AdjointOf(argument), Convert(scaled, argument.Type)!, AssignOperator.AddTo));
                }
                else
                {
                    string name = _names.Fresh("adjoint");
                    output.Add(new Declaration(argument.Type, name, Convert(scaled, argument.Type)));
                    Accumulate(argument, new Variable(argument.Type, name), null, output);
                }
            }

            return;
        }

        var contributions = new List<KeyValuePair<Expr, Expr?>>();
        Walk(value, Constant(1, value.Type), contributions);
        foreach (KeyValuePair<Expr, Expr?> contribution in contributions)
        {
            Expr? scaled = Multiply(Convert(seed, contribution.Key.Type), contribution.Value);
            if (scaled is not null)
            {
                output.Add(new Assignment(AdjointOf(contribution.Key), scaled, AssignOperator.AddTo));
            }
        }
    }

    /// <summary>Collects ∂value/∂leaf per leaf by pushing a multiplier down the expression tree.</summary>
    private void Walk(Expr expression, Expr? multiplier, List<KeyValuePair<Expr, Expr?>> contributions)
    {
        if (multiplier is null || !HasActiveLeaf(expression))
        {
            return;
        }

        switch (expression)
        {
            case Variable or ElementAccess:
                for (int i = 0; i < contributions.Count; i++)
                {
                    if (Equals(contributions[i].Key, expression))
                    {
                        contributions[i] = new KeyValuePair<Expr, Expr?>(expression, Add(contributions[i].Value, multiplier));
                        return;
                    }
                }

                contributions.Add(new KeyValuePair<Expr, Expr?>(expression, multiplier));
                return;
            case Unary { Operator: UnaryOperator.Negate } negate:
                Walk(negate.Operand, Negate(multiplier), contributions);
                return;
            case Binary binary:
                switch (binary.Operator)
                {
                    case BinaryOperator.Add:
                        Walk(binary.Left, multiplier, contributions);
                        Walk(binary.Right, multiplier, contributions);
                        return;
                    case BinaryOperator.Subtract:
                        Walk(binary.Left, multiplier, contributions);
                        Walk(binary.Right, Negate(multiplier), contributions);
                        return;
                    case BinaryOperator.Multiply:
                        Walk(binary.Left, Multiply(multiplier, binary.Right), contributions);
                        Walk(binary.Right, Multiply(multiplier, binary.Left), contributions);
                        return;
                    case BinaryOperator.Divide:
                        Walk(binary.Left, Divide(multiplier, binary.Right), contributions);
                        Walk(binary.Right, Negate(Divide(Multiply(multiplier, binary.Left), Multiply(binary.Right, binary.Right)!)), contributions);
                        return;
                    default:
                        return;
                }

            case Cast cast when cast.Operand.Type.IsFloating:
                Walk(cast.Operand, Convert(multiplier, cast.Operand.Type), contributions);
                return;
            case IntrinsicCall or DifferentiableCall or Conditional:
                throw new InvalidOperationException("A call or conditional nested in an expression should have been hoisted: " + expression);
        }
    }

    private Stmt Pullback(DifferentiableCall call, Expr seed)
    {
        EquatableArray<Argument> arguments = CallArguments.Build(
            call,
            seed,
            sequence => _activity.IsActive(sequence.Name) ? AdjointName(sequence.Name) : null,
            (argument, parameter) => new Argument(_activity.IsActive(argument) ? AdjointOf(argument) : UnusedAdjoint(parameter.Type), ArgumentKind.Ref));
        return new ExpressionStatement(new PlainCall(TypeRef.Boolean, call.Callee.QualifiedType + "." + call.Callee.Name + "Pullback", arguments));
    }

    private Variable UnusedAdjoint(TypeRef type)
    {
        if (!_unusedAdjoints.TryGetValue(type.Display, out Variable? variable))
        {
            variable = new Variable(type, _names.Fresh("unusedAdjoint"));
            _unusedAdjoints.Add(type.Display, variable);
        }

        return variable;
    }

    // ------------------------------------------------------------ helpers

    private string AdjointName(string name) =>
        _localParameterAdjoints.TryGetValue(name, out string? local) ? local : _names.Derivative(name);

    private Expr AdjointOf(Expr leaf) => leaf switch
    {
        Variable variable => new Variable(variable.Type, AdjointName(variable.Name)),
        ElementAccess { Sequence: Variable sequence } element => new ElementAccess(element.Type, new Variable(sequence.Type, AdjointName(sequence.Name)), element.Index),
        _ => throw new InvalidOperationException("No adjoint for " + leaf),
    };

    private bool IsLeaf(Expr expression) => expression is Variable or ElementAccess && _activity.IsActive(expression);

    private bool HasActiveLeaf(Expr expression)
    {
        if (!expression.Type.IsFloating)
        {
            return false;
        }

        return expression switch
        {
            Variable or ElementAccess => _activity.IsActive(expression),
            Unary unary => HasActiveLeaf(unary.Operand),
            Binary binary => HasActiveLeaf(binary.Left) || HasActiveLeaf(binary.Right),
            Cast cast => HasActiveLeaf(cast.Operand),
            IntrinsicCall call => call.Arguments.Any(HasActiveLeaf),
            Conditional conditional => HasActiveLeaf(conditional.WhenTrue) || HasActiveLeaf(conditional.WhenFalse),
            _ => false,
        };
    }

    private bool IsAdjointName(string name) => _names.IsDerivative(name) || _localParameterAdjoints.ContainsValue(name);

    private string Tape => _tape ??= _names.Fresh("tape");

    private Stmt Push(Expr value) => new ExpressionStatement(new PlainCall(TypeRef.Boolean, Tape + ".Push", EquatableArray.Of(new Argument(value))));

    private Expr Pop(TypeRef type) => new PlainCall(type, Tape + "." + PopMethod(type), EquatableArray<Argument>.Empty);

    private static string PopMethod(TypeRef type) => type.Scalar switch
    {
        ScalarType.Double => "PopDouble",
        ScalarType.Single => "PopSingle",
        ScalarType.Int32 => "PopInt32",
        ScalarType.Int64 => "PopInt64",
        ScalarType.Boolean => "PopBoolean",
        _ => throw new InvalidOperationException("Cannot tape a value of type " + type),
    };

    private static Stmt Increment(Variable counter) => new Assignment(counter, new Binary(TypeRef.Int32, BinaryOperator.Add, counter, Int(1)));

    private static void AddIf(List<Stmt> output, Stmt? statement)
    {
        if (statement is not null)
        {
            output.Add(statement);
        }
    }
}
