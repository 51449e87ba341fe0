using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Forward mode: the primal program with, before each assignment to an active variable, the assignment of its
/// tangent. Control flow is kept as written; a return yields <c>(value, tangent)</c>.
/// </summary>
internal sealed class ForwardMode
{
    private readonly NameAllocator _names;
    private readonly Activity _activity;
    private readonly string _methodName;
    private List<Stmt>? _hoistTangentsInto;

    private ForwardMode(NameAllocator names, Activity activity, string methodName)
    {
        _names = names;
        _activity = activity;
        _methodName = methodName;
    }

    /// <summary>The body of <c>FTangent</c>. Tangent parameters are named by <see cref="NameAllocator.Derivative"/>.</summary>
    public static Block Transform(MethodModel method, NameAllocator names)
    {
        var activity = Activity.Analyze(method, method.Body, Array.Empty<string>());
        return new ForwardMode(names, activity, QualifiedName(method)).TransformBlock(method.Body);
    }

    private Block TransformBlock(Block block)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in block.Statements)
        {
            TransformStatement(statement, output);
        }

        return new Block(output.ToEquatableArray());
    }

    private EquatableArray<Stmt> TransformList(EquatableArray<Stmt> statements) => TransformBlock(new Block(statements)).Statements;

    private void TransformStatement(Stmt statement, List<Stmt> output)
    {
        switch (statement)
        {
            case Declaration declaration when declaration.Type.IsFloating && _activity.IsActive(declaration.Name):
                TransformDeclaration(declaration, output);
                break;
            case Assignment assignment when _activity.IsActive(assignment.Target) || (assignment.Target is Variable v && assignment.Target.Type.IsFloating && _activity.IsActive(v.Name)):
                TransformAssignment(assignment.Target, assignment.Value, output);
                break;
            case If branch:
                KinkCatalog.AddBranchSiteStatements(_methodName, branch, e => e.Type.IsFloating && IrQueries.Reads(e).Any(_activity.IsActive), output);
                output.Add(new If(branch.Condition, TransformBlock(branch.Then), branch.Else is null ? null : TransformBlock(branch.Else)));
                break;
            case While loop:
                output.Add(new While(loop.Condition, TransformBlock(loop.Body)));
                break;
            case DoWhile loop:
                output.Add(new DoWhile(TransformBlock(loop.Body), loop.Condition));
                break;
            case For loop:
                output.Add(new For(TransformList(loop.Initializers), loop.Condition, TransformList(loop.Steps), TransformBlock(loop.Body), loop.Counter));
                break;
            case Return { Value: { } value }:
                TransformReturn(value, output);
                break;
            default:
                output.Add(statement);
                break;
        }
    }

    private void TransformDeclaration(Declaration declaration, List<Stmt> output)
    {
        string tangent = _names.Derivative(declaration.Name);
        if (declaration.Type.IsSequence)
        {
            output.Add(declaration);
            var creation = (NewSequence)declaration.Initializer!;
            output.Add(new Declaration(creation.Type, tangent, creation));
            return;
        }

        if (declaration.Initializer is null)
        {
            output.Add(declaration);
            output.Add(new Declaration(declaration.Type, tangent, null));
            return;
        }

        // Each assignment becomes a declaration with its initializer: double dt = ...; double t = ...;
        var assignments = new List<Stmt>();
        TransformAssignment(new Variable(declaration.Type, declaration.Name), declaration.Initializer, assignments);
        foreach (Stmt statement in assignments)
        {
            output.Add(statement is Assignment { Target: Variable target, Operator: AssignOperator.Set } assignment
                && (target.Name == declaration.Name || target.Name == tangent)
                ? new Declaration(declaration.Type, target.Name, assignment.Value)
                : statement);
        }
    }

    public static string QualifiedName(MethodModel method) =>
        (method.ContainingTypes.Count > 0 ? method.ContainingTypes[method.ContainingTypes.Count - 1].NameWithTypeParameters + "." : string.Empty) + method.Name;

    private void TransformAssignment(Expr target, Expr value, List<Stmt> output)
    {
        Expr tangentTarget = TangentOf(target);
        if (value is IntrinsicCall kinked)
        {
            KinkCatalog.AddSiteStatements(_methodName, kinked, output);
        }

        KinkCatalog.AddNestedSiteStatements(_methodName, value, output);

        _hoistTangentsInto = output;
        try
        {
            TransformAssignmentCore(target, tangentTarget, value, output);
        }
        finally
        {
            _hoistTangentsInto = null;
        }
    }

    private void TransformAssignmentCore(Expr target, Expr tangentTarget, Expr value, List<Stmt> output)
    {
        switch (value)
        {
            case IntrinsicCall call when target is Variable variable && !IrQueries.Reads(call).Contains(variable.Name):
                // The result is assigned first so that the tangent can reuse it (exp, sqrt, tanh).
                output.Add(new Assignment(target, value));
                output.Add(new Assignment(tangentTarget, Or0(IntrinsicTangent(call, target), target.Type)));
                return;
            case DifferentiableCall call:
                TransformCall(target, tangentTarget, call, output);
                return;
            case Binary { Operator: BinaryOperator.Divide } quotient when target is Variable variable && Equals(quotient.Type, target.Type)
                && !IrQueries.Reads(quotient).Contains(variable.Name) && Tangent(quotient.Right) is not null:
                // The quotient first, so that its tangent (da − (a/b)·db)·(1/b) reads it instead of dividing again.
                output.Add(new Assignment(target, value));
                output.Add(new Assignment(tangentTarget, Or0(RightHandSideTangent(value, held: target), target.Type)));
                return;
            default:
                // The tangent first: it reads the old value when the target appears on the right.
                Expr? tangent = value is IntrinsicCall selfUpdate && target is Variable updated
                    ? IntrinsicTangent(selfUpdate, null, selfUpdate: IrQueries.Reads(selfUpdate).Contains(updated.Name))
                    : RightHandSideTangent(value);
                Expr tangentValue = Or0(Convert(tangent, target.Type), target.Type);
                if (!Equals(tangentValue, tangentTarget))
                {
                    output.Add(new Assignment(tangentTarget, tangentValue));
                }

                output.Add(new Assignment(target, value));
                return;
        }
    }

    private void TransformCall(Expr target, Expr tangentTarget, DifferentiableCall call, List<Stmt> output)
    {
        EquatableArray<Argument> arguments = CallArguments.Build(
            call,
            seed: null,
            sequence => _activity.IsActive(sequence.Name) ? _names.Derivative(sequence.Name) : null,
            (argument, parameter) => new Argument(Or0(Convert(Tangent(argument), parameter.Type), parameter.Type)));
        TypeRef pair = TangentPairType(call.Type);
        string name = _names.Fresh(char.ToLowerInvariant(call.Callee.Name[0]) + call.Callee.Name.Substring(1) + "Tangent");
        output.Add(new Declaration(pair, name, new PlainCall(pair, call.Callee.QualifiedType + "." + call.Callee.Name + "Tangent", arguments)));
        output.Add(new Assignment(target, Convert(new MemberAccess(call.Type, new Variable(pair, name), "Value"), target.Type)!));
        output.Add(new Assignment(tangentTarget, Convert(new MemberAccess(call.Type, new Variable(pair, name), "Tangent"), target.Type)!));
    }

    private void TransformReturn(Expr value, List<Stmt> output)
    {
        TypeRef pair = TangentPairType(value.Type);
        if (value is IntrinsicCall or DifferentiableCall)
        {
            string name = _names.Fresh("result");
            var result = new Variable(value.Type, name);
            output.Add(new Declaration(value.Type, name, null));
            output.Add(new Declaration(value.Type, _names.Derivative(name), null));
            TransformAssignment(result, value, output);
            output.Add(new Return(new TupleLiteral(pair, EquatableArray.Of<Expr>(result, new Variable(value.Type, _names.Derivative(name))))));
            return;
        }

        output.Add(new Return(new TupleLiteral(pair, EquatableArray.Of(value, Or0(RightHandSideTangent(value), value.Type)))));
    }

    /// <param name="held">A variable that already holds the value, for a quotient's tangent to read.</param>
    private Expr? RightHandSideTangent(Expr value, Expr? held = null) => TryFactoredTangent(value, held, out Expr? factored) ? factored : Tangent(value, held);

    /// <summary>
    /// The tangent of an arithmetic right-hand side whose one active operand is read more than once: that operand's
    /// tangent times <see cref="DerivativeRules.UnitSeedPartial"/>, the partial reverse mode takes too. Horner's
    /// t·(c1 + t·(c2 + …)) then gets dt·p′(t) with p′ in Horner form, one product per level, instead of dt multiplied
    /// into every level. Arithmetic only: a function call keeps its own rule, and a singular one its 0·∞ guard, which
    /// tests the argument's own tangent.
    /// </summary>
    private bool TryFactoredTangent(Expr value, Expr? held, out Expr? tangent)
    {
        tangent = null;
        List<Expr> reads = IrQueries.OperandReads(value, _activity.IsActive);
        if (reads.Count < 2 || reads.Any(read => !Equals(read, reads[0])) || !DerivativeRules.IsArithmetic(value))
        {
            return false;
        }

        tangent = Multiply(TangentOf(reads[0]), DerivativeRules.UnitSeedPartial(value, reads[0], held));
        return true;
    }

    public static TypeRef TangentPairType(TypeRef type) => new(ScalarType.Other, Shape.Scalar, "(" + type.Display + " Value, " + type.Display + " Tangent)");

    private Expr TangentOf(Expr target) => target switch
    {
        Variable variable => new Variable(variable.Type, _names.Derivative(variable.Name)),
        ElementAccess { Sequence: Variable sequence } element => new ElementAccess(element.Type, new Variable(sequence.Type, _names.Derivative(sequence.Name)), element.Index),
        _ => throw new InvalidOperationException("Unexpected assignment target " + target),
    };

    /// <summary>The same slice of a span's tangent, or null for a span that carries none.</summary>
    private SpanSlice? TangentSlice(SpanSlice slice) =>
        slice.Sequence is Variable sequence && _activity.IsActive(sequence.Name)
            ? slice with { Sequence = new Variable(sequence.Type, _names.Derivative(sequence.Name)) }
            : null;

    private Expr? IntrinsicTangent(IntrinsicCall call, Expr? result, bool selfUpdate = false)
    {
        if (call.Arguments.All(argument => Tangent(argument) is null))
        {
            return null;
        }

        Expr?[] partials = DerivativeRules.Partials(call, result, selfUpdate);
        Expr? sum = null;
        for (int i = 0; i < partials.Length; i++)
        {
            Expr? tangent = Tangent(call.Arguments[i]);
            if (tangent is not null && DerivativeRules.CanBeInfinite(call, i) && tangent is not (Variable or ElementAccess or Literal) && _hoistTangentsInto is { } output)
            {
                // The guard reads the tangent twice: give it a name first.
                string name = _names.Fresh("d" + call.Name.ToLowerInvariant() + "Argument");
                output.Add(new Declaration(tangent.Type, name, tangent));
                tangent = new Variable(tangent.Type, name);
            }

            Expr? term = Multiply(partials[i], tangent);
            if (term is not null && DerivativeRules.CanBeInfinite(call, i))
            {
                term = new Conditional(term.Type, Equal(tangent!, Constant(0, tangent!.Type)), Constant(0, term.Type), term);
            }

            sum = Add(sum, term);
        }

        return sum;
    }

    /// <summary>The directional derivative of an expression: <c>null</c> when it is exactly zero.</summary>
    /// <param name="held">A variable that holds the expression's value, if any (a quotient's tangent reads it).</param>
    private Expr? Tangent(Expr expression, Expr? held = null)
    {
        if (!expression.Type.IsFloating)
        {
            return null;
        }

        switch (expression)
        {
            case Variable or ElementAccess when _activity.IsActive(expression):
                return TangentOf(expression);
            case Unary { Operator: UnaryOperator.Negate } negate:
                return Negate(Tangent(negate.Operand));
            case Binary binary:
                return DerivativeRules.ArithmeticTangent(binary, Tangent(binary.Left), Tangent(binary.Right), held);
            case Cast cast:
                return Convert(Tangent(cast.Operand), cast.Type);
            case Conditional conditional:
            {
                Expr? whenTrue = Tangent(conditional.WhenTrue);
                Expr? whenFalse = Tangent(conditional.WhenFalse);
                return whenTrue is null && whenFalse is null
                    ? null
                    : new Conditional(conditional.Type, conditional.Condition, Or0(whenTrue, conditional.Type), Or0(whenFalse, conditional.Type));
            }

            case IntrinsicCall call:
                return IntrinsicTangent(call, null);
            case SpanReduction reduction:
                return DerivativeRules.SpanReductionTangent(reduction, TangentSlice);
            case DifferentiableCall:
                throw new InvalidOperationException("A differentiable call nested in an expression should have been hoisted");
            default:
                return null;
        }
    }
}
