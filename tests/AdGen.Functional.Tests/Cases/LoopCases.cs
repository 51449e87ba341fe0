using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

public static class LoopCases
{
    public static IEnumerable<DerivativeCase<double>> All()
    {
        // Lengths vary per point: the trip counts are known only at run time (zero included where the code allows it).
        yield return Case.Span<double>("Loops.WhileProduct", Loops.WhileProduct, Loops.WhileProductGradient, Loops.WhileProductTangent, Loops.WhileProductPullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Span<double>("Loops.DoWhileRecurrence", Loops.DoWhileRecurrence, Loops.DoWhileRecurrenceGradient, Loops.DoWhileRecurrenceTangent, Loops.DoWhileRecurrencePullback, VariableLength<double>(1, 8, -1.5, 1.5));
        yield return Case.Span<double>("Loops.ForeachGaussianSum", Loops.ForeachGaussianSum, Loops.ForeachGaussianSumGradient, Loops.ForeachGaussianSumTangent, Loops.ForeachGaussianSumPullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Span<double>("Loops.NestedPairwise", Loops.NestedPairwise, Loops.NestedPairwiseGradient, Loops.NestedPairwiseTangent, Loops.NestedPairwisePullback, VariableLength<double>(1, 7, -1.5, 1.5));
        // Entries in [1, 1.2]: partial sums 1–1.2, 2–2.4, 3–3.6, so the break at 2.5 always happens on the third entry, 0.1 from the boundary.
        yield return Case.Span<double>("Loops.BreakOnThreshold", Loops.BreakOnThreshold, Loops.BreakOnThresholdGradient, Loops.BreakOnThresholdTangent, Loops.BreakOnThresholdPullback, VariableLength<double>(1, 6, 1.0, 1.2));
        yield return Case.Span<double>("Loops.ContinueSkips", Loops.ContinueSkips, Loops.ContinueSkipsGradient, Loops.ContinueSkipsTangent, Loops.ContinueSkipsPullback, AwayFromZero<double>(1, 8, 0.2, 1.5));
        // Squares in [0.81, 0.98]: the sum passes 3.1 exactly at the fourth entry (s₃ ≤ 2.94 < 3.1 < 3.24 ≤ s₄).
        yield return Case.Span<double>("Loops.EarlyReturnInLoop", Loops.EarlyReturnInLoop, Loops.EarlyReturnInLoopGradient, Loops.EarlyReturnInLoopTangent, Loops.EarlyReturnInLoopPullback, VariableLength<double>(1, 6, 0.9, 0.99));
        yield return Case.Span<double>("Loops.CountersAndVariance", Loops.CountersAndVariance, Loops.CountersAndVarianceGradient, Loops.CountersAndVarianceTangent, Loops.CountersAndVariancePullback, VariableLength<double>(1, 8, -2, 2));

        foreach (int steps in new[] { 1, 10, 50 })
        {
            yield return new DerivativeCase<double>(
                $"Loops.EulerDecay(steps: {steps})",
                x => Loops.EulerDecay(x[0], x[1], steps),
                (x, g) => Loops.EulerDecayGradient(x[0], x[1], steps, out g[0], out g[1]),
                (x, v) => Loops.EulerDecayTangent(x[0], x[1], steps, v[0], v[1]),
                (x, seed, adjoint) => Loops.EulerDecayPullback(x[0], x[1], steps, seed, ref adjoint[0], ref adjoint[1]),
                Box<double>((0.5, 2), (0.1, 0.9)));
        }

        foreach (int steps in new[] { 1, 20, 200 })
        {
            yield return new DerivativeCase<double>(
                $"Loops.EulerPendulum(steps: {steps})",
                x => Loops.EulerPendulum(x[0], x[1], x[2], steps),
                (x, g) => Loops.EulerPendulumGradient(x[0], x[1], x[2], steps, out g[0], out g[1], out g[2]),
                (x, v) => Loops.EulerPendulumTangent(x[0], x[1], x[2], steps, v[0], v[1], v[2]),
                (x, seed, adjoint) => Loops.EulerPendulumPullback(x[0], x[1], x[2], steps, seed, ref adjoint[0], ref adjoint[1], ref adjoint[2]),
                Box<double>((-1, 1), (-1, 1), (5, 10)));
        }

        // A double[] parameter: the flat vector is the array itself.
        yield return new DerivativeCase<double>(
            "Loops.ForeachOverArray",
            x => Loops.ForeachOverArray(x),
            (x, g) => Loops.ForeachOverArrayGradient(x, g),
            (x, v) => Loops.ForeachOverArrayTangent(x, v),
            (x, seed, adjoint) => Loops.ForeachOverArrayPullback(x, seed, adjoint),
            VariableLength<double>(0, 8, -2, 2));

        foreach (int width in new[] { 1, 3 })
        {
            yield return new DerivativeCase<double>(
                $"Loops.RowSumsSquared(width: {width})",
                x => Loops.RowSumsSquared(x, width),
                (x, g) => Loops.RowSumsSquaredGradient(x, width, g),
                (x, v) => Loops.RowSumsSquaredTangent(x, width, v),
                (x, seed, adjoint) => Loops.RowSumsSquaredPullback(x, width, seed, adjoint),
                VariableLength<double>(0, 8, -2, 2));
        }
    }
}
