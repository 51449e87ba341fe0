using System;
using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

/// <summary>float methods, checked in single precision with float derivatives.</summary>
public static class FloatCases
{
    public static IEnumerable<DerivativeCase<float>> All()
    {
        yield return Case.Binary<float>("Floats.Arithmetic", Floats.Arithmetic, Floats.ArithmeticGradient, Floats.ArithmeticTangent, Floats.ArithmeticPullback, Box<float>((-2, 2), (0.5, 2)));
        yield return Case.Binary<float>("Floats.MathFForms", Floats.MathFForms, Floats.MathFFormsGradient, Floats.MathFFormsTangent, Floats.MathFFormsPullback, Uniform<float>(2, -0.8, 0.8));
        yield return Case.Binary<float>("Floats.FloatStaticForms", Floats.FloatStaticForms, Floats.FloatStaticFormsGradient, Floats.FloatStaticFormsTangent, Floats.FloatStaticFormsPullback, Uniform<float>(2, -0.8, 0.8));
        yield return Case.Binary<float>("Floats.Casts", Floats.Casts, Floats.CastsGradient, Floats.CastsTangent, Floats.CastsPullback, Uniform<float>(2, -1, 1));
        yield return Case.Scalar<float>("Floats.Softplus", Floats.Softplus, Floats.SoftplusGradient, Floats.SoftplusTangent, Floats.SoftplusPullback, Uniform<float>(1, -3, 3));
        yield return Case.Span<float>("Floats.LocalBuffers", Floats.LocalBuffers, Floats.LocalBuffersGradient, Floats.LocalBuffersTangent, Floats.LocalBuffersPullback, VariableLength<float>(1, 8, -1.5, 1.5));
        // Second sampler: squares 42–49 then a negative entry, so the sum passes 100 at the fourth entry, ≥ 2 from the boundary.
        yield return Case.Span<float>(
            "Floats.WhileWithBreakAndContinue", Floats.WhileWithBreakAndContinue, Floats.WhileWithBreakAndContinueGradient, Floats.WhileWithBreakAndContinueTangent, Floats.WhileWithBreakAndContinuePullback,
            EachOf(AwayFromZero<float>(1, 8, 0.2, 2), Box<float>((6.5, 7), (-2, -1), (6.5, 7), (6.5, 7), (0.5, 1))));

        // x = [coefficients…, x]: a float[] and a float.
        yield return new DerivativeCase<float>(
            "Floats.ArrayHorner",
            x => Floats.ArrayHorner(x[..^1], x[^1]),
            (x, g) => Floats.ArrayHornerGradient(x[..^1], x[^1], g.AsSpan(0, x.Length - 1), out g[^1]),
            (x, v) => Floats.ArrayHornerTangent(x[..^1], x[^1], v.AsSpan(0, x.Length - 1), v[^1]),
            (x, seed, adjoint) => Floats.ArrayHornerPullback(x[..^1], x[^1], seed, adjoint.AsSpan(0, x.Length - 1), ref adjoint[^1]),
            VariableLength<float>(2, 6, -1.2, 1.2));

        foreach ((int hidden, int inputs) in new[] { (1, 1), (2, 3) })
        {
            int weightCount = hidden * inputs + hidden;
            yield return new DerivativeCase<float>(
                $"Floats.MlpLayer(hidden: {hidden}, inputs: {inputs})",
                x => Floats.MlpLayer(x.AsSpan(0, weightCount), x.AsSpan(weightCount), hidden),
                (x, g) => Floats.MlpLayerGradient(x.AsSpan(0, weightCount), x.AsSpan(weightCount), hidden, g.AsSpan(0, weightCount), g.AsSpan(weightCount)),
                (x, v) => Floats.MlpLayerTangent(x.AsSpan(0, weightCount), x.AsSpan(weightCount), hidden, v.AsSpan(0, weightCount), v.AsSpan(weightCount)),
                (x, seed, adjoint) => Floats.MlpLayerPullback(x.AsSpan(0, weightCount), x.AsSpan(weightCount), hidden, seed, adjoint.AsSpan(0, weightCount), adjoint.AsSpan(weightCount)),
                Uniform<float>(weightCount + inputs, -1, 1));
        }

        yield return Case.Span<float>("Floats.SpanLogSumExpPlusSoftplus", Floats.SpanLogSumExpPlusSoftplus, Floats.SpanLogSumExpPlusSoftplusGradient, Floats.SpanLogSumExpPlusSoftplusTangent, Floats.SpanLogSumExpPlusSoftplusPullback, VariableLength<float>(1, 8, -3, 3));

        yield return Case.Scalar<float>("Floats.Literals", Floats.Literals, Floats.LiteralsGradient, Floats.LiteralsTangent, Floats.LiteralsPullback, Uniform<float>(1, -2, 2));

        yield return Case.Scalar<float>("Calls.FloatCallsDouble", Calls.FloatCallsDouble, Calls.FloatCallsDoubleGradient, Calls.FloatCallsDoubleTangent, Calls.FloatCallsDoublePullback, Uniform<float>(1, -2, 2));
    }
}
