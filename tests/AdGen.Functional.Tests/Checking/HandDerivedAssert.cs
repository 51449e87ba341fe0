using System;
using Xunit;

namespace AdGen.Functional.Tests.Checking;

/// <summary>Comparison with a derivative worked out by hand: relative 1e-12, absolute below magnitude 1.</summary>
public static class HandDerivedAssert
{
    private const double Tolerance = 1e-12;

    public static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    public static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1.0, Math.Abs(expected[i])), $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
