using System;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.HandDerivedAssert;
using AdGen.Functional.Tests.Functions.Distributions;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>A third oracle: derivatives worked out by hand, compared with the generated FGradient and FTangent.</summary>
public sealed class HandDerivedTests
{
    [Theory]
    [InlineData(-1.5, 0.7)]
    [InlineData(0.25, 1.9)]
    [InlineData(2.0, 0.5)]
    public void ArithmeticPartials(double a, double b)
    {
        // f = ab + a/b − b + 2a − 1.5
        Scalars.ArithmeticGradient(a, b, out double da, out double db);
        AssertClose(b + 1.0 / b + 2.0, da);
        AssertClose(a - a / (b * b) - 1.0, db);
    }

    [Theory]
    [InlineData(3.0, 4.0)]
    [InlineData(-1.2, 0.6)]
    [InlineData(1e300, 1e160)]
    [InlineData(1e-300, 1e-160)]
    public void RatioPartialsHoldAtExtremeMagnitudes(double a, double b)
    {
        // f = q + exp(−q²/2) with q = a/b: ∂f/∂a = (1 − q·g)/b and ∂f/∂b = −q·(1 − q·g)/b, g = exp(−q²/2). Written through
        // q, they stay finite where b² overflows (1e160) or is subnormal (1e-160); so do AdGen's, which use q·(1/b).
        double q = a / b;
        double slope = 1.0 - q * Math.Exp(-(q * q) / 2.0);
        double expectedDa = slope / b;
        double expectedDb = -q * slope / b;

        Scalars.RatioGradient(a, b, out double da, out double db);
        AssertRelative(expectedDa, da);
        AssertRelative(expectedDb, db);
        AssertRelative(expectedDa, Scalars.RatioTangent(a, b, 1.0, 0.0).Tangent);
        AssertRelative(expectedDb, Scalars.RatioTangent(a, b, 0.0, 1.0).Tangent);

        static void AssertRelative(double expected, double actual) =>
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(2.0)]
    public void HornerDerivativeIsTheDerivedPolynomial(double x)
    {
        // p = 1 − 2x + 0.5x² + 3x³ − 0.25x⁴, p' = −2 + x + 9x² − x³
        double value = Scalars.HornerGradient(x, out double dx);
        AssertClose(1.0 - 2.0 * x + 0.5 * x * x + 3.0 * x * x * x - 0.25 * x * x * x * x, value);
        AssertClose(-2.0 + x + 9.0 * x * x - x * x * x, dx);
        AssertClose(-2.0 + x + 9.0 * x * x - x * x * x, Scalars.HornerTangent(x, 1.0).Tangent);
    }

    [Theory]
    [InlineData(-4.0)]
    [InlineData(0.0)]
    [InlineData(1.3)]
    public void SoftplusDerivativeIsTheLogistic(double x)
    {
        Scalars.SoftplusGradient(x, out double dx);
        AssertClose(1.0 / (1.0 + Math.Exp(-x)), dx);
        Floats.SoftplusGradient((float)x, out float dxSingle);
        Assert.Equal(1.0 / (1.0 + Math.Exp(-x)), dxSingle, 6);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4, false)]
    [InlineData(7, true)]
    public void IntegerPowerDerivativeIsTheExponentTimesTheLowerPower(int power, bool negate)
    {
        const double X = 1.3;
        Scalars.IntegerPowerGradient(X, power, negate, out double dx);
        double expected = power * Math.Pow(X, power - 1) * (negate ? -1.0 : 1.0);
        AssertClose(expected, dx);
    }

    [Fact]
    public void NoDerivativeParameterIsHeldConstant()
    {
        // f = s·sin(s·x) + y·s², with s excluded: ∂f/∂x = s²·cos(s·x), ∂f/∂y = s².
        const double Scale = 1.7;
        Scalars.NoDerivativeScaleGradient(0.4, Scale, -0.6, out double dx, out double dy);
        AssertClose(Scale * Scale * Math.Cos(Scale * 0.4), dx);
        AssertClose(Scale * Scale, dy);
    }

    [Fact]
    public void RosenbrockGradient()
    {
        double[] x = { -1.2, 1.0, 0.4, -0.3 };
        var expected = new double[x.Length];
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double valley = x[i + 1] - x[i] * x[i];
            expected[i] += -400.0 * x[i] * valley - 2.0 * (1.0 - x[i]);
            expected[i + 1] += 200.0 * valley;
        }

        var gradient = new double[x.Length];
        Arrays.RosenbrockGradient(x, gradient);
        AssertClose(expected, gradient);
    }

    [Fact]
    public void NormGradientIsTheUnitVector()
    {
        double[] x = { 3.0, -4.0, 12.0 };
        var gradient = new double[x.Length];
        double norm = Arrays.NormGradient(x, gradient);
        Assert.Equal(13.0, norm, 14);
        AssertClose(new[] { 3.0 / 13.0, -4.0 / 13.0, 12.0 / 13.0 }, gradient);
    }

    [Fact]
    public void LogSumExpGradientIsTheSoftmax()
    {
        double[] x = { 0.5, -1.0, 2.0, 1.25 };
        double sum = 0.0;
        foreach (double value in x)
        {
            sum += Math.Exp(value);
        }

        var gradient = new double[x.Length];
        double lse = Arrays.LogSumExpGradient(x, gradient);
        AssertClose(Math.Log(sum), lse);
        for (int i = 0; i < x.Length; i++)
        {
            AssertClose(Math.Exp(x[i]) / sum, gradient[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    public void EulerDecayMatchesItsClosedForm(int steps)
    {
        // y_n = y₀(1 − r/n)ⁿ: ∂/∂y₀ = (1 − r/n)ⁿ, ∂/∂r = −y₀(1 − r/n)ⁿ⁻¹.
        const double Initial = 1.5;
        const double Rate = 0.8;
        double factor = 1.0 - Rate / steps;
        double value = Loops.EulerDecayGradient(Initial, Rate, steps, out double dInitial, out double dRate);
        AssertClose(Initial * Math.Pow(factor, steps), value);
        AssertClose(Math.Pow(factor, steps), dInitial);
        AssertClose(-Initial * Math.Pow(factor, steps - 1), dRate);
    }

    [Fact]
    public void MlpLayerGradient()
    {
        // Two inputs, two hidden units: parameters W (2×2, row-major), b (2), v (2), c.
        double[] parameters = { 0.3, -0.7, 1.1, 0.2, 0.05, -0.4, 1.5, -0.8, 0.1 };
        double[] input = { 0.6, -1.2 };
        var a = new double[2];
        for (int j = 0; j < 2; j++)
        {
            a[j] = parameters[4 + j] + parameters[2 * j] * input[0] + parameters[2 * j + 1] * input[1];
        }

        var expectedParameters = new double[parameters.Length];
        var expectedInput = new double[input.Length];
        for (int j = 0; j < 2; j++)
        {
            double t = Math.Tanh(a[j]);
            double back = parameters[6 + j] * (1.0 - t * t);
            expectedParameters[2 * j] = back * input[0];
            expectedParameters[2 * j + 1] = back * input[1];
            expectedParameters[4 + j] = back;
            expectedParameters[6 + j] = t;
            expectedInput[0] += back * parameters[2 * j];
            expectedInput[1] += back * parameters[2 * j + 1];
        }

        expectedParameters[8] = 1.0;
        var dParameters = new double[parameters.Length];
        var dInput = new double[input.Length];
        Arrays.MlpLayerGradient(parameters, input, 2, dParameters, dInput);
        AssertClose(expectedParameters, dParameters);
        AssertClose(expectedInput, dInput);
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(2.5, 0.9937903346742238)]
    public void NormalCdfAndDensity(double x, double expectedCdf)
    {
        double value = Normal.CdfGradient(x, out double density);
        AssertClose(expectedCdf, value);
        AssertClose(Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI), density);
    }

    [Theory]
    [InlineData(100.0, 95.0, 0.03, 0.2, 1.0)]
    [InlineData(80.0, 100.0, 0.01, 0.35, 0.5)]
    [InlineData(120.0, 110.0, 0.05, 0.15, 2.0)]
    public void BlackScholesGreeks(double spot, double strike, double rate, double volatility, double maturity)
    {
        double root = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * root);
        double d2 = d1 - volatility * root;
        double density = Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2.0 * Math.PI);
        double discount = Math.Exp(-rate * maturity);
        double cdf2 = Normal.Cdf(d2);

        Calls.BlackScholesCallGradient(spot, strike, rate, volatility, maturity, out double delta, out double dStrike, out double rho, out double vega, out double dMaturity);

        const double GreekTolerance = 1e-10;
        Assert.Equal(Normal.Cdf(d1), delta, GreekTolerance);
        Assert.Equal(-discount * cdf2, dStrike, GreekTolerance);
        Assert.Equal(strike * maturity * discount * cdf2, rho, GreekTolerance * spot);
        Assert.Equal(spot * density * root, vega, GreekTolerance * spot);
        Assert.Equal(spot * density * volatility / (2.0 * root) + rate * strike * discount * cdf2, dMaturity, GreekTolerance * spot);
    }
}
