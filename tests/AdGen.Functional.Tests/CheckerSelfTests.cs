using System;
using System.Numerics;
using AdGen.Functional.Tests.Checking;
using Xunit;
using Xunit.Sdk;

namespace AdGen.Functional.Tests;

/// <summary>
/// The checker must accept exact hand-written derivatives and reject each kind of mistake a generator can make,
/// or the oracle tests prove nothing.
/// </summary>
public sealed class CheckerSelfTests
{
    [Fact]
    public void AcceptsExactDerivativesInDoubleAndFloat()
    {
        RunAllChecks(Exact<double>());
        RunAllChecks(Exact<float>());
    }

    [Fact]
    public void RejectsAGradientOffByOnePartInTenThousand()
    {
        DerivativeCase<double> exact = Exact<double>();
        DerivativeCase<double> wrong = exact with
        {
            Gradient = (x, g) =>
            {
                double value = exact.Gradient(x, g);
                g[1] *= 1.0 + 1e-4;
                return value;
            },
        };
        Assert.Throws<XunitException>(() => DerivativeCheck.GradientMatchesFiniteDifferences(wrong));
    }

    [Fact]
    public void RejectsAGradientThatAccumulatesInsteadOfOverwriting()
    {
        DerivativeCase<double> exact = Exact<double>();
        DerivativeCase<double> wrong = exact with
        {
            Gradient = (x, g) =>
            {
                var fresh = new double[g.Length];
                double value = exact.Gradient(x, fresh);
                for (int i = 0; i < g.Length; i++)
                {
                    g[i] += fresh[i];
                }

                return value;
            },
        };
        Assert.Throws<XunitException>(() => DerivativeCheck.GradientMatchesFiniteDifferences(wrong));
    }

    [Fact]
    public void RejectsATangentThatDisagreesWithReverseModeByOnePartInTenBillion()
    {
        DerivativeCase<double> exact = Exact<double>();
        DerivativeCase<double> wrong = exact with
        {
            Tangent = (x, v) =>
            {
                (double value, double tangent) = exact.Tangent(x, v);
                return (value, tangent * (1.0 + 1e-10));
            },
        };
        DerivativeCheck.TangentMatchesFiniteDifferences(wrong);
        Assert.Throws<XunitException>(() => DerivativeCheck.ForwardAndReverseAgree(wrong));
    }

    [Fact]
    public void RejectsAWrongTangent()
    {
        DerivativeCase<float> exact = Exact<float>();
        DerivativeCase<float> wrong = exact with { Tangent = (x, v) => exact.Tangent(x, new[] { v[0], -v[1] }) };
        Assert.Throws<XunitException>(() => DerivativeCheck.TangentMatchesFiniteDifferences(wrong));
    }

    [Fact]
    public void RejectsAPullbackThatOverwritesOrIgnoresTheSeed()
    {
        DerivativeCase<double> exact = Exact<double>();
        DerivativeCase<double> overwrites = exact with { Pullback = (x, seed, adjoint) => exact.Pullback(x, seed, Clear(adjoint)) };
        DerivativeCase<double> unseeded = exact with { Pullback = (x, seed, adjoint) => exact.Pullback(x, 1.0, adjoint) };
        Assert.Throws<XunitException>(() => DerivativeCheck.PullbackAccumulates(overwrites));
        Assert.Throws<XunitException>(() => DerivativeCheck.PullbackAccumulates(unseeded));
    }

    [Fact]
    public void RejectsAValueOneUlpAway()
    {
        DerivativeCase<double> exact = Exact<double>();
        DerivativeCase<double> wrong = exact with { Gradient = (x, g) => Math.BitIncrement(exact.Gradient(x, g)) };
        Assert.Throws<XunitException>(() => DerivativeCheck.ValuesEqualThePrimal(wrong));
    }

    [Fact]
    public void RejectsAGradientThatLeavesTheTapeDirty()
    {
        DerivativeCase<double> exact = Exact<double>();
        DerivativeCase<double> leaky = exact with
        {
            Gradient = (x, g) =>
            {
                Tape.Current.Push(1.0);
                return exact.Gradient(x, g);
            },
        };
        try
        {
            Assert.Throws<XunitException>(() => DerivativeCheck.GradientMatchesFiniteDifferences(leaky));
        }
        finally
        {
            Tape.Current.Truncate(0, 0);
        }
    }

    private static double[] Clear(double[] adjoint)
    {
        Array.Clear(adjoint);
        return adjoint;
    }

    private static void RunAllChecks<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        DerivativeCheck.GradientMatchesFiniteDifferences(function);
        DerivativeCheck.TangentMatchesFiniteDifferences(function);
        DerivativeCheck.ForwardAndReverseAgree(function);
        DerivativeCheck.PullbackAccumulates(function);
        DerivativeCheck.ValuesEqualThePrimal(function);
    }

    /// <summary>f(x, y) = sin(x)·y + exp(y/2) with derivatives written by hand.</summary>
    private static DerivativeCase<T> Exact<T>()
        where T : struct, IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        return new DerivativeCase<T>(
            "Exact",
            x => T.Sin(x[0]) * x[1] + T.Exp(x[1] * half),
            (x, g) =>
            {
                g[0] = T.Cos(x[0]) * x[1];
                g[1] = T.Sin(x[0]) + half * T.Exp(x[1] * half);
                return T.Sin(x[0]) * x[1] + T.Exp(x[1] * half);
            },
            (x, v) => (
                T.Sin(x[0]) * x[1] + T.Exp(x[1] * half),
                T.Cos(x[0]) * x[1] * v[0] + (T.Sin(x[0]) + half * T.Exp(x[1] * half)) * v[1]),
            (x, seed, adjoint) =>
            {
                adjoint[0] += seed * T.Cos(x[0]) * x[1];
                adjoint[1] += seed * (T.Sin(x[0]) + half * T.Exp(x[1] * half));
            },
            Sampling.Uniform<T>(2, -2, 2));
    }
}
