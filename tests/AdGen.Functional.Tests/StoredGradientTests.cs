using System;
using System.IO;
using System.Linq;
using AdGen.Functional.Tests.Functions;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>
/// Which FGradients store their gradient spans instead of zeroing and adding (read from the generated file), so that the
/// oracle tests of <see cref="Stored"/>'s functions (in the reverse-optimization theories) check both kinds; and the
/// stored elements are exactly the hand-derived ones when the buffer held garbage.
/// </summary>
public sealed class StoredGradientTests
{
    [Theory]
    [InlineData(nameof(Stored.StepOne), true)]
    [InlineData(nameof(Stored.StepTwo), true)]
    [InlineData(nameof(Stored.StepThree), true)]
    [InlineData(nameof(Stored.StopsEarly), true)]
    [InlineData(nameof(Stored.LeavesWhenLarge), true)]
    [InlineData(nameof(Stored.ScaledAfterTheLoop), true)]
    [InlineData(nameof(Stored.WeightedSquares), true)]
    [InlineData(nameof(Stored.Overlapping), false)]
    [InlineData(nameof(Stored.ContributionInABranch), false)]
    [InlineData(nameof(Stored.StartsAtOne), false)]
    [InlineData(nameof(Stored.EveryOtherElement), false)]
    public void GradientStoresItsSpansOnlyWhenOneLoopWritesEachElementOnce(string function, bool stored)
    {
        string gradient = GradientMethodText("AdGen.Functional.Tests.Functions.Stored", function);
        Assert.Equal(stored, gradient.Contains("are stored, not added to", StringComparison.Ordinal) || gradient.Contains("is stored, not added to", StringComparison.Ordinal));
        Assert.Equal(!stored, gradient.Contains(".Clear();", StringComparison.Ordinal));
    }

    /// <summary>f = Σ_{i &lt; n−2} a·x_i² + b·x_i: ∂f/∂x_i = 2·a·x_i + b before the last two elements, exactly 0 for them.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void ElementsTheLoopDoesNotReachAreZeroedOverGarbage(int length)
    {
        double[] x = Enumerable.Range(0, length).Select(static i => 0.25 * i - 0.5).ToArray();
        double[] dx = Enumerable.Repeat(double.NaN, length).ToArray();
        Stored.StopsEarlyGradient(x, 1.5, 2.0, dx, out double da, out double db);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(i < length - 2 ? 2 * 1.5 * x[i] + 2.0 : 0.0, dx[i]);
        }

        double[] reached = x.Take(Math.Max(0, length - 2)).ToArray();
        Assert.Equal(reached.Sum(static v => v * v), da, 12);
        Assert.Equal(reached.Sum(), db, 12);
    }

    /// <summary>Both spans of WeightedSquares: the loop runs over the shorter one; the rest of the longer is zero.</summary>
    [Fact]
    public void TwoStoredSpansOfDifferentLengthsOverGarbage()
    {
        double[] w = { 0.5, -1.0 };
        double[] x = { 2.0, 3.0, 4.0, 5.0 };
        double[] dw = { double.NaN, double.NaN };
        double[] dx = Enumerable.Repeat(double.NaN, 4).ToArray();
        Stored.WeightedSquaresGradient(w, x, dw, dx);
        // r = w·x − 1: (0, −4); ∂/∂w_i = 2 r x_i, ∂/∂x_i = 2 r w_i.
        Assert.Equal(new[] { 0.0, -24.0 }, dw);
        Assert.Equal(new[] { 0.0, 8.0, 0.0, 0.0 }, dx);
    }

    private static string GradientMethodText(string type, string function)
    {
        string path = Path.Combine(GeneratedFilesTests.GeneratedDirectory(), type + ".AdGen.g.cs");
        string text = File.ReadAllText(path);
        int start = text.IndexOf(" " + function + "Gradient(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {function}Gradient in {path}");
        int end = text.IndexOf("/// <summary>", start, StringComparison.Ordinal);
        return text.Substring(start, (end < 0 ? text.Length : end) - start);
    }
}
