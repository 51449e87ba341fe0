using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>
/// Forward and reverse mode apply the same rule at every kink: for random directions v, ∇f·v from the Gradient
/// member equals the Tangent member's derivative along v, at points chosen on kinks (entries in a small grid, so
/// that pre-activations are exactly 0 and values tie exactly) and at random points.
/// </summary>
public class ForwardReverseTests
{
    private static readonly Derivatives Network = Span("tiny network", CompositeFunctions.TinyNetwork, CompositeFunctions.TinyNetworkGradient, CompositeFunctions.TinyNetworkTangent, CompositeFunctions.TinyNetworkPullback);
    private static readonly Derivatives NetworkWithOptions = Span("tiny network [every option set]", CompositeFunctions.TinyNetworkWithOptions, CompositeFunctions.TinyNetworkWithOptionsGradient, CompositeFunctions.TinyNetworkWithOptionsTangent, CompositeFunctions.TinyNetworkWithOptionsPullback);
    private static readonly Derivatives NetworkF = SpanF("tiny network (float)", CompositeFunctionsF.TinyNetwork, CompositeFunctionsF.TinyNetworkGradient, CompositeFunctionsF.TinyNetworkTangent, CompositeFunctionsF.TinyNetworkPullback);
    private static readonly Derivatives RunningMax = Span("running max", MaxTypeFunctions.RunningMax, MaxTypeFunctions.RunningMaxGradient, MaxTypeFunctions.RunningMaxTangent, MaxTypeFunctions.RunningMaxPullback);
    private static readonly Derivatives UpperEnvelope = Span("upper envelope", MaxTypeFunctions.UpperEnvelope, MaxTypeFunctions.UpperEnvelopeGradient, MaxTypeFunctions.UpperEnvelopeTangent, MaxTypeFunctions.UpperEnvelopePullback);
    private static readonly Derivatives MinOfMax = Span("min of max", MaxTypeFunctions.MinOfMax, MaxTypeFunctions.MinOfMaxGradient, MaxTypeFunctions.MinOfMaxTangent, MaxTypeFunctions.MinOfMaxPullback);
    private static readonly Derivatives Clamp = Ternary("Math.Clamp", ClampFunctions.Default, ClampFunctions.DefaultGradient, ClampFunctions.DefaultTangent, ClampFunctions.DefaultPullback);
    private static readonly Derivatives ClampQuarter = Ternary("Math.Clamp [ClampBoundaryWeight = 0.25]", ClampFunctions.MethodQuarter, ClampFunctions.MethodQuarterGradient, ClampFunctions.MethodQuarterTangent, ClampFunctions.MethodQuarterPullback);
    private static readonly Derivatives GuardedNorm = Binary("guarded norm", BranchFunctions.GuardedNorm, BranchFunctions.GuardedNormGradient, BranchFunctions.GuardedNormTangent, BranchFunctions.GuardedNormPullback);
    private static readonly Derivatives CopySign = Binary("Math.CopySign [AbsSlopeAtZero = 1]", CopySignFunctions.MethodPlusOne, CopySignFunctions.MethodPlusOneGradient, CopySignFunctions.MethodPlusOneTangent, CopySignFunctions.MethodPlusOnePullback);

    private static Derivatives RuntimeRules(double relu, double abs, double max, double clamp) => Span(
        FormattableString.Invariant($"run-time rules relu {relu}, abs {abs}, max {max}, clamp {clamp}"),
        x => CompositeFunctions.RuntimeRules(x, relu, abs, max, clamp),
        (x, dx) => CompositeFunctions.RuntimeRulesGradient(x, relu, abs, max, clamp, dx),
        (x, dx) => CompositeFunctions.RuntimeRulesTangent(x, relu, abs, max, clamp, dx),
        (x, seed, dx) => CompositeFunctions.RuntimeRulesPullback(x, relu, abs, max, clamp, seed, dx));

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 12).Select(static s => new object[] { s });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SameDerivativeBothWaysAtKinksAndElsewhere(int seed)
    {
        var random = new Random(seed);
        double[] grid = { -1.0, -0.5, 0.0, 0.5, 1.0 };
        double[] OnGrid(int n) => Enumerable.Range(0, n).Select(_ => grid[random.Next(grid.Length)]).ToArray();
        double[] Anywhere(int n) => Enumerable.Range(0, n).Select(_ => 4 * random.NextDouble() - 2).ToArray();

        var runtime = RuntimeRules(random.Next(5) / 4.0, random.Next(5) / 2.0 - 1, random.Next(5) / 4.0, random.Next(5) / 4.0);
        foreach (Derivatives f in new[] { Network, NetworkWithOptions, NetworkF })
        {
            Expect.SameRuleBothWays(f, new double[8], random); // every primitive of the network at its kink
            Expect.SameRuleBothWays(f, OnGrid(8), random);
            Expect.SameRuleBothWays(f, Anywhere(8), random);
        }

        Expect.SameRuleBothWays(runtime, new double[6], random);
        Expect.SameRuleBothWays(runtime, OnGrid(6), random);
        Expect.SameRuleBothWays(runtime, Anywhere(6), random);
        Expect.SameRuleBothWays(RunningMax, OnGrid(7), random);
        Expect.SameRuleBothWays(UpperEnvelope, new[] { grid[random.Next(grid.Length)] * 2 + 1, 0, 0, 0, 0, 0 }, random);
        Expect.SameRuleBothWays(MinOfMax, OnGrid(2).Concat(new double[3]).ToArray(), random);
        double[] clampPoint = OnGrid(3);
        (clampPoint[1], clampPoint[2]) = (Math.Min(clampPoint[1], clampPoint[2]), Math.Max(clampPoint[1], clampPoint[2])); // lo ≤ hi
        Expect.SameRuleBothWays(Clamp, clampPoint, random);
        Expect.SameRuleBothWays(ClampQuarter, new[] { -1.0, -1.0, 1.0 }, random);
        Expect.SameRuleBothWays(GuardedNorm, OnGrid(2), random);
        Expect.SameRuleBothWays(CopySign, OnGrid(2), random);
    }

    [Fact]
    public void TheNetworkHitsItsKinksAtTheOrigin()
    {
        // Guard against a vacuous agreement test: at p = 0 every unit is exactly at its kink, so the derivative is
        // decided by rules; the two option sets must then give different gradients.
        double[] origin = new double[8];
        double[] defaults = Network.Gradient(origin).Gradient;
        double[] options = NetworkWithOptions.Gradient(origin).Gradient;
        Assert.NotEqual(defaults, options);
    }
}
