using System;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Problem 4: the price of a European call, in closed form (Black–Scholes) and by Monte Carlo, differentiated with
/// respect to spot, strike, rate, volatility and maturity at once (delta, dual delta, rho, vega and −theta): the
/// adjoint (AAD) use case of quantitative finance.
/// </summary>
public static partial class BlackScholes
{
    private const double InverseSqrt2 = 0.70710678118654752440;
    private const double InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>Φ(x) through the erf approximation of Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).</summary>
    [Differentiable]
    public static double NormalCdf(double x)
    {
        double z = Math.Abs(x) * InverseSqrt2;
        double t = 1 / (1 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    [Differentiable]
    public static double Call(double spot, double strike, double rate, double volatility, double maturity)
    {
        double sqrtT = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * maturity) * NormalCdf(d2);
    }

    /// <summary>
    /// The closed-form Greeks a quant writes by hand (using S φ(d1) = K e^(−rT) φ(d2)); φ is the exact density, so
    /// they differ from the derivative of the approximated Φ by about 1e-7.
    /// </summary>
    public static double HandGradient(double spot, double strike, double rate, double volatility, double maturity, Span<double> gradient)
    {
        double sqrtT = Math.Sqrt(maturity);
        double volSqrtT = volatility * sqrtT;
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / volSqrtT;
        double d2 = d1 - volSqrtT;
        double n1 = NormalCdf(d1);
        double n2 = NormalCdf(d2);
        double discount = Math.Exp(-rate * maturity);
        double spotDensity = spot * InverseSqrt2Pi * Math.Exp(-0.5 * d1 * d1);
        gradient[0] = n1;
        gradient[1] = -discount * n2;
        gradient[2] = strike * maturity * discount * n2;
        gradient[3] = spotDensity * sqrtT;
        gradient[4] = spotDensity * volatility / (2 * sqrtT) + rate * strike * discount * n2;
        return spot * n1 - strike * discount * n2;
    }

    /// <summary>
    /// The derivative of this program as written, by hand: the Greeks of <see cref="Call"/> with the density of the
    /// approximated Φ (<see cref="NormalCdfAndDensity"/>) in place of the exact one. S φ̃(d1) = K e^(−rT) φ̃(d2) no longer
    /// holds, so the chain rule keeps their difference. It equals AdGen's gradient to rounding away from x = 0, where
    /// AdGen's slope 0 for |x| makes φ̃(0) = 0 while this keeps the one-sided value.
    /// </summary>
    public static double HandGradientSameProgram(double spot, double strike, double rate, double volatility, double maturity, Span<double> gradient)
    {
        double sqrtT = Math.Sqrt(maturity);
        double volSqrtT = volatility * sqrtT;
        double inverseVolSqrtT = 1 / volSqrtT;
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) * inverseVolSqrtT;
        double d2 = d1 - volSqrtT;
        double n1 = NormalCdfAndDensity(d1, out double density1);
        double n2 = NormalCdfAndDensity(d2, out double density2);
        double discount = Math.Exp(-rate * maturity);
        double spotDensity = spot * density1;
        double strikeDensity = strike * discount * density2;

        // ∂d1 = ∂d2 except along σ and T; the part along ∂d1 carries the difference of the two densities.
        double common = spotDensity - strikeDensity;
        double d1ByMaturity = (rate + 0.5 * volatility * volatility) * inverseVolSqrtT - 0.5 * d1 / maturity;
        gradient[0] = n1 + common * inverseVolSqrtT / spot;
        gradient[1] = -discount * n2 - common * inverseVolSqrtT / strike;
        gradient[2] = strike * maturity * discount * n2 + common * maturity * inverseVolSqrtT;
        gradient[3] = spotDensity * sqrtT - common * d1 / volatility;
        gradient[4] = common * d1ByMaturity + strikeDensity * 0.5 * volatility / sqrtT + rate * strike * discount * n2;
        return spot * n1 - strike * discount * n2;
    }

    /// <summary><see cref="NormalCdf"/> and its derivative φ̃ by hand, sharing t and e^(−z²).</summary>
    public static double NormalCdfAndDensity(double x, out double density)
    {
        double z = Math.Abs(x) * InverseSqrt2;
        double t = 1 / (1 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double polyByT = 0.254829592 + t * (2 * -0.284496736 + t * (3 * 1.421413741 + t * (4 * -1.453152027 + t * 5 * 1.061405429)));
        double gaussian = Math.Exp(-z * z);
        double erf = 1 - poly * gaussian;

        // d erf/dz = e^(−z²) (0.3275911 t² p'(t) + 2 z p(t)); dz/dx = ±1/√2 and the sign of Φ's branch cancel.
        density = 0.5 * InverseSqrt2 * gaussian * (0.3275911 * t * t * polyByT + 2 * z * poly);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>Monte Carlo price over the given standard normal draws: e^(−rT) · mean of max(S_T − K, 0).</summary>
    [Differentiable]
    public static double MonteCarloCall(double spot, double strike, double rate, double volatility, double maturity, [NoDerivative] ReadOnlySpan<double> normals)
    {
        double drift = (rate - 0.5 * volatility * volatility) * maturity;
        double diffusion = volatility * Math.Sqrt(maturity);
        double sum = 0;
        for (int p = 0; p < normals.Length; p++)
        {
            double terminal = spot * Math.Exp(drift + diffusion * normals[p]);
            sum += Math.Max(terminal - strike, 0);
        }

        return Math.Exp(-rate * maturity) * sum / normals.Length;
    }

    /// <summary>The pathwise derivative by hand: only paths in the money contribute.</summary>
    public static double MonteCarloHandGradient(double spot, double strike, double rate, double volatility, double maturity, ReadOnlySpan<double> normals, Span<double> gradient)
    {
        double sqrtT = Math.Sqrt(maturity);
        double drift = (rate - 0.5 * volatility * volatility) * maturity;
        double diffusion = volatility * sqrtT;
        double sum = 0, sumTerminal = 0, sumTerminalNormal = 0;
        int inTheMoney = 0;
        for (int p = 0; p < normals.Length; p++)
        {
            double z = normals[p];
            double terminal = spot * Math.Exp(drift + diffusion * z);
            if (terminal > strike)
            {
                sum += terminal - strike;
                sumTerminal += terminal;
                sumTerminalNormal += terminal * z;
                inTheMoney++;
            }
        }

        double discount = Math.Exp(-rate * maturity) / normals.Length;
        double price = discount * sum;
        gradient[0] = discount * sumTerminal / spot;
        gradient[1] = -discount * inTheMoney;
        gradient[2] = discount * maturity * sumTerminal - maturity * price;
        gradient[3] = discount * (sqrtT * sumTerminalNormal - volatility * maturity * sumTerminal);
        gradient[4] = discount * ((rate - 0.5 * volatility * volatility) * sumTerminal + volatility / (2 * sqrtT) * sumTerminalNormal) - rate * price;
        return price;
    }

    /// <summary>Standard normal draws (Box–Muller, fixed seed).</summary>
    public static double[] Normals(int count)
    {
        var random = new Random(4);
        var normals = new double[count];
        for (int i = 0; i < count; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            normals[i] = radius * Math.Cos(angle);
            if (i + 1 < count)
            {
                normals[i + 1] = radius * Math.Sin(angle);
            }
        }

        return normals;
    }
}
