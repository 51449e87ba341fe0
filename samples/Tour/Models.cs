using System;
using System.Numerics.Tensors;
using AdGen;

namespace Tour;

/// <summary>Smooth models: AdGen emits RosenbrockGradient, RosenbrockTangent and RosenbrockPullback beside each.</summary>
public static partial class Models
{
    /// <summary>A scalar function with a math intrinsic.</summary>
    [Differentiable]
    public static double Wave(double a, double b) => a * b + Math.Sin(a);

    /// <summary>The extended Rosenbrock function: a loop over a span.</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t1 = x[i + 1] - x[i] * x[i];
            double t2 = 1 - x[i];
            sum += 100 * t1 * t1 + t2 * t2;
        }

        return sum;
    }

    /// <summary>Black–Scholes price of a European call; its gradient holds the Greeks delta, vega and rho.</summary>
    [Differentiable]
    public static double CallPrice(double spot, double volatility, double rate, [NoDerivative] double strike, [NoDerivative] double maturity)
    {
        double sqrtT = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * maturity) * NormalCdf(d2);
    }

    /// <summary>The standard normal distribution function, via an erf approximation (Abramowitz–Stegun 7.1.26).</summary>
    [Differentiable]
    public static double NormalCdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2.0);
        double t = 1.0 / (1.0 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1.0 - poly * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
    }

    /// <summary>
    /// The mean squared error of a linear model, each prediction a vectorised TensorPrimitives.Dot over a row of the
    /// data: reverse mode adds the residual times that row into the gradient with a vectorised loop.
    /// </summary>
    [Differentiable]
    public static double SquaredError(ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> features, [NoDerivative] ReadOnlySpan<double> response)
    {
        int columns = beta.Length - 1;
        double total = 0;
        for (int i = 0; i < response.Length; i++)
        {
            double residual = beta[0] + TensorPrimitives.Dot(beta.Slice(1, columns), features.Slice(i * columns, columns)) - response[i];
            total += residual * residual;
        }

        return total / response.Length;
    }

    /// <summary>An explicit Euler integration that overwrites its state: reverse mode tapes what it needs.</summary>
    [Differentiable]
    public static double Decay(double k, double y0, int steps)
    {
        double y = y0;
        double h = 1.0 / steps;
        for (int i = 0; i < steps; i++)
        {
            y = y - h * k * y * y;
        }

        return y;
    }
}
