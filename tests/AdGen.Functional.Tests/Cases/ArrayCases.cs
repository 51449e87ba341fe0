using System;
using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

public static class ArrayCases
{
    public static IEnumerable<DerivativeCase<double>> All()
    {
        yield return Case.Span<double>("Arrays.Rosenbrock", Arrays.Rosenbrock, Arrays.RosenbrockGradient, Arrays.RosenbrockTangent, Arrays.RosenbrockPullback, VariableLength<double>(1, 8, -1.5, 1.5));
        yield return Case.Span<double>("Arrays.Norm", Arrays.Norm, Arrays.NormGradient, Arrays.NormTangent, Arrays.NormPullback, AwayFromZero<double>(1, 8, 0.3, 2));
        yield return Case.Span<double>("Arrays.LogSumExp", Arrays.LogSumExp, Arrays.LogSumExpGradient, Arrays.LogSumExpTangent, Arrays.LogSumExpPullback, VariableLength<double>(1, 8, -3, 3));
        yield return Case.Span<double>("StoppedGradients.LogSumExpStoppedMax", StoppedGradients.LogSumExpStoppedMax, StoppedGradients.LogSumExpStoppedMaxGradient, StoppedGradients.LogSumExpStoppedMaxTangent, StoppedGradients.LogSumExpStoppedMaxPullback, VariableLength<double>(1, 8, -3, 3));
        yield return Case.Span<double>("Arrays.WeightedByStaticTable", Arrays.WeightedByStaticTable, Arrays.WeightedByStaticTableGradient, Arrays.WeightedByStaticTableTangent, Arrays.WeightedByStaticTablePullback, VariableLength<double>(1, 8, -2, 2));
        yield return Case.Span<double>("Arrays.LocalArrayCompoundAssignments", Arrays.LocalArrayCompoundAssignments, Arrays.LocalArrayCompoundAssignmentsGradient, Arrays.LocalArrayCompoundAssignmentsTangent, Arrays.LocalArrayCompoundAssignmentsPullback, VariableLength<double>(1, 8, -2, 2));
        yield return Case.Span<double>("Arrays.StackallocSmoothing", Arrays.StackallocSmoothing, Arrays.StackallocSmoothingGradient, Arrays.StackallocSmoothingTangent, Arrays.StackallocSmoothingPullback, VariableLength<double>(1, 8, -2, 2));

        yield return Case.Span<double>("Arrays.ElementsOverwrittenInNestedLoops", Arrays.ElementsOverwrittenInNestedLoops, Arrays.ElementsOverwrittenInNestedLoopsGradient, Arrays.ElementsOverwrittenInNestedLoopsTangent, Arrays.ElementsOverwrittenInNestedLoopsPullback, VariableLength<double>(0, 8, -1.5, 1.5));

        foreach (int n in new[] { 1, 4, 7 })
        {
            yield return new DerivativeCase<double>(
                $"Arrays.LocalArrayOfParameterLength(n: {n})",
                x => Arrays.LocalArrayOfParameterLength(x[0], n),
                (x, g) => Arrays.LocalArrayOfParameterLengthGradient(x[0], n, out g[0]),
                (x, v) => Arrays.LocalArrayOfParameterLengthTangent(x[0], n, v[0]),
                (x, seed, adjoint) => Arrays.LocalArrayOfParameterLengthPullback(x[0], n, seed, ref adjoint[0]),
                Uniform<double>(1, -1.5, 1.5));
        }

        // x = [a…, b…]: two double[] parameters of equal length.
        yield return new DerivativeCase<double>(
            "Arrays.DotOfArrays",
            x => Arrays.DotOfArrays(FirstHalf(x), SecondHalf(x)),
            (x, g) => Arrays.DotOfArraysGradient(FirstHalf(x), SecondHalf(x), g.AsSpan(0, x.Length / 2), g.AsSpan(x.Length / 2)),
            (x, v) => Arrays.DotOfArraysTangent(FirstHalf(x), SecondHalf(x), FirstHalf(v), SecondHalf(v)),
            (x, seed, adjoint) => Arrays.DotOfArraysPullback(FirstHalf(x), SecondHalf(x), seed, adjoint.AsSpan(0, x.Length / 2), adjoint.AsSpan(x.Length / 2)),
            (random, _) => Fill(new double[2 * random.Next(1, 6)], random, -2, 2));

        // x = [parameters…, input…]: both spans are differentiated.
        foreach ((int hidden, int inputs) in new[] { (1, 2), (3, 4) })
        {
            int parameterCount = hidden * inputs + 2 * hidden + 1;
            yield return new DerivativeCase<double>(
                $"Arrays.MlpLayer(hidden: {hidden}, inputs: {inputs})",
                x => Arrays.MlpLayer(x.AsSpan(0, parameterCount), x.AsSpan(parameterCount), hidden),
                (x, g) => Arrays.MlpLayerGradient(x.AsSpan(0, parameterCount), x.AsSpan(parameterCount), hidden, g.AsSpan(0, parameterCount), g.AsSpan(parameterCount)),
                (x, v) => Arrays.MlpLayerTangent(x.AsSpan(0, parameterCount), x.AsSpan(parameterCount), hidden, v.AsSpan(0, parameterCount), v.AsSpan(parameterCount)),
                (x, seed, adjoint) => Arrays.MlpLayerPullback(x.AsSpan(0, parameterCount), x.AsSpan(parameterCount), hidden, seed, adjoint.AsSpan(0, parameterCount), adjoint.AsSpan(parameterCount)),
                Uniform<double>(parameterCount + inputs, -1, 1));
        }

        // x = [scale, x₀…x₂, y₀…y₂]; offset is [NoDerivative], power an int.
        const int Length = 3;
        const double Offset = 0.25;
        foreach (int power in new[] { 2, 3 })
        {
            yield return new DerivativeCase<double>(
                $"Arrays.MixedParameters(power: {power})",
                x => Arrays.MixedParameters(x[0], x.AsSpan(1, Length), x[(1 + Length)..], Offset, power),
                (x, g) => Arrays.MixedParametersGradient(x[0], x.AsSpan(1, Length), x[(1 + Length)..], Offset, power, out g[0], g.AsSpan(1, Length), g.AsSpan(1 + Length)),
                (x, v) => Arrays.MixedParametersTangent(x[0], x.AsSpan(1, Length), x[(1 + Length)..], Offset, power, v[0], v.AsSpan(1, Length), v.AsSpan(1 + Length)),
                (x, seed, adjoint) => Arrays.MixedParametersPullback(x[0], x.AsSpan(1, Length), x[(1 + Length)..], Offset, power, seed, ref adjoint[0], adjoint.AsSpan(1, Length), adjoint.AsSpan(1 + Length)),
                Uniform<double>(1 + 2 * Length, -1, 1));
        }

        int[] bins = { 0, 2, 1, 0, 1, 2, 2, 0 };
        int[] order = { 2, 0, 1, 1 };
        yield return new DerivativeCase<double>(
            "Arrays.GatherScatter",
            x => Arrays.GatherScatter(x, bins, order),
            (x, g) => Arrays.GatherScatterGradient(x, bins, order, g),
            (x, v) => Arrays.GatherScatterTangent(x, bins, order, v),
            (x, seed, adjoint) => Arrays.GatherScatterPullback(x, bins, order, seed, adjoint),
            VariableLength<double>(1, 8, -1.5, 1.5));
    }

    private static double[] FirstHalf(double[] x) => x[..(x.Length / 2)];

    private static double[] SecondHalf(double[] x) => x[(x.Length / 2)..];
}
