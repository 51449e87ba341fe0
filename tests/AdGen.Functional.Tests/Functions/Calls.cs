using System;
using AdGen.Functional.Tests.Functions.Distributions;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Calls between [Differentiable] methods, lowered by the generator to the callees' derivatives.</summary>
public static partial class Calls
{
    [Differentiable]
    public static double Square(double x) => x * x;

    /// <summary>Nested calls: one in the same type inside one in another type.</summary>
    [Differentiable]
    public static double SoftplusOfSquare(double x, double y) => Scalars.Softplus(Square(x) - y) * y;

    /// <summary>Calls inside a loop, on span elements.</summary>
    [Differentiable]
    public static double SumOfSoftplusTimesSquare(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Scalars.Softplus(x[i]) * Square(x[i] - 0.5);
        }

        return sum;
    }

    /// <summary>A span argument passed straight to another differentiable method.</summary>
    [Differentiable]
    public static double ScaledNorm(ReadOnlySpan<double> x, double scale) => Arrays.Norm(x) * scale + Square(scale);

    /// <summary>Black–Scholes price of a European call, with the normal CDF from another namespace.</summary>
    [Differentiable]
    public static double BlackScholesCall(double spot, double strike, double rate, double volatility, double maturity)
    {
        double root = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * root);
        double d2 = d1 - volatility * root;
        return spot * Normal.Cdf(d1) - strike * Math.Exp(-rate * maturity) * Normal.Cdf(d2);
    }

    /// <summary>A call inside a loop whose result overwrites a state variable (the tape must restore it).</summary>
    [Differentiable]
    public static double IteratedSoftplus(double x, int iterations)
    {
        double state = x;
        for (int i = 0; i < iterations; i++)
        {
            state = Scalars.Softplus(state) - 0.5 * state;
        }

        return state;
    }

    /// <summary>Call results stored into a local array element and folded by *=.</summary>
    [Differentiable]
    public static double CallResultsIntoArrayAndProduct(ReadOnlySpan<double> x)
    {
        double[] squares = new double[x.Length];
        double product = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] += Square(x[i]);
            product *= Square(x[i]) + 1.0;
        }

        return product + squares[0];
    }

    /// <summary>A call with a span argument inside a loop.</summary>
    [Differentiable]
    public static double SpanCallInLoop(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Arrays.Norm(x) * x[i];
        }

        return sum;
    }

    /// <summary>A local array passed as the span argument of another differentiable method.</summary>
    [Differentiable]
    public static double LocalArrayToCall(ReadOnlySpan<double> x)
    {
        double[] doubled = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            doubled[i] = 2.0 * x[i] + Square(x[i]);
        }

        return Arrays.Norm(doubled);
    }

    /// <summary>Callees with int, bool and [NoDerivative] parameters.</summary>
    [Differentiable]
    public static double CallsWithPassthrough(double x, double y)
    {
        double cubic = Scalars.IntegerPower(x, 3, false);
        double scaled = Scalars.NoDerivativeScale(x, 1.5, y);
        return cubic + scaled * Branches.FlagSelected(y, x, true, 2);
    }

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>The same span passed to two differentiable parameters: both pullbacks accumulate into one adjoint.</summary>
    [Differentiable]
    public static double DotWithItself(ReadOnlySpan<double> x) => Dot(x, x) + Math.Sin(x[0]);

    /// <summary>A callee that overwrites its state and branches inside its loop (it uses the tape itself).</summary>
    [Differentiable]
    public static double DampedRecurrence(ReadOnlySpan<double> x, double state)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0.0)
            {
                state = Math.Tanh(state + x[i]);
            }
            else
            {
                state = state * 0.5 - x[i] * x[i];
            }

            if (state > 0.95)
            {
                return state * 2.0;
            }
        }

        return state;
    }

    /// <summary>
    /// The caller also overwrites its state and branches in a loop, and calls the taping callee on every pass: both
    /// sweeps interleave on one tape.
    /// </summary>
    [Differentiable]
    public static double InterleavedTapes(ReadOnlySpan<double> x, double start)
    {
        double state = start;
        for (int pass = 0; pass < 3; pass++)
        {
            double inner = DampedRecurrence(x, state * 0.3);
            if (inner > state)
            {
                state = state + 0.5 * inner;
            }
            else
            {
                state = state * inner;
            }
        }

        return state;
    }

    /// <summary>A float method calling a double one (the argument widens, the result narrows).</summary>
    [Differentiable]
    public static float FloatCallsDouble(float x) => (float)Scalars.Softplus(x) * x + (float)Square(x);
}
