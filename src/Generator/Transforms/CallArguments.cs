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

            // A slice's derivative is the same slice of the sequence's: read-only for a tangent, written for an adjoint.
            // An inactive sequence still needs a derivative of the right length: a zeroed scratch array.
            string? derivative = argument switch
            {
                Variable sequence => sequenceDerivative(sequence),
                SpanSlice { Sequence: Variable sliced } => sequenceDerivative(sliced),
                _ => null,
            };
            Expr length = argument is SpanSlice slice ? slice.Length ?? new LengthOf(slice.Sequence) : new LengthOf(argument);
            arguments.Add(new Argument((derivative, argument) switch
            {
                (null, _) => new NewSequence(TypeRef.SequenceOf(parameter.Type.Element, Shape.Array), length, IsStackAlloc: false),
                (_, SpanSlice sliced) => sliced with
                {
                    Type = TypeRef.SequenceOf(parameter.Type.Element, seed is null ? Shape.ReadOnlySpan : Shape.Span),
                    Sequence = new Variable(sliced.Sequence.Type, derivative),
                },
                _ => new Variable(argument.Type, derivative),
            }));
        }

        return arguments.ToEquatableArray();
    }
}
