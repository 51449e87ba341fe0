using System;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.HandDerivedAssert;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>
/// AdMath.StopGradient against derivatives worked out by hand: finite differences cannot be the oracle here, since
/// a stopped value is held constant on purpose (only the log-sum-exp case, whose stopped maximum cancels, is in the
/// finite-difference catalog too). Each case checks the gradient, the tangent along both axes and the pullback.
/// </summary>
public sealed class StopGradientTests
{
    /// <summary>The functions these facts check instead of the finite-difference catalog (see CoverageTests).</summary>
    public static readonly string[] CheckedByHand =
    {
        "StoppedGradients.Product",
        "StoppedGradients.OverwrittenByItsStoppedValue",
        "StoppedGradients.DecayingSum",
        "StoppedGradients.FullyStopped",
        "StoppedGradients.StoppedSquare",
    };

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void ProductHoldsTheStoppedFactorsConstant(double x, double y)
    {
        double expectedDx = x * y;
        double expectedDy = Math.Cos(Math.Exp(y) * y) * Math.Exp(y);

        double value = StoppedGradients.ProductGradient(x, y, out double dx, out double dy);
        AssertClose(StoppedGradients.Product(x, y), value);
        AssertClose(expectedDx, dx);
        AssertClose(expectedDy, dy);

        AssertClose(expectedDx, StoppedGradients.ProductTangent(x, y, 1.0, 0.0).Tangent);
        AssertClose(expectedDy, StoppedGradients.ProductTangent(x, y, 0.0, 1.0).Tangent);

        double px = 0.25, py = -0.5;
        StoppedGradients.ProductPullback(x, y, 2.0, ref px, ref py);
        AssertClose(0.25 + 2.0 * expectedDx, px);
        AssertClose(-0.5 + 2.0 * expectedDy, py);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.8)]
    public void OverwritingAVariableWithItsStoppedValueCutsItsEarlierPath(double x)
    {
        // u = x² + x with x² stopped: d(u·x)/dx = u + x·du/dx = x² + x + x, not the 3x² + 2x of the unstopped u·x.
        double expected = x * x + 2.0 * x;
        StoppedGradients.OverwrittenByItsStoppedValueGradient(x, out double dx);
        AssertClose(expected, dx);
        AssertClose(expected, StoppedGradients.OverwrittenByItsStoppedValueTangent(x, 1.0).Tangent);
        double adjoint = 1.0;
        StoppedGradients.OverwrittenByItsStoppedValuePullback(x, -3.0, ref adjoint);
        AssertClose(1.0 - 3.0 * expected, adjoint);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void AValueStoppedInALoopPassesOnlyTheLastIterationsDerivative(int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 0.3 * i - 0.7;
        }

        var expected = new double[n];
        expected[n - 1] = 2.0 * x[n - 1];

        var gradient = new double[n];
        StoppedGradients.DecayingSumGradient(x, gradient);
        AssertClose(expected, gradient);

        var direction = new double[n];
        for (int i = 0; i < n; i++)
        {
            direction[i] = 1.0 + i;
        }

        AssertClose(expected[n - 1] * direction[n - 1], StoppedGradients.DecayingSumTangent(x, direction).Tangent);

        var adjoint = new double[n];
        adjoint[0] = 0.5;
        StoppedGradients.DecayingSumPullback(x, 2.0, adjoint);
        for (int i = 0; i < n; i++)
        {
            AssertClose((i == 0 ? 0.5 : 0.0) + 2.0 * expected[i], adjoint[i]);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void AFullyStoppedResultHasZeroDerivative(double x)
    {
        double value = StoppedGradients.FullyStoppedGradient(x, out double dx);
        Assert.Equal(Math.Sin(x) + 1.0, value);
        Assert.Equal(0.0, dx);
        Assert.Equal(0.0, StoppedGradients.FullyStoppedTangent(x, 1.0).Tangent);
    }

    [Fact]
    public void SinglePrecisionStopsToo()
    {
        StoppedGradients.StoppedSquareGradient(1.75f, out float dx);
        Assert.Equal(1.75f, dx);
        Assert.Equal(1.75f, StoppedGradients.StoppedSquareTangent(1.75f, 1f).Tangent);
    }

    [Fact]
    public void StoppedMaximumGivesTheSoftmaxWithoutTheMaximumsRoundingResidue()
    {
        // Ties at the maximum: the traced maximum would split its (rounding-sized) adjoint between them; stopped, it has none.
        double[] x = { 2.0, -1.0, 2.0, 0.5, 1.0e-3 };
        double sum = 0.0;
        foreach (double value in x)
        {
            sum += Math.Exp(value - 2.0);
        }

        var gradient = new double[x.Length];
        double lse = StoppedGradients.LogSumExpStoppedMaxGradient(x, gradient);
        AssertClose(2.0 + Math.Log(sum), lse);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Exp(x[i] - 2.0) * (1.0 / sum), gradient[i], 15);
        }

        var direction = new double[] { 0.5, -1.0, 0.25, 2.0, -0.75 };
        double directional = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            directional += gradient[i] * direction[i];
        }

        AssertClose(directional, StoppedGradients.LogSumExpStoppedMaxTangent(x, direction).Tangent);
    }
}
