using System;
using System.Collections.Generic;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// The arguments of a callee's generated derivative, in the order of the generated API: the primal arguments, then
/// (reverse mode) the seed, then one derivative argument per differentiable parameter.
/// </summary>
internal static class CallArguments
{
    /// <param name="sequenceDerivative">The name of an active sequence's derivative, or null for an inactive one.</param>
    /// <param name="scalarDerivative">The derivative argument for a scalar argument and its parameter.</param>
    public static EquatableArray<Argument> Build(
        DifferentiableCall call,
        Expr? seed,
        Func<Variable, string?> sequenceDerivative,
        Func<Expr, ParameterModel, Argument> scalarDerivative)
    {
        var arguments = new List<Argument>();
        foreach (Expr argument in call.Arguments)
        {
            arguments.Add(new Argument(argument));
        }

        if (seed is not null)
        {
            arguments.Add(new Argument(ExprBuilder.Convert(seed, call.Type)!));
        }

        for (int i = 0; i < call.Callee.Parameters.Count; i++)
        {
            ParameterModel parameter = call.Callee.Parameters[i];
            if (!parameter.IsDifferentiable)
            {
                continue;
            }

            Expr argument = call.Arguments[i];
            if (!parameter.Type.IsSequence)
            {
                arguments.Add(scalarDerivative(argument, parameter));
                continue;
            }

            // An inactive sequence still needs a derivative of the right length: a zeroed scratch array.
            string? derivative = argument is Variable sequence ? sequenceDerivative(sequence) : null;
            arguments.Add(new Argument(derivative is not null
                ? new Variable(argument.Type, derivative)
                : new NewSequence(TypeRef.SequenceOf(parameter.Type.Element, Shape.Array), new LengthOf(argument), IsStackAlloc: false)));
        }

        return arguments.ToEquatableArray();
    }
}
