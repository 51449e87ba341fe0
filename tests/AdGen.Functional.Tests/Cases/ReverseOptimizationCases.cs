using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using Xunit;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

// The generated members of f(ReadOnlySpan<T> x, T a, T b): the scalar adjoints go by out/ref, so they can be aliased.
public delegate T SpanAB<T>(ReadOnlySpan<T> x, T a, T b);
public delegate T SpanABGradient<T>(ReadOnlySpan<T> x, T a, T b, Span<T> dx, out T da, out T db);
public delegate (T Value, T Tangent) SpanABTangent<T>(ReadOnlySpan<T> x, T a, T b, ReadOnlySpan<T> dx, T da, T db);
public delegate void SpanABPullback<T>(ReadOnlySpan<T> x, T a, T b, T seed, Span<T> dx, ref T da, ref T db);

/// <summary>A function of (x, a, b) with its raw generated members (for the aliasing tests) and its flat case [x…, a, b].</summary>
public sealed record SpanABCase<T>(string Name, SpanAB<T> Value, SpanABGradient<T> Gradient, SpanABTangent<T> Tangent, SpanABPullback<T> Pullback, Sampler<T> Sample)
    where T : struct, IFloatingPointIeee754<T>
{
    public DerivativeCase<T> Flat => new(
        Name,
        x => Value(x.AsSpan(0, x.Length - 2), x[^2], x[^1]),
        (x, g) => Gradient(x.AsSpan(0, x.Length - 2), x[^2], x[^1], g.AsSpan(0, x.Length - 2), out g[^2], out g[^1]),
        (x, v) => Tangent(x.AsSpan(0, x.Length - 2), x[^2], x[^1], v.AsSpan(0, x.Length - 2), v[^2], v[^1]),
        (x, seed, adjoint) => Pullback(x.AsSpan(0, x.Length - 2), x[^2], x[^1], seed, adjoint.AsSpan(0, x.Length - 2), ref adjoint[^2], ref adjoint[^1]),
        Sample);

    public override string ToString() => Name;
}

/// <summary>
/// The cases of the reverse-mode optimization tests (see <see cref="ReverseOpt"/>), kept apart from the main catalog
/// so that they can also be checked with seed 2.5 and with aliased adjoints.
/// </summary>
public static class ReverseOptimizationCases
{
    /// <summary>x of a random length in [minLength, maxLength] with entries in ±[low, high] (or [low, high]), then a and b in their boxes.</summary>
    public static Sampler<T> XAB<T>(int minLength, int maxLength, double low, double high, (double Low, double High) a, (double Low, double High) b, bool randomSign = false)
        where T : struct, IFloatingPointIeee754<T> =>
        (random, _) =>
        {
            int length = random.Next(minLength, maxLength + 1);
            var point = new T[length + 2];
            for (int i = 0; i < length; i++)
            {
                double value = low + (high - low) * random.NextDouble();
                point[i] = T.CreateChecked(randomSign && random.Next(2) == 0 ? -value : value);
            }

            point[length] = T.CreateChecked(a.Low + (a.High - a.Low) * random.NextDouble());
            point[length + 1] = T.CreateChecked(b.Low + (b.High - b.Low) * random.NextDouble());
            return point;
        };

    private static readonly (double, double) Positive = (0.3, 1.2);
    private static readonly (double, double) Signed = (-1.2, 1.2);

    private static SpanABCase<double> D(string name, SpanAB<double> f, SpanABGradient<double> g, SpanABTangent<double> t, SpanABPullback<double> p, Sampler<double> sample) =>
        new("ReverseOpt." + name, f, g, t, p, sample);

    private static SpanABCase<float> F(string name, SpanAB<float> f, SpanABGradient<float> g, SpanABTangent<float> t, SpanABPullback<float> p, Sampler<float> sample) =>
        new("ReverseOptF." + name, f, g, t, p, sample);

    /// <summary>Functions of (x, a, b) in double.</summary>
    public static IEnumerable<SpanABCase<double>> DoubleAB()
    {
        Sampler<double> general = XAB<double>(0, 7, -1.5, 1.5, Positive, Positive);
        Sampler<double> nonEmpty = XAB<double>(1, 7, -1.5, 1.5, Positive, Positive);

        // 1. expensive temporaries
        yield return D(nameof(ReverseOpt.TapedExpensiveTemporaries), ReverseOpt.TapedExpensiveTemporaries, ReverseOpt.TapedExpensiveTemporariesGradient, ReverseOpt.TapedExpensiveTemporariesTangent, ReverseOpt.TapedExpensiveTemporariesPullback, XAB<double>(0, 8, -1.5, 1.5, Positive, Signed));
        yield return D(nameof(ReverseOpt.NestedExpensiveTemporaries), ReverseOpt.NestedExpensiveTemporaries, ReverseOpt.NestedExpensiveTemporariesGradient, ReverseOpt.NestedExpensiveTemporariesTangent, ReverseOpt.NestedExpensiveTemporariesPullback, XAB<double>(0, 6, -1.2, 1.2, Signed, Signed));
        yield return D(nameof(ReverseOpt.TemporaryReadsValueOverwrittenAfterLoop), ReverseOpt.TemporaryReadsValueOverwrittenAfterLoop, ReverseOpt.TemporaryReadsValueOverwrittenAfterLoopGradient, ReverseOpt.TemporaryReadsValueOverwrittenAfterLoopTangent, ReverseOpt.TemporaryReadsValueOverwrittenAfterLoopPullback, general);
        yield return D(nameof(ReverseOpt.ExpensiveTemporariesInWhile), ReverseOpt.ExpensiveTemporariesInWhile, ReverseOpt.ExpensiveTemporariesInWhileGradient, ReverseOpt.ExpensiveTemporariesInWhileTangent, ReverseOpt.ExpensiveTemporariesInWhilePullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));

        // 2. branch conditions evaluated again
        yield return D(nameof(ReverseOpt.BranchOnCounter), ReverseOpt.BranchOnCounter, ReverseOpt.BranchOnCounterGradient, ReverseOpt.BranchOnCounterTangent, ReverseOpt.BranchOnCounterPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.BranchOnTapedTemporary), ReverseOpt.BranchOnTapedTemporary, ReverseOpt.BranchOnTapedTemporaryGradient, ReverseOpt.BranchOnTapedTemporaryTangent, ReverseOpt.BranchOnTapedTemporaryPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.BranchOnAssignedValue), ReverseOpt.BranchOnAssignedValue, ReverseOpt.BranchOnAssignedValueGradient, ReverseOpt.BranchOnAssignedValueTangent, ReverseOpt.BranchOnAssignedValuePullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.BranchOnParameterAssignedLater), ReverseOpt.BranchOnParameterAssignedLater, ReverseOpt.BranchOnParameterAssignedLaterGradient, ReverseOpt.BranchOnParameterAssignedLaterTangent, ReverseOpt.BranchOnParameterAssignedLaterPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));

        // 3. reverse loops from their bounds
        yield return D(nameof(ReverseOpt.TriangularLoops), ReverseOpt.TriangularLoops, ReverseOpt.TriangularLoopsGradient, ReverseOpt.TriangularLoopsTangent, ReverseOpt.TriangularLoopsPullback, XAB<double>(0, 6, -1, 1, Signed, (-0.5, 0.5)));
        yield return D(nameof(ReverseOpt.BoundFromOuterTemporary), ReverseOpt.BoundFromOuterTemporary, ReverseOpt.BoundFromOuterTemporaryGradient, ReverseOpt.BoundFromOuterTemporaryTangent, ReverseOpt.BoundFromOuterTemporaryPullback, XAB<double>(0, 7, -1, 1, Signed, Signed));
        yield return D(nameof(ReverseOpt.BoundAssigned), ReverseOpt.BoundAssigned, ReverseOpt.BoundAssignedGradient, ReverseOpt.BoundAssignedTangent, ReverseOpt.BoundAssignedPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.BoundFromWhileCounter), ReverseOpt.BoundFromWhileCounter, ReverseOpt.BoundFromWhileCounterGradient, ReverseOpt.BoundFromWhileCounterTangent, ReverseOpt.BoundFromWhileCounterPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));

        // 5. register promotion, adjoints by reference
        yield return D(nameof(ReverseOpt.ScalarParametersInLoops), ReverseOpt.ScalarParametersInLoops, ReverseOpt.ScalarParametersInLoopsGradient, ReverseOpt.ScalarParametersInLoopsTangent, ReverseOpt.ScalarParametersInLoopsPullback, XAB<double>(0, 6, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.RunningMaxAndSum), ReverseOpt.RunningMaxAndSum, ReverseOpt.RunningMaxAndSumGradient, ReverseOpt.RunningMaxAndSumTangent, ReverseOpt.RunningMaxAndSumPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.ScalarParametersInWhileLoops), ReverseOpt.ScalarParametersInWhileLoops, ReverseOpt.ScalarParametersInWhileLoopsGradient, ReverseOpt.ScalarParametersInWhileLoopsTangent, ReverseOpt.ScalarParametersInWhileLoopsPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.OverwrittenParameterInLoop), ReverseOpt.OverwrittenParameterInLoop, ReverseOpt.OverwrittenParameterInLoopGradient, ReverseOpt.OverwrittenParameterInLoopTangent, ReverseOpt.OverwrittenParameterInLoopPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.CallsInLoop), ReverseOpt.CallsInLoop, ReverseOpt.CallsInLoopGradient, ReverseOpt.CallsInLoopTangent, ReverseOpt.CallsInLoopPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));

        // 6. fusion
        yield return D(nameof(ReverseOpt.FusedSum), ReverseOpt.FusedSum, ReverseOpt.FusedSumGradient, ReverseOpt.FusedSumTangent, ReverseOpt.FusedSumPullback, XAB<double>(0, 8, -1.5, 1.5, Positive, Signed));
        yield return D(nameof(ReverseOpt.FusedMean), ReverseOpt.FusedMean, ReverseOpt.FusedMeanGradient, ReverseOpt.FusedMeanTangent, ReverseOpt.FusedMeanPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.FusedThenReadsInputs), ReverseOpt.FusedThenReadsInputs, ReverseOpt.FusedThenReadsInputsGradient, ReverseOpt.FusedThenReadsInputsTangent, ReverseOpt.FusedThenReadsInputsPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.LogOfSum), ReverseOpt.LogOfSum, ReverseOpt.LogOfSumGradient, ReverseOpt.LogOfSumTangent, ReverseOpt.LogOfSumPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.AccumulatorStartsAtExp), ReverseOpt.AccumulatorStartsAtExp, ReverseOpt.AccumulatorStartsAtExpGradient, ReverseOpt.AccumulatorStartsAtExpTangent, ReverseOpt.AccumulatorStartsAtExpPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.AccumulatorsStartAtSqrtAndTanh), ReverseOpt.AccumulatorsStartAtSqrtAndTanh, ReverseOpt.AccumulatorsStartAtSqrtAndTanhGradient, ReverseOpt.AccumulatorsStartAtSqrtAndTanhTangent, ReverseOpt.AccumulatorsStartAtSqrtAndTanhPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.AccumulatorReadBeforeLoop), ReverseOpt.AccumulatorReadBeforeLoop, ReverseOpt.AccumulatorReadBeforeLoopGradient, ReverseOpt.AccumulatorReadBeforeLoopTangent, ReverseOpt.AccumulatorReadBeforeLoopPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.ValueBeforeLoopReadInAndAfter), ReverseOpt.ValueBeforeLoopReadInAndAfter, ReverseOpt.ValueBeforeLoopReadInAndAfterGradient, ReverseOpt.ValueBeforeLoopReadInAndAfterTangent, ReverseOpt.ValueBeforeLoopReadInAndAfterPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.SeveralAccumulators), ReverseOpt.SeveralAccumulators, ReverseOpt.SeveralAccumulatorsGradient, ReverseOpt.SeveralAccumulatorsTangent, ReverseOpt.SeveralAccumulatorsPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.AccumulatorsCombinedNonlinearly), ReverseOpt.AccumulatorsCombinedNonlinearly, ReverseOpt.AccumulatorsCombinedNonlinearlyGradient, ReverseOpt.AccumulatorsCombinedNonlinearlyTangent, ReverseOpt.AccumulatorsCombinedNonlinearlyPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        // a > 0 and |x| ≥ 0.1: t = a·x stays away from its branch boundary at 0.
        yield return D(nameof(ReverseOpt.AccumulatorsInBranches), ReverseOpt.AccumulatorsInBranches, ReverseOpt.AccumulatorsInBranchesGradient, ReverseOpt.AccumulatorsInBranchesTangent, ReverseOpt.AccumulatorsInBranchesPullback, XAB<double>(0, 8, 0.1, 1.5, Positive, Signed, randomSign: true));
        yield return D(nameof(ReverseOpt.FusedBranchOnValueBeforeLoop), ReverseOpt.FusedBranchOnValueBeforeLoop, ReverseOpt.FusedBranchOnValueBeforeLoopGradient, ReverseOpt.FusedBranchOnValueBeforeLoopTangent, ReverseOpt.FusedBranchOnValueBeforeLoopPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.FusedWithInnerLoop), ReverseOpt.FusedWithInnerLoop, ReverseOpt.FusedWithInnerLoopGradient, ReverseOpt.FusedWithInnerLoopTangent, ReverseOpt.FusedWithInnerLoopPullback, XAB<double>(0, 7, -1.5, 1.5, Positive, Signed));
        yield return D(nameof(ReverseOpt.FusedWithCalls), ReverseOpt.FusedWithCalls, ReverseOpt.FusedWithCallsGradient, ReverseOpt.FusedWithCallsTangent, ReverseOpt.FusedWithCallsPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.LoopWritesLocalArray), ReverseOpt.LoopWritesLocalArray, ReverseOpt.LoopWritesLocalArrayGradient, ReverseOpt.LoopWritesLocalArrayTangent, ReverseOpt.LoopWritesLocalArrayPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.PrefixSums), ReverseOpt.PrefixSums, ReverseOpt.PrefixSumsGradient, ReverseOpt.PrefixSumsTangent, ReverseOpt.PrefixSumsPullback, XAB<double>(0, 8, -1.5, 1.5, Signed, Signed));
        // Both branches after the loop: b > 0 and b < 0.
        yield return D(nameof(ReverseOpt.BranchAfterLoop), ReverseOpt.BranchAfterLoop, ReverseOpt.BranchAfterLoopGradient, ReverseOpt.BranchAfterLoopTangent, ReverseOpt.BranchAfterLoopPullback, EachOf(XAB<double>(0, 8, -1.5, 1.5, Signed, Positive), XAB<double>(0, 8, -1.5, 1.5, Signed, (-1.2, -0.3))));
        yield return D(nameof(ReverseOpt.MaxThenSum), ReverseOpt.MaxThenSum, ReverseOpt.MaxThenSumGradient, ReverseOpt.MaxThenSumTangent, ReverseOpt.MaxThenSumPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.ParameterAccumulator), ReverseOpt.ParameterAccumulator, ReverseOpt.ParameterAccumulatorGradient, ReverseOpt.ParameterAccumulatorTangent, ReverseOpt.ParameterAccumulatorPullback, general);
        yield return D(nameof(ReverseOpt.LinearChainAfterLoop), ReverseOpt.LinearChainAfterLoop, ReverseOpt.LinearChainAfterLoopGradient, ReverseOpt.LinearChainAfterLoopTangent, ReverseOpt.LinearChainAfterLoopPullback, XAB<double>(1, 8, -1.5, 1.5, Signed, Signed));
        yield return D(nameof(ReverseOpt.SiblingLoopsReuseNames), ReverseOpt.SiblingLoopsReuseNames, ReverseOpt.SiblingLoopsReuseNamesGradient, ReverseOpt.SiblingLoopsReuseNamesTangent, ReverseOpt.SiblingLoopsReuseNamesPullback, XAB<double>(0, 7, 0.1, 1.5, Signed, Signed, randomSign: true));
        yield return D(nameof(ReverseOpt.FusedCandidateWithBreak), ReverseOpt.FusedCandidateWithBreak, ReverseOpt.FusedCandidateWithBreakGradient, ReverseOpt.FusedCandidateWithBreakTangent, ReverseOpt.FusedCandidateWithBreakPullback, nonEmpty);

        // 7. gradient spans stored, not zeroed and added to (and the near misses that keep adding)
        foreach ((string name, SpanAB<double> f, SpanABGradient<double> g, SpanABTangent<double> t, SpanABPullback<double> p) in new (string, SpanAB<double>, SpanABGradient<double>, SpanABTangent<double>, SpanABPullback<double>)[]
        {
            (nameof(Stored.StepOne), Stored.StepOne, Stored.StepOneGradient, Stored.StepOneTangent, Stored.StepOnePullback),
            (nameof(Stored.StepTwo), Stored.StepTwo, Stored.StepTwoGradient, Stored.StepTwoTangent, Stored.StepTwoPullback),
            (nameof(Stored.StepThree), Stored.StepThree, Stored.StepThreeGradient, Stored.StepThreeTangent, Stored.StepThreePullback),
            (nameof(Stored.StopsEarly), Stored.StopsEarly, Stored.StopsEarlyGradient, Stored.StopsEarlyTangent, Stored.StopsEarlyPullback),
            (nameof(Stored.LeavesWhenLarge), Stored.LeavesWhenLarge, Stored.LeavesWhenLargeGradient, Stored.LeavesWhenLargeTangent, Stored.LeavesWhenLargePullback),
            (nameof(Stored.ScaledAfterTheLoop), Stored.ScaledAfterTheLoop, Stored.ScaledAfterTheLoopGradient, Stored.ScaledAfterTheLoopTangent, Stored.ScaledAfterTheLoopPullback),
            (nameof(Stored.Overlapping), Stored.Overlapping, Stored.OverlappingGradient, Stored.OverlappingTangent, Stored.OverlappingPullback),
            (nameof(Stored.StartsAtOne), Stored.StartsAtOne, Stored.StartsAtOneGradient, Stored.StartsAtOneTangent, Stored.StartsAtOnePullback),
            (nameof(Stored.EveryOtherElement), Stored.EveryOtherElement, Stored.EveryOtherElementGradient, Stored.EveryOtherElementTangent, Stored.EveryOtherElementPullback),
        })
        {
            yield return new SpanABCase<double>("Stored." + name, f, g, t, p, XAB<double>(0, 9, -1.5, 1.5, Positive, Positive));
        }

        // x away from 0: the branch on x[i] > 0 is not crossed by a finite difference.
        yield return new SpanABCase<double>("Stored." + nameof(Stored.ContributionInABranch), Stored.ContributionInABranch, Stored.ContributionInABranchGradient, Stored.ContributionInABranchTangent, Stored.ContributionInABranchPullback, XAB<double>(0, 9, 0.1, 1.5, Positive, Positive, randomSign: true));
    }

    /// <summary>Functions of (x, a, b) in float.</summary>
    public static IEnumerable<SpanABCase<float>> SingleAB()
    {
        yield return F(nameof(ReverseOptF.FusedSum), ReverseOptF.FusedSum, ReverseOptF.FusedSumGradient, ReverseOptF.FusedSumTangent, ReverseOptF.FusedSumPullback, XAB<float>(0, 6, -1, 1, Positive, Signed));
        yield return F(nameof(ReverseOptF.FusedThenReadsInputs), ReverseOptF.FusedThenReadsInputs, ReverseOptF.FusedThenReadsInputsGradient, ReverseOptF.FusedThenReadsInputsTangent, ReverseOptF.FusedThenReadsInputsPullback, XAB<float>(1, 6, -1, 1, Signed, Signed));
        yield return F(nameof(ReverseOptF.AccumulatorsInBranches), ReverseOptF.AccumulatorsInBranches, ReverseOptF.AccumulatorsInBranchesGradient, ReverseOptF.AccumulatorsInBranchesTangent, ReverseOptF.AccumulatorsInBranchesPullback, XAB<float>(0, 6, 0.1, 1, Positive, Signed, randomSign: true));
        yield return F(nameof(ReverseOptF.AccumulatorStartsAtExp), ReverseOptF.AccumulatorStartsAtExp, ReverseOptF.AccumulatorStartsAtExpGradient, ReverseOptF.AccumulatorStartsAtExpTangent, ReverseOptF.AccumulatorStartsAtExpPullback, XAB<float>(1, 6, -1, 1, Signed, Signed));
        yield return F(nameof(ReverseOptF.LogOfSum), ReverseOptF.LogOfSum, ReverseOptF.LogOfSumGradient, ReverseOptF.LogOfSumTangent, ReverseOptF.LogOfSumPullback, XAB<float>(0, 6, -1, 1, Signed, Signed));
        yield return F(nameof(ReverseOptF.FusedWithInnerLoop), ReverseOptF.FusedWithInnerLoop, ReverseOptF.FusedWithInnerLoopGradient, ReverseOptF.FusedWithInnerLoopTangent, ReverseOptF.FusedWithInnerLoopPullback, XAB<float>(0, 6, -1, 1, Signed, Signed));
        yield return F(nameof(ReverseOptF.ScalarParametersInLoops), ReverseOptF.ScalarParametersInLoops, ReverseOptF.ScalarParametersInLoopsGradient, ReverseOptF.ScalarParametersInLoopsTangent, ReverseOptF.ScalarParametersInLoopsPullback, XAB<float>(0, 6, -1, 1, Signed, Signed));
        yield return new SpanABCase<float>("StoredF." + nameof(StoredF.StepTwo), StoredF.StepTwo, StoredF.StepTwoGradient, StoredF.StepTwoTangent, StoredF.StepTwoPullback, XAB<float>(0, 7, -1, 1, Positive, Positive));
        yield return new SpanABCase<float>("StoredF." + nameof(StoredF.StopsEarly), StoredF.StopsEarly, StoredF.StopsEarlyGradient, StoredF.StopsEarlyTangent, StoredF.StopsEarlyPullback, XAB<float>(0, 7, -1, 1, Positive, Positive));
    }

    /// <summary>Functions of other signatures, as flat cases.</summary>
    public static IEnumerable<DerivativeCase<double>> OtherDouble()
    {
        // x = [x…, a]; the threshold is [NoDerivative]. x away from 0 keeps e = exp(x) away from its branch boundary e = 1.
        foreach (double threshold in new[] { -0.5, 0.3 })
        {
            yield return new DerivativeCase<double>(
                $"ReverseOpt.BranchOnOuterTemporaries(threshold: {threshold})",
                x => ReverseOpt.BranchOnOuterTemporaries(x.AsSpan(0, x.Length - 1), x[^1], threshold),
                (x, g) => ReverseOpt.BranchOnOuterTemporariesGradient(x.AsSpan(0, x.Length - 1), x[^1], threshold, g.AsSpan(0, x.Length - 1), out g[^1]),
                (x, v) => ReverseOpt.BranchOnOuterTemporariesTangent(x.AsSpan(0, x.Length - 1), x[^1], threshold, v.AsSpan(0, x.Length - 1), v[^1]),
                (x, seed, adjoint) => ReverseOpt.BranchOnOuterTemporariesPullback(x.AsSpan(0, x.Length - 1), x[^1], threshold, seed, adjoint.AsSpan(0, x.Length - 1), ref adjoint[^1]),
                AwayFromZero<double>(2, 7, 0.1, 1.5));
        }

        // Every index the loops touch lies in 0..7: x has 8 entries. Empty loops included.
        (string Name, Func<double[], int, int, double> Value, Func<double[], int, int, double[], double> Gradient, Func<double[], int, int, double[], (double, double)> Tangent, Action<double[], int, int, double, double[]> Pullback, (int, int)[] Ranges)[] ranges =
        {
            ("RangeLess", (x, s, e) => ReverseOpt.RangeLess(x, s, e), (x, s, e, g) => ReverseOpt.RangeLessGradient(x, s, e, g), (x, s, e, v) => ReverseOpt.RangeLessTangent(x, s, e, v), (x, s, e, seed, d) => ReverseOpt.RangeLessPullback(x, s, e, seed, d),
                new[] { (0, 8), (1, 5), (3, 3), (5, 2), (7, 8) }),
            ("RangeLessOrEqual", (x, s, e) => ReverseOpt.RangeLessOrEqual(x, s, e), (x, s, e, g) => ReverseOpt.RangeLessOrEqualGradient(x, s, e, g), (x, s, e, v) => ReverseOpt.RangeLessOrEqualTangent(x, s, e, v), (x, s, e, seed, d) => ReverseOpt.RangeLessOrEqualPullback(x, s, e, seed, d),
                new[] { (0, 7), (1, 5), (3, 3), (4, 3), (6, 1) }),
            ("RangeDown", (x, s, e) => ReverseOpt.RangeDown(x, s, e), (x, s, e, g) => ReverseOpt.RangeDownGradient(x, s, e, g), (x, s, e, v) => ReverseOpt.RangeDownTangent(x, s, e, v), (x, s, e, seed, d) => ReverseOpt.RangeDownPullback(x, s, e, seed, d),
                new[] { (7, -1), (6, 2), (3, 3), (2, 5), (4, 3) }),
            ("RangeDownOrEqual", (x, s, e) => ReverseOpt.RangeDownOrEqual(x, s, e), (x, s, e, g) => ReverseOpt.RangeDownOrEqualGradient(x, s, e, g), (x, s, e, v) => ReverseOpt.RangeDownOrEqualTangent(x, s, e, v), (x, s, e, seed, d) => ReverseOpt.RangeDownOrEqualPullback(x, s, e, seed, d),
                new[] { (7, 0), (6, 2), (3, 3), (2, 5), (3, 4) }),
        };
        foreach (var range in ranges)
        {
            foreach ((int start, int end) in range.Ranges)
            {
                yield return new DerivativeCase<double>(
                    $"ReverseOpt.{range.Name}(start: {start}, end: {end})",
                    x => range.Value(x, start, end),
                    (x, g) => range.Gradient(x, start, end, g),
                    (x, v) => range.Tangent(x, start, end, v),
                    (x, seed, adjoint) => range.Pullback(x, start, end, seed, adjoint),
                    Uniform<double>(8, -1.5, 1.5));
            }
        }

        // x = [w…, x…] split at every point, so that the loop stops at the shorter span and the rest of the longer one is zeroed.
        foreach (int split in new[] { 0, 2, 3, 5 })
        {
            yield return new DerivativeCase<double>(
                $"Stored.WeightedSquares(w: {split} of 5)",
                x => Stored.WeightedSquares(x.AsSpan(0, split), x.AsSpan(split)),
                (x, g) => Stored.WeightedSquaresGradient(x.AsSpan(0, split), x.AsSpan(split), g.AsSpan(0, split), g.AsSpan(split)),
                (x, v) => Stored.WeightedSquaresTangent(x.AsSpan(0, split), x.AsSpan(split), v.AsSpan(0, split), v.AsSpan(split)),
                (x, seed, adjoint) => Stored.WeightedSquaresPullback(x.AsSpan(0, split), x.AsSpan(split), seed, adjoint.AsSpan(0, split), adjoint.AsSpan(split)),
                Uniform<double>(5, -1.5, 1.5));
        }

        yield return Case.Span<double>("ReverseOpt.LiteralBounds", ReverseOpt.LiteralBounds, ReverseOpt.LiteralBoundsGradient, ReverseOpt.LiteralBoundsTangent, ReverseOpt.LiteralBoundsPullback, Uniform<double>(5, -1.5, 1.5));

        // x = [w…, x…]: w has units·n weights and units biases (ReluLayer) or units·n weights (ReluTwoAdjoints); n = 4.
        foreach (int units in new[] { 1, 3, 6 })
        {
            int weights = units * 4 + units;
            yield return new DerivativeCase<double>(
                $"ReverseOpt.ReluLayer(units: {units})",
                x => ReverseOpt.ReluLayer(x.AsSpan(0, weights), x.AsSpan(weights), units),
                (x, g) => ReverseOpt.ReluLayerGradient(x.AsSpan(0, weights), x.AsSpan(weights), units, g.AsSpan(0, weights), g.AsSpan(weights)),
                (x, v) => ReverseOpt.ReluLayerTangent(x.AsSpan(0, weights), x.AsSpan(weights), units, v.AsSpan(0, weights), v.AsSpan(weights)),
                (x, seed, adjoint) => ReverseOpt.ReluLayerPullback(x.AsSpan(0, weights), x.AsSpan(weights), units, seed, adjoint.AsSpan(0, weights), adjoint.AsSpan(weights)),
                Uniform<double>(weights + 4, -1, 1));

            int plain = units * 4;
            yield return new DerivativeCase<double>(
                $"ReverseOpt.ReluTwoAdjoints(units: {units})",
                x => ReverseOpt.ReluTwoAdjoints(x.AsSpan(0, plain), x.AsSpan(plain), units),
                (x, g) => ReverseOpt.ReluTwoAdjointsGradient(x.AsSpan(0, plain), x.AsSpan(plain), units, g.AsSpan(0, plain), g.AsSpan(plain)),
                (x, v) => ReverseOpt.ReluTwoAdjointsTangent(x.AsSpan(0, plain), x.AsSpan(plain), units, v.AsSpan(0, plain), v.AsSpan(plain)),
                (x, seed, adjoint) => ReverseOpt.ReluTwoAdjointsPullback(x.AsSpan(0, plain), x.AsSpan(plain), units, seed, adjoint.AsSpan(0, plain), adjoint.AsSpan(plain)),
                Uniform<double>(plain + 4, -1, 1));
        }

        yield return Case.Binary<double>("ReverseOpt.Bump", ReverseOpt.Bump, ReverseOpt.BumpGradient, ReverseOpt.BumpTangent, ReverseOpt.BumpPullback, Uniform<double>(2, -1.5, 1.5));

        // x = [w0, w1, w2, x0, x1, x2].
        yield return new DerivativeCase<double>(
            "ReverseOpt.ReluOfCubes",
            x => ReverseOpt.ReluOfCubes(x.AsSpan(0, 3), x.AsSpan(3)),
            (x, g) => ReverseOpt.ReluOfCubesGradient(x.AsSpan(0, 3), x.AsSpan(3), g.AsSpan(0, 3), g.AsSpan(3)),
            (x, v) => ReverseOpt.ReluOfCubesTangent(x.AsSpan(0, 3), x.AsSpan(3), v.AsSpan(0, 3), v.AsSpan(3)),
            (x, seed, adjoint) => ReverseOpt.ReluOfCubesPullback(x.AsSpan(0, 3), x.AsSpan(3), seed, adjoint.AsSpan(0, 3), adjoint.AsSpan(3)),
            Uniform<double>(6, -1, 1));
    }

    // Kept out of the theories while its generator bug is open (see ReverseOptimizationDoubleTests).
        // x = [x…, a]: the three units are active or not depending on a·Σx (in [0.09, 1.8]); each pattern occurs.
    public static DerivativeCase<double> ConsumeBuffer { get; } = new DerivativeCase<double>(
        "ReverseOpt.ConsumeBuffer",
        x => ReverseOpt.ConsumeBuffer(x.AsSpan(0, x.Length - 1), x[^1]),
        (x, g) => ReverseOpt.ConsumeBufferGradient(x.AsSpan(0, x.Length - 1), x[^1], g.AsSpan(0, x.Length - 1), out g[^1]),
        (x, v) => ReverseOpt.ConsumeBufferTangent(x.AsSpan(0, x.Length - 1), x[^1], v.AsSpan(0, x.Length - 1), v[^1]),
        (x, seed, adjoint) => ReverseOpt.ConsumeBufferPullback(x.AsSpan(0, x.Length - 1), x[^1], seed, adjoint.AsSpan(0, x.Length - 1), ref adjoint[^1]),
        Box<double>((0.1, 0.5), (0.1, 0.5), (0.1, 0.5), (0.3, 1.2)));

    /// <summary>
    /// Functions checked only by dedicated facts: the kink-count functions (the KinkMonitor tests must be their only
    /// callers) and ConsumeBuffer (kept out of the theories while its generator bug is open).
    /// </summary>
    public static IReadOnlyList<string> CheckedByFacts { get; } = new[]
    {
        "ReverseOpt." + nameof(ReverseOpt.ConsumeBuffer),
        "ReverseOpt." + nameof(ReverseOpt.KinksFused),
        "ReverseOpt." + nameof(ReverseOpt.KinksUnfused),
        "ReverseOpt." + nameof(ReverseOpt.KinksInInactiveUnit),
        "ReverseOpt." + nameof(ReverseOpt.NumberedSum),
    };

    public static IReadOnlyDictionary<string, SpanABCase<double>> DoubleABByName { get; } = DoubleAB().ToDictionary(static c => c.Name, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, SpanABCase<float>> SingleABByName { get; } = SingleAB().ToDictionary(static c => c.Name, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, DerivativeCase<double>> Double { get; } =
        DoubleAB().Select(static c => c.Flat).Concat(OtherDouble()).ToDictionary(static c => c.Name, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, DerivativeCase<float>> Single { get; } =
        SingleAB().Select(static c => c.Flat).ToDictionary(static c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> DoubleNames => Names(Double.Keys);

    public static TheoryData<string> SingleNames => Names(Single.Keys);

    public static TheoryData<string> DoubleABNames => Names(DoubleABByName.Keys);

    public static TheoryData<string> SingleABNames => Names(SingleABByName.Keys);

    private static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }
}
