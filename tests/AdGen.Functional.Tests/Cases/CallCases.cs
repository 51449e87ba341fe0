using System;
using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using AdGen.Functional.Tests.Functions.Distributions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

public static class CallCases
{
    public static IEnumerable<DerivativeCase<double>> All()
    {
        yield return Case.Scalar<double>("Calls.Square", Calls.Square, Calls.SquareGradient, Calls.SquareTangent, Calls.SquarePullback, Uniform<double>(1, -2, 2));
        yield return Case.Binary<double>("Calls.SoftplusOfSquare", Calls.SoftplusOfSquare, Calls.SoftplusOfSquareGradient, Calls.SoftplusOfSquareTangent, Calls.SoftplusOfSquarePullback, Uniform<double>(2, -1.5, 1.5));
        yield return Case.Span<double>("Calls.SumOfSoftplusTimesSquare", Calls.SumOfSoftplusTimesSquare, Calls.SumOfSoftplusTimesSquareGradient, Calls.SumOfSoftplusTimesSquareTangent, Calls.SumOfSoftplusTimesSquarePullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Scalar<double>("Normal.Cdf", Normal.Cdf, Normal.CdfGradient, Normal.CdfTangent, Normal.CdfPullback, Uniform<double>(1, -3, 3));

        yield return Case.Span<double>("Calls.CallResultsIntoArrayAndProduct", Calls.CallResultsIntoArrayAndProduct, Calls.CallResultsIntoArrayAndProductGradient, Calls.CallResultsIntoArrayAndProductTangent, Calls.CallResultsIntoArrayAndProductPullback, VariableLength<double>(1, 8, -1.5, 1.5));
        yield return Case.Span<double>("Calls.SpanCallInLoop", Calls.SpanCallInLoop, Calls.SpanCallInLoopGradient, Calls.SpanCallInLoopTangent, Calls.SpanCallInLoopPullback, AwayFromZero<double>(1, 6, 0.3, 2));
        yield return Case.Span<double>("Calls.LocalArrayToCall", Calls.LocalArrayToCall, Calls.LocalArrayToCallGradient, Calls.LocalArrayToCallTangent, Calls.LocalArrayToCallPullback, AwayFromZero<double>(1, 6, 0.3, 2));

        // x = [x…, scale].
        yield return new DerivativeCase<double>(
            "Calls.ScaledNorm",
            x => Calls.ScaledNorm(x.AsSpan(0, x.Length - 1), x[^1]),
            (x, g) => Calls.ScaledNormGradient(x.AsSpan(0, x.Length - 1), x[^1], g.AsSpan(0, x.Length - 1), out g[^1]),
            (x, v) => Calls.ScaledNormTangent(x.AsSpan(0, x.Length - 1), x[^1], v.AsSpan(0, x.Length - 1), v[^1]),
            (x, seed, adjoint) => Calls.ScaledNormPullback(x.AsSpan(0, x.Length - 1), x[^1], seed, adjoint.AsSpan(0, x.Length - 1), ref adjoint[^1]),
            AwayFromZero<double>(2, 8, 0.3, 2));

        yield return new DerivativeCase<double>(
            "Calls.BlackScholesCall",
            x => Calls.BlackScholesCall(x[0], x[1], x[2], x[3], x[4]),
            (x, g) => Calls.BlackScholesCallGradient(x[0], x[1], x[2], x[3], x[4], out g[0], out g[1], out g[2], out g[3], out g[4]),
            (x, v) => Calls.BlackScholesCallTangent(x[0], x[1], x[2], x[3], x[4], v[0], v[1], v[2], v[3], v[4]),
            (x, seed, adjoint) => Calls.BlackScholesCallPullback(x[0], x[1], x[2], x[3], x[4], seed, ref adjoint[0], ref adjoint[1], ref adjoint[2], ref adjoint[3], ref adjoint[4]),
            Box<double>((80, 120), (90, 110), (0.01, 0.05), (0.15, 0.4), (0.25, 2)));

        foreach (int iterations in new[] { 0, 1, 5 })
        {
            yield return new DerivativeCase<double>(
                $"Calls.IteratedSoftplus(iterations: {iterations})",
                x => Calls.IteratedSoftplus(x[0], iterations),
                (x, g) => Calls.IteratedSoftplusGradient(x[0], iterations, out g[0]),
                (x, v) => Calls.IteratedSoftplusTangent(x[0], iterations, v[0]),
                (x, seed, adjoint) => Calls.IteratedSoftplusPullback(x[0], iterations, seed, ref adjoint[0]),
                Uniform<double>(1, -2, 2));
        }

        yield return Case.Binary<double>("Calls.CallsWithPassthrough", Calls.CallsWithPassthrough, Calls.CallsWithPassthroughGradient, Calls.CallsWithPassthroughTangent, Calls.CallsWithPassthroughPullback, Uniform<double>(2, -1.5, 1.5));

        yield return Case.Span<double>("Calls.DotWithItself", Calls.DotWithItself, Calls.DotWithItselfGradient, Calls.DotWithItselfTangent, Calls.DotWithItselfPullback, VariableLength<double>(1, 8, -2, 2));
        // x = [a…, b…].
        yield return new DerivativeCase<double>(
            "Calls.Dot",
            x => Calls.Dot(x.AsSpan(0, x.Length / 2), x.AsSpan(x.Length / 2)),
            (x, g) => Calls.DotGradient(x.AsSpan(0, x.Length / 2), x.AsSpan(x.Length / 2), g.AsSpan(0, x.Length / 2), g.AsSpan(x.Length / 2)),
            (x, v) => Calls.DotTangent(x.AsSpan(0, x.Length / 2), x.AsSpan(x.Length / 2), v.AsSpan(0, x.Length / 2), v.AsSpan(x.Length / 2)),
            (x, seed, adjoint) => Calls.DotPullback(x.AsSpan(0, x.Length / 2), x.AsSpan(x.Length / 2), seed, adjoint.AsSpan(0, x.Length / 2), adjoint.AsSpan(x.Length / 2)),
            (random, _) => Fill(new double[2 * random.Next(0, 5)], random, -2, 2));

        // x = [x…, start]. Entries ±[0.2, 1.5] keep the branches on x[i] clear; the branches on the state are not
        // controlled, and none of the fixed-seed points sits within a step of one (a failure would name the point).
        yield return new DerivativeCase<double>(
            "Calls.InterleavedTapes",
            x => Calls.InterleavedTapes(x.AsSpan(0, x.Length - 1), x[^1]),
            (x, g) => Calls.InterleavedTapesGradient(x.AsSpan(0, x.Length - 1), x[^1], g.AsSpan(0, x.Length - 1), out g[^1]),
            (x, v) => Calls.InterleavedTapesTangent(x.AsSpan(0, x.Length - 1), x[^1], v.AsSpan(0, x.Length - 1), v[^1]),
            (x, seed, adjoint) => Calls.InterleavedTapesPullback(x.AsSpan(0, x.Length - 1), x[^1], seed, adjoint.AsSpan(0, x.Length - 1), ref adjoint[^1]),
            AwayFromZero<double>(2, 7, 0.2, 1.5));
        yield return new DerivativeCase<double>(
            "Calls.DampedRecurrence",
            x => Calls.DampedRecurrence(x.AsSpan(0, x.Length - 1), x[^1]),
            (x, g) => Calls.DampedRecurrenceGradient(x.AsSpan(0, x.Length - 1), x[^1], g.AsSpan(0, x.Length - 1), out g[^1]),
            (x, v) => Calls.DampedRecurrenceTangent(x.AsSpan(0, x.Length - 1), x[^1], v.AsSpan(0, x.Length - 1), v[^1]),
            (x, seed, adjoint) => Calls.DampedRecurrencePullback(x.AsSpan(0, x.Length - 1), x[^1], seed, adjoint.AsSpan(0, x.Length - 1), ref adjoint[^1]),
            AwayFromZero<double>(2, 7, 0.2, 1.5));
    }
}
