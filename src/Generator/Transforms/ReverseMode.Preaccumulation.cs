using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Reverse mode: calls whose partial derivatives are computed with their value (preaccumulation, as Tapenade and
/// ADOL-C call it). A call of another [Differentiable] method otherwise runs twice: its value in the forward sweep,
/// then its pullback in the reverse sweep, which computes that value again before propagating the adjoint. When the
/// callee takes scalars only, its gradient gives the value and every partial in one run; the reverse sweep then only
/// scales them by the adjoint of the result. Black–Scholes calls the normal CDF twice: two evaluations saved.
/// When only one argument is active, the callee's tangent at seed 1 gives that one partial: forward mode computes the
/// derivative alongside the value, where the gradient's reverse sweep can only start once the value is done (a chain
/// of dependent operations after the callee's last <c>exp</c>).
/// </summary>
internal sealed partial class ReverseMode
{
    /// <summary>
    /// The top-level declarations that may call the gradient: those before the first loop. After a loop, the fused
    /// reverse sweep may run before the rest of the forward sweep, when the partials would not be computed yet.
    /// </summary>
    private static HashSet<Stmt> DeclarationsBeforeLoops(Block body)
    {
        var declarations = new HashSet<Stmt>(ReferenceComparer.Instance);
        foreach (Stmt statement in body.Statements)
        {
            if (IrQueries.ContainsLoop(statement))
            {
                break;
            }

            if (statement is Declaration)
            {
                declarations.Add(statement);
            }
        }

        return declarations;
    }

    private bool Preaccumulates(Declaration declaration, out DifferentiableCall call)
    {
        call = null!;
        if (declaration.Initializer is not DifferentiableCall candidate
            || !_preaccumulable.Contains(declaration)
            || !_activity.IsActive(declaration.Name)
            || candidate.Callee.Parameters.Any(static p => p.Type.IsSequence)
            || !candidate.Callee.Parameters.Where((parameter, i) => parameter.IsDifferentiable && HasActiveLeaf(candidate.Arguments[i])).Any())
        {
            return false;
        }

        call = candidate;
        return true;
    }

    /// <summary>
    /// <c>double v = G(a, b);</c> becomes <c>double v = GGradient(a, b, out double vByA, out double vByB);</c>, and its
    /// reverse sweep <c>da += dv * vByA; db += dv * vByB;</c>. A zero adjoint contributes zero even where a partial is
    /// infinite, as G's own pullback would (its singular points are guarded the same way).
    /// </summary>
    private (List<Stmt> Forward, List<Stmt> Reverse) PreaccumulatedCall(Declaration declaration, DifferentiableCall call)
    {
        var target = new Variable(declaration.Type, declaration.Name);
        Expr adjoint = AdjointOf(target);
        var arguments = new List<Argument>(call.Arguments.Select(static a => new Argument(a)));
        var reverse = new List<Stmt>();
        int partials = 0;
        Expr? activeArgument = null;
        for (int i = 0; i < call.Callee.Parameters.Count; i++)
        {
            ParameterModel parameter = call.Callee.Parameters[i];
            if (!parameter.IsDifferentiable)
            {
                continue;
            }

            Expr argument = call.Arguments[i];
            if (!HasActiveLeaf(argument))
            {
                arguments.Add(new Argument(new Variable(parameter.Type, "_"), ArgumentKind.Out));
                continue;
            }

            string stem = declaration.Name + "By" + Capitalized(argument is Variable variable ? variable.Name : parameter.Name);
            var partial = new Variable(parameter.Type, _names.Fresh(stem));
            arguments.Add(new Argument(partial, ArgumentKind.OutDeclaration));
            partials++;
            activeArgument = argument;
            Expr scaled = Multiply(adjoint, partial)!;
            scaled = new Conditional(scaled.Type, Equal(adjoint, Constant(0, adjoint.Type)), Constant(0, scaled.Type), scaled);
            Accumulate(argument, scaled, null, reverse);
        }

        if (partials == 1 && call.Callee.ModesAgree)
        {
            return (TangentAtSeedOne(declaration, call, activeArgument!, (Variable)adjoint, partial: arguments.Single(a => a.Kind == ArgumentKind.OutDeclaration)), reverse);
        }

        var gradientCall = new PlainCall(call.Type, call.Callee.QualifiedType + "." + call.Callee.Name + "Gradient", arguments.ToEquatableArray());
        var forward = new List<Stmt>
        {
            new Comment(partials == 1
                ? call.Callee.Name + " and its derivative in one call: the reverse sweep multiplies it by " + ((Variable)adjoint).Name
                : call.Callee.Name + " and its partial derivatives in one call: the reverse sweep multiplies them by " + ((Variable)adjoint).Name),
            declaration with { Initializer = gradientCall },
        };
        return (forward, reverse);
    }

    /// <summary>
    /// <c>double v = G(a, c);</c> with only <c>a</c> active becomes <c>(double Value, double Tangent) vAndDerivative = GTangent(a, c, 1.0, 0.0);</c>
    /// then <c>double v = vAndDerivative.Value; double vByA = vAndDerivative.Tangent;</c>. At G's singular points (an infinite partial met
    /// by a zero one along the chain) the two modes can differ, so only a callee whose modes agree is taken this way.
    /// </summary>
    private List<Stmt> TangentAtSeedOne(Declaration declaration, DifferentiableCall call, Expr activeArgument, Variable adjoint, Argument partial)
    {
        EquatableArray<Argument> arguments = CallArguments.Build(
            call,
            seed: null,
            static _ => null,
            (argument, parameter) => new Argument(Constant(ReferenceEquals(argument, activeArgument) ? 1 : 0, parameter.Type)));
        TypeRef pair = ForwardMode.TangentPairType(call.Type);
        var both = new Variable(pair, _names.Fresh(declaration.Name + "AndDerivative"));
        var partialVariable = (Variable)partial.Value;
        return new List<Stmt>
        {
            new Comment(call.Callee.Name + " and its derivative in one forward-mode call (one active argument, tangent 1): the reverse sweep multiplies it by " + adjoint.Name),
            new Declaration(pair, both.Name, new PlainCall(pair, call.Callee.QualifiedType + "." + call.Callee.Name + "Tangent", arguments)),
            declaration with { Initializer = Convert(new MemberAccess(call.Type, both, "Value"), declaration.Type) },
            new Declaration(partialVariable.Type, partialVariable.Name, Convert(new MemberAccess(call.Type, both, "Tangent"), partialVariable.Type)),
        };
    }

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
