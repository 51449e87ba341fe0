using System;
using AdGen.Functional.Tests.Functions;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>
/// Reverse mode uses a pooled tape: a gradient of loop-free code allocates nothing, and a gradient through loops
/// allocates nothing once the tape has grown (steady state). Only methods that allocate no local array themselves.
/// </summary>
public sealed class AllocationTests
{
    private const int WarmUpCalls = 200;
    private const int MeasuredCalls = 1000;

    [Fact]
    public void LoopFreeGradientsAllocateNothing()
    {
        double sink = 0.0;
        AssertAllocatesNothing(() => sink += Scalars.DoubleStaticFormsGradient(0.3, -0.2, out double dx, out double dy) + dx + dy);
        AssertAllocatesNothing(() => sink += Scalars.CompoundAssignmentsGradient(0.3, -0.2, out double dx, out double dy) + dx + dy);
        AssertAllocatesNothing(() => sink += Branches.NestedBranchesGradient(-0.5, -1.5, out double dx, out double dy) + dx + dy);
        AssertAllocatesNothing(() =>
        {
            double da = 0.1, db = 0.2;
            Calls.SoftplusOfSquarePullback(0.4, 0.7, 2.0, ref da, ref db);
            sink += da + db;
        });
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void LoopGradientsAllocateNothingInSteadyState()
    {
        double[] x = { 0.5, -1.2, 0.8, 1.5, -0.3, 0.9 };
        double[] gradient = new double[x.Length];
        double[] parameters = { 0.3, -0.7, 1.1, 0.2, 0.05, -0.4, 1.5, -0.8, 0.1 };
        double[] input = { 0.6, -1.2 };
        double[] dParameters = new double[parameters.Length];
        double[] dInput = new double[input.Length];
        double sink = 0.0;

        AssertAllocatesNothing(() => sink += Arrays.RosenbrockGradient(x, gradient));
        AssertAllocatesNothing(() => sink += Arrays.LogSumExpGradient(x, gradient));
        AssertAllocatesNothing(() => sink += Loops.NestedPairwiseGradient(x, gradient));
        AssertAllocatesNothing(() => sink += Loops.BreakOnThresholdGradient(x, gradient));
        AssertAllocatesNothing(() => sink += Loops.DoWhileRecurrenceGradient(x, gradient));
        AssertAllocatesNothing(() => sink += Arrays.MlpLayerGradient(parameters, input, 2, dParameters, dInput));
        AssertAllocatesNothing(() => sink += Loops.EulerPendulumGradient(0.5, -0.2, 9.81, 200, out double da, out double dv, out double dg) + da + dv + dg);
        AssertAllocatesNothing(() => sink += Calls.IteratedSoftplusGradient(0.7, 20, out double dx) + dx);
        AssertAllocatesNothing(() => sink += Calls.BlackScholesCallGradient(100, 95, 0.03, 0.2, 1, out double d1, out double d2, out double d3, out double d4, out double d5) + d1 + d2 + d3 + d4 + d5);
        AssertAllocatesNothing(() => Arrays.RosenbrockPullback(x, 0.5, gradient));
        Assert.True(double.IsFinite(sink));
    }

    private static void AssertAllocatesNothing(Action call)
    {
        for (int i = 0; i < WarmUpCalls; i++)
        {
            call();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredCalls; i++)
        {
            call();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0L, allocated);
    }
}
