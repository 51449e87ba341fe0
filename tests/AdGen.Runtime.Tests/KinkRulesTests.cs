using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>
/// KinkRules.BySide, which generated code calls for every kink slope: the compare-mask version against the one with
/// branches and against the definition, bit for bit, on ties, signed zeros, infinities, subnormals and NaNs.
/// </summary>
public class KinkRulesTests
{
    private static readonly double[] Operands =
    {
        0.0, -0.0, 1.0, -1.0, 0.5, 3e-320, -3e-320, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    };

    /// <summary>Slopes as a rule may give them: whole, fractional, a negative zero (its sign must survive), NaN.</summary>
    private static readonly (double Greater, double Less, double Equal, double Unordered)[] Slopes =
    {
        (1.0, 0.0, 0.5, 0.0),
        (0.0, 1.0, 0.5, 1.0),
        (1.0, -1.0, 0.0, 0.0),
        (1.0, 0.01, 0.25, 0.25),
        (-1.0, 0.0, -0.0, 0.0),
        (2.5, -7.0, double.NaN, 3.0),
        (1.0, 0.0, 0.0, -0.0),
    };

    public static IEnumerable<object[]> Pairs() =>
        from left in Operands from right in Operands select new object[] { left, right };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ChoosesTheSlopeOfTheSideBitForBit(double left, double right)
    {
        foreach ((double greater, double less, double equal, double unordered) in Slopes)
        {
            double expected = left > right ? greater : left < right ? less : left == right ? equal : unordered;
            AssertSameBits(expected, KinkRules.BySide(left, right, greater, less, equal, unordered));
            AssertSameBits(expected, KinkRules.BySideWithBranches(left, right, greater, less, equal, unordered));

            // Without its own slope for a NaN, a NaN takes the tie's.
            double tieForNaN = left > right ? greater : left < right ? less : equal;
            AssertSameBits(tieForNaN, KinkRules.BySide(left, right, greater, less, equal));

            float expectedSingle = (float)left > (float)right ? (float)greater : (float)left < (float)right ? (float)less : (float)left == (float)right ? (float)equal : (float)unordered;
            AssertSameBits(expectedSingle, KinkRules.BySide((float)left, (float)right, (float)greater, (float)less, (float)equal, (float)unordered));
            AssertSameBits(expectedSingle, KinkRules.BySideWithBranches((float)left, (float)right, (float)greater, (float)less, (float)equal, (float)unordered));
            float tieForNaNSingle = (float)left > (float)right ? (float)greater : (float)left < (float)right ? (float)less : (float)equal;
            AssertSameBits(tieForNaNSingle, KinkRules.BySide((float)left, (float)right, (float)greater, (float)less, (float)equal));
        }
    }

    [Fact]
    public void TheSidesOfTheDefaultRules()
    {
        // |x|' with rule 0; Math.Max(x, 0)'s first argument with the 0.5 split, a NaN won by the second argument.
        Assert.Equal(new[] { -1.0, 0.0, 0.0, 1.0, 0.0 }, new[] { -2.0, -0.0, 0.0, 2.0, double.NaN }.Select(static x => KinkRules.BySide(x, 0.0, greater: 1.0, less: -1.0, equal: 0.0)));
        Assert.Equal(new[] { 0.0, 0.5, 0.5, 1.0, 0.0 }, new[] { -2.0, -0.0, 0.0, 2.0, double.NaN }.Select(static x => KinkRules.BySide(x, 0.0, greater: 1.0, less: 0.0, equal: 0.5, unordered: 0.0)));
    }

    [Fact]
    public void ChoosesElementByElementOverRandomData()
    {
        // The JIT compiles BySide inline into the caller's loop; the loop's choices must be the definition's.
        var random = new Random(17);
        double[] x = Enumerable.Range(0, 4096).Select(_ => random.Next(8) switch { 0 => 0.0, 1 => double.NaN, _ => random.NextDouble() - 0.5 }).ToArray();
        double sum = 0;
        double expected = 0;
        for (int i = 1; i < x.Length; i++)
        {
            sum += KinkRules.BySide(x[i], x[i - 1], greater: 1.0, less: 0.0, equal: 0.5, unordered: 0.0) * i;
            expected += KinkRules.BySideWithBranches(x[i], x[i - 1], 1.0, 0.0, 0.5, 0.0) * i;
        }

        Assert.Equal(expected, sum);
    }

    private static void AssertSameBits(double expected, double actual) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"expected {expected:R}, got {actual:R}");

    private static void AssertSameBits(float expected, float actual) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"expected {expected:R}, got {actual:R}");
}
