using System;
using System.Linq;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// Kink slopes chosen by side (KinkRules.BySide, compare masks instead of flags or branches): the code they print, and
/// the slopes themselves on each side, at the tie and at a NaN, in both modes, against values derived by hand from the
/// rules (docs/conservative-rules.md).
/// </summary>
public sealed class KinkSlopeTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class K
        {
            [Differentiable]
            public static double Pair(double x, double y) => 3 * Math.Max(x, y) + 2 * Math.Min(x, y);

            [Differentiable(MaxTieWeight = 1)]
            public static double WeightOne(double x, double y) => Math.Max(x, y);

            [Differentiable]
            public static double Shapes(double x) => 3 * AdMath.Relu(x, 0.5) + 5 * Math.Abs(x) + 7 * AdMath.LeakyRelu(x, 0.25) + 11 * AdMath.HardTanh(x);

            [Differentiable]
            public static double Payoffs(double spot, double strike, [NoDerivative] double[] growth)
            {
                double sum = 0;
                for (int p = 0; p < growth.Length; p++)
                {
                    sum += Math.Max(spot * growth[p] - strike, 0);
                }

                return sum;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("K")!);
    private static readonly Lazy<string> Code = new(() => GeneratorHarness.Run(Source).GeneratedCode);

    [Fact]
    public void SlopesAreChosenBySideAndSayWhatANaNGets()
    {
        string code = Code.Value;

        // Max and Min give a NaN to their second argument, so their NaN slope is printed; the others give it the rule.
        Assert.Contains("global::AdGen.KinkRules.BySide(x, y, greater: 1.0, less: 0.0, equal: 0.5, unordered: 0.0)", code);
        Assert.Contains("global::AdGen.KinkRules.BySide(x, y, greater: 0.0, less: 1.0, equal: 0.5, unordered: 1.0)", code);
        Assert.Contains("global::AdGen.KinkRules.BySide(x, 0.0, greater: 1.0, less: -1.0, equal: 0.0)", code);
        Assert.Contains("global::AdGen.KinkRules.BySide(x, 0.0, greater: 1.0, less: 0.0, equal: 0.5)", code);
        Assert.Contains("global::AdGen.KinkRules.BySide(x, 0.0, greater: 1.0, less: 0.25, equal: 0.25)", code);
        Assert.Contains("global::AdGen.KinkRules.BySide(spot * growth[p] - strike, 0.0, greater: 1.0, less: 0.0, equal: 0.5, unordered: 0.0)", code);

        // HardTanh's interval is not one comparison: its slope keeps its conditions.
        Assert.Contains("(x > -1.0 && x < 1.0 ? 1.0 : x < -1.0 || x > 1.0 ? 0.0 : 0.5)", code);
        Assert.DoesNotContain("? 0.5 :", code);
    }

    [Theory]
    [InlineData(2.0, 1.0, 3.0, 2.0)]
    [InlineData(1.0, 2.0, 2.0, 3.0)]
    [InlineData(1.5, 1.5, 2.5, 2.5)] // a tie: each rule splits 0.5/0.5
    [InlineData(-0.0, 0.0, 2.5, 2.5)] // signed zeros tie
    [InlineData(double.NaN, 1.0, 0.0, 5.0)] // a NaN: the second argument wins both
    [InlineData(1.0, double.NaN, 0.0, 5.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, 2.5, 2.5)]
    public void MaxAndMinTakeTheirRulesOnEachSide(double x, double y, double dx, double dy)
    {
        AssertBothModes("Pair", new[] { x, y }, new[] { dx, dy });
    }

    [Theory]
    [InlineData(2.0, 1.0, 1.0, 0.0)]
    [InlineData(1.0, 1.0, 1.0, 0.0)]
    [InlineData(double.NaN, 1.0, 0.0, 1.0)] // weight 1 at the tie, the second argument at a NaN, as for any weight
    public void ATieWeightOfOneStillGivesANaNToTheSecondArgument(double x, double y, double dx, double dy)
    {
        AssertBothModes("WeightOne", new[] { x, y }, new[] { dx, dy });
    }

    [Theory]
    [InlineData(2.0, 3 + 5 + 7 + 0)]
    [InlineData(0.5, 3 + 5 + 7 + 11)]
    [InlineData(-0.5, 0 - 5 + 7 * 0.25 + 11)]
    [InlineData(-2.0, 0 - 5 + 7 * 0.25 + 0)]
    [InlineData(0.0, 3 * 0.5 + 0 + 7 * 0.25 + 11)] // Relu's rule 0.5, |x|'s 0, LeakyRelu's its negative slope (the default), HardTanh's 1 inside
    [InlineData(1.0, 3 + 5 + 7 + 11 * 0.5)] // HardTanh's kink at 1: its default rule, 0.5
    [InlineData(double.NaN, 3 * 0.5 + 0 + 7 * 0.25 + 11 * 0.5)] // a NaN takes each rule's value at the kink
    public void OneArgumentKinksTakeTheirRulesOnEachSide(double x, double derivative)
    {
        AssertBothModes("Shapes", new[] { x }, new[] { derivative });
    }

    [Fact]
    public void PayoffsInALoopMatchTheirDerivativeByHand()
    {
        // Paths in the money, out of it, and at the money exactly (spot · growth == strike).
        var random = new Random(5);
        double spot = 2.0;
        double strike = 3.0;
        double[] growth = Enumerable.Range(0, 400).Select(i => i % 50 == 0 ? 1.5 : random.NextDouble() * 3).ToArray();
        double expectedSpot = 0;
        double expectedStrike = 0;
        foreach (double g in growth)
        {
            double gap = spot * g - strike;
            double slope = gap > 0 ? 1 : gap == 0 ? 0.5 : 0;
            expectedSpot += slope * g;
            expectedStrike -= slope;
        }

        double[] gradient = GeneratedMembers.Gradient(Compiled.Value, "Payoffs", new[] { spot, strike }, new object[] { growth });
        Assert.Equal(expectedSpot, gradient[0], 10);
        Assert.Equal(expectedStrike, gradient[1], 10);
        Assert.Equal(8, growth.Count(static g => g == 1.5));

        double tangent = TangentOf("Payoffs", new[] { spot, strike }, new[] { 0.3, -0.7 }, growth);
        Assert.Equal(0.3 * expectedSpot - 0.7 * expectedStrike, tangent, 10);
    }

    /// <summary>The gradient (reverse mode) and each partial as a tangent (forward mode) against the hand-derived one.</summary>
    private static void AssertBothModes(string name, double[] point, double[] expected)
    {
        double[] gradient = GeneratedMembers.Gradient(Compiled.Value, name, point, Array.Empty<object>());
        for (int i = 0; i < point.Length; i++)
        {
            Assert.Equal(expected[i], gradient[i]);
            double[] direction = point.Select((_, j) => j == i ? 1.0 : 0.0).ToArray();
            Assert.Equal(expected[i], TangentOf(name, point, direction));
        }
    }

    private static double TangentOf(string name, double[] point, double[] direction, params object[] data) =>
        GeneratedMembers.Tangent(Compiled.Value, name, point, direction, data);
}
