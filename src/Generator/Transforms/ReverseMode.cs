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
internal sealed partial class ReverseMode
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
    private readonly Dictionary<Stmt, bool> _recomputeAfterState;
    private readonly Dictionary<Stmt, RunningExtremum> _runningExtrema;
    private readonly HashSet<string> _assignedAnywhere;
    private readonly HashSet<Stmt> _preaccumulable;
    private HashSet<Stmt>? _saves;
    private bool _isTrial;

    /// <summary>What the adjoint of one assignment reads: the TBR analysis decides from it which values to save.</summary>
    /// <param name="RestoreReads">What restoring the old value reads (an element's index), if the site saves it.</param>
    private sealed record SiteInfo(string Root, bool IsElement, bool ReadsOld, HashSet<string> Reads, HashSet<string> RestoreReads);
    private string? _tape;

    private ReverseMode(MethodModel method, NameAllocator names, Activity activity, HashSet<string> needed, Dictionary<string, int> sites, string resultName, Block body, ReverseMode? trial = null)
    {
        _sites = trial?._sites ?? new Dictionary<Stmt, SiteInfo>(ReferenceComparer.Instance);
        _recomputedConditions = trial?._recomputedConditions ?? new HashSet<Stmt>(ReferenceComparer.Instance);
        _recomputeAfterState = trial?._recomputeAfterState ?? new Dictionary<Stmt, bool>(ReferenceComparer.Instance);
        _runningExtrema = trial?._runningExtrema ?? new Dictionary<Stmt, RunningExtremum>(ReferenceComparer.Instance);
        _assignedAnywhere = IrQueries.AssignedNames(body);
        _preaccumulable = DeclarationsBeforeLoops(body);
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
        Block body = DeclarationsBeforeLastLoop(ControlFlowNormalizer.Normalize(method.Body, result, names));
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

        reverse = AccumulationMerge.Apply(reverse);
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

    /// <summary>
    /// The last steps, once the emitter has given the adjoints their first contributions: the factors that hold still in
    /// a loop leave its adjoint sums, then innermost loops work on short-lived copies of what they update, which the
    /// JIT keeps in registers.
    /// </summary>
    public static ReverseProgram FactorAndPromoteLoops(ReverseProgram program, MethodModel method, NameAllocator names)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in program.Prologue.Concat(program.ForwardSweep).Concat(program.AdjointDeclarations).Concat(program.ReverseSweep).SelectMany(IrQueries.Descendants))
        {
            if (statement is Declaration declaration)
            {
                declared.Add(declaration.Name);
            }
        }

        var parameters = new HashSet<string>(method.Parameters.Select(static p => p.Name), StringComparer.Ordinal);
        var referenceAdjoints = new HashSet<string>(
            method.Parameters.Where(p => p.IsDifferentiable && p.Type.IsScalar && !program.LocalParameterAdjoints.Any(local => local.Parameter == p.Name)).Select(p => names.Derivative(p.Name)),
            StringComparer.Ordinal);
        Func<string, bool> isLocal = name => declared.Contains(name) || (parameters.Contains(name) && !referenceAdjoints.Contains(name));
        List<Stmt> reverse = InvariantFactors.Apply(program.ReverseSweep, names.IsDerivative, names);
        return program with
        {
            ForwardSweep = RegisterPromotion.Apply(program.ForwardSweep, names, isLocal, referenceAdjoints.Contains).ToEquatableArray(),
            ReverseSweep = RegisterPromotion.Apply(reverse, names, isLocal, referenceAdjoints.Contains).ToEquatableArray(),
        };
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
                if (Preaccumulates(declaration, out DifferentiableCall call))
                {
                    (List<Stmt> callForward, List<Stmt> callReverse) = PreaccumulatedCall(declaration, call);
                    RecordSite(declaration, target, declaration.Initializer, callReverse);
                    return (callForward, callReverse);
                }

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
        // A variable's current value is then not needed; an array's still is, since the adjoint may read its other
        // elements (a[0] = Math.Cos(a[2]) reads a[2], which a later a[2] = … must save).
        bool readsOld = reads.Contains(root) && IrQueries.Reads(value).Contains(root);
        if (readsOld && target is not ElementAccess)
        {
            reads.Remove(root);
        }

        // The trial pass saves nothing, so its reverse sweep has no restores: what one would read is kept apart.
        _sites[site] = new SiteInfo(root, target is ElementAccess, readsOld, reads, target is ElementAccess element ? IrQueries.Reads(element.Index) : new HashSet<string>(StringComparer.Ordinal));
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
        if (value is SpanReduction reduction)
        {
            AccumulateSpanReduction(reduction, seed, output);
            return;
        }

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
        Walk(value, Constant(1, value.Type), contributions, result);
        List<Expr> reads = IrQueries.OperandReads(value, IsLeaf);
        foreach (KeyValuePair<Expr, Expr?> contribution in contributions)
        {
            // An operand read more than once: its partial by the forward rules nests as the value nests (Horner stays
            // Horner), where the walk's sum over reads multiplies out a product per read.
            Expr? partial = reads.Count(read => Equals(read, contribution.Key)) > 1
                ? Convert(DerivativeRules.UnitSeedPartial(value, contribution.Key, result), contribution.Key.Type)
                : contribution.Value;
            Expr? scaled = Multiply(Convert(seed, contribution.Key.Type), partial);
            if (scaled is not null)
            {
                output.Add(new Assignment(AdjointOf(contribution.Key), scaled, AssignOperator.AddTo));
            }
        }
    }

    /// <summary>
    /// Adds seed·(what the reduction gives each element) into the adjoints of its active operands: a loop per operand,
    /// dx[start + k] += seed * y[k] for a dot product, skipped when the seed is zero (as a hand-written backward pass
    /// skips an inactive unit). The printer turns each loop into one vectorised call (<see cref="VectorizedAccumulation"/>).
    /// </summary>
    private void AccumulateSpanReduction(SpanReduction reduction, Expr seed, List<Stmt> output)
    {
        (double Coefficient, SpanSlice? Factor)[] partials = DerivativeRules.SpanReductionPartials(reduction);
        var loops = new List<Stmt>();
        Expr? scale = null;
        for (int i = 0; i < partials.Length; i++)
        {
            SpanSlice operand = reduction.Operands[i];
            if (operand.Sequence is not Variable sequence || !_activity.IsActive(sequence.Name))
            {
                continue;
            }

            if (scale is null)
            {
                scale = seed is Variable or Literal ? seed : new Variable(seed.Type, _names.Fresh("adjoint"));
                if (!ReferenceEquals(scale, seed))
                {
                    output.Add(new Declaration(seed.Type, ((Variable)scale).Name, seed));
                }
            }

            string counter = _names.Fresh("k");
            var index = new Variable(TypeRef.Int32, counter);
            Expr ElementOf(SpanSlice slice) => new ElementAccess(reduction.Type, slice.Sequence, slice.Start is null ? index : new Binary(TypeRef.Int32, BinaryOperator.Add, slice.Start, index));
            Expr contribution = Multiply(Constant(partials[i].Coefficient, reduction.Type), scale)!;
            if (partials[i].Factor is { } factor)
            {
                contribution = Multiply(contribution, ElementOf(factor))!;
            }

            Expr target = AdjointOf(ElementOf(operand));
            loops.Add(new For(
                EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, counter, Int(0))),
                new Binary(TypeRef.Boolean, BinaryOperator.Less, index, operand.Length ?? new LengthOf(sequence)),
                EquatableArray.Of<Stmt>(new Assignment(index, new Binary(TypeRef.Int32, BinaryOperator.Add, index, Int(1)))),
                new Block(EquatableArray.Of<Stmt>(
                    new Comment("adjoint of TensorPrimitives." + reduction.Kind + ": " + reduction.Kind switch
                    {
                        SpanReductionKind.Dot => "the result's adjoint times the other operand",
                        SpanReductionKind.Sum => "the result's adjoint",
                        _ => "twice the result's adjoint times the operand",
                    } + ", added into " + IrQueries.RootName(target)),
                    new Assignment(target, contribution, AssignOperator.AddTo))),
                null));
        }

        if (scale is null)
        {
            return;
        }

        if (scale is Literal)
        {
            output.AddRange(loops);
            return;
        }

        output.Add(new If(new Binary(TypeRef.Boolean, BinaryOperator.NotEqual, scale, Constant(0, scale.Type)), new Block(loops.ToEquatableArray()), null));
    }

    /// <summary>Collects ∂value/∂leaf per leaf by pushing a multiplier down the expression tree.</summary>
    /// <param name="held">A variable that holds the expression's value at this point of the reverse sweep, if any.</param>
    private void Walk(Expr expression, Expr? multiplier, List<KeyValuePair<Expr, Expr?>> contributions, Expr? held = null)
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
                    case BinaryOperator.Divide when HasActiveLeaf(binary.Right):
                    {
                        // One reciprocal serves both partials, ∂(a/b)/∂a = 1/b and ∂(a/b)/∂b = −(a/b)·(1/b), and a/b is
                        // the quotient already computed (by name when a variable holds it): one division, not two.
                        Expr reciprocal = DerivativeRules.ReciprocalOf(binary, held);
                        Walk(binary.Left, Multiply(multiplier, reciprocal), contributions);
                        Walk(binary.Right, Negate(Multiply(Multiply(multiplier, held ?? binary), reciprocal)), contributions);
                        return;
                    }

                    case BinaryOperator.Divide:
                        Walk(binary.Left, Divide(multiplier, binary.Right), contributions);
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
            SpanReduction reduction => reduction.Operands.Any(operand => operand.Sequence is Variable sequence && _activity.IsActive(sequence.Name)),
            Conditional conditional => HasActiveLeaf(conditional.WhenTrue) || HasActiveLeaf(conditional.WhenFalse),
            _ => false,
        };
    }

    private bool IsAdjointName(string name) => _names.IsDerivative(name) || _localParameterAdjoints.ContainsValue(name);

    private string Tape => _tape ??= _names.Fresh("tape");

    private Stmt Push(Expr value) => new ExpressionStatement(new PlainCall(TypeRef.Boolean, Tape + ".Push", EquatableArray.Of(new Argument(value))));

    private Expr Pop(TypeRef type) => new PlainCall(type, Tape + "." + PopMethod(type), EquatableArray<Argument>.Empty);

    /// <summary>The value a statement saves on the tape, if it is a <see cref="Push"/>.</summary>
    private Expr? SavedBy(Stmt statement) =>
        _tape is not null && statement is ExpressionStatement { Expression: PlainCall { Arguments.Count: 1 } call } && call.QualifiedName == _tape + ".Push"
            ? call.Arguments[0].Value
            : null;

    /// <summary>Whether an expression is a <see cref="Pop"/> of one value.</summary>
    private bool IsPop(Expr expression) =>
        _tape is not null && expression is PlainCall { Type.IsScalar: true, Arguments.Count: 0 } call && call.QualifiedName.StartsWith(_tape + ".Pop", StringComparison.Ordinal);

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
