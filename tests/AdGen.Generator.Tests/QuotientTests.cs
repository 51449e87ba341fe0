using System;
using System.Linq;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// A quotient's derivatives read the quotient instead of dividing again: forward mode assigns a/b before its tangent
/// (da − (a/b)·db)·(1/b) when the target is not read on the right, and 1/b is the quotient itself when a is 1.
/// </summary>
public sealed class QuotientTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class M
        {
            [Differentiable]
            public static double Ratio(double a, double b)
            {
                double q = a / (b * b + 1.0);
                return q * b;
            }

            [Differentiable]
            public static double Inverse(double z)
            {
                double t = 1.0 / (1.0 + 0.5 * z);
                return t * t;
            }

            [Differentiable]
            public static double Continued(double x)
            {
                double q = x;
                q = 2.0 / (1.0 + q);
                q = 1.0 / (x + q);
                return q;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("M")!);

    [Fact]
    public void TheTangentReadsTheQuotient()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        int value = code.IndexOf("double q = a / (b * b + 1.0);", StringComparison.Ordinal);
        int tangent = code.IndexOf("double dq = (da - q * (2.0 * (db * b))) * (1.0 / (b * b + 1.0));", StringComparison.Ordinal);
        Assert.True(value >= 0 && tangent > value, "the quotient is assigned before its tangent, which reads it");

        // 1/b is the quotient itself: no second division in either mode.
        Assert.Contains("double dt = -(t * (0.5 * dz) * t);", code, StringComparison.Ordinal);
        Assert.Contains("dz -= dt * (0.5 * (t * t));", code, StringComparison.Ordinal);

        // A target read on the right keeps the tangent first: it needs the old value.
        Assert.Contains("dq = -(2.0 / (1.0 + q) * dq * (1.0 / (1.0 + q)));", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.0, 0.4)]
    [InlineData(1e3, 2.5)]
    public void QuotientDerivativesAreTheHandDerivedOnes(double a, double b)
    {
        // q·b = a·b/(b² + 1): ∂/∂a = b/(b² + 1), ∂/∂b = a(1 − b²)/(b² + 1)².
        double s = b * b + 1;
        AssertDerivatives("Ratio", new[] { a, b }, new[] { b / s, a * (1 - b * b) / (s * s) });

        // (1 + z/2)⁻²: −(1 + z/2)⁻³.
        double z = b;
        AssertDerivatives("Inverse", new[] { z }, new[] { -Math.Pow(1 + 0.5 * z, -3) });

        // q1 = 2/(1 + x), q2 = 1/(x + q1): q2′ = −(1 − 2/(1 + x)²)/(x + q1)².
        double x = Math.Abs(a);
        double q1 = 2 / (1 + x);
        AssertDerivatives("Continued", new[] { x }, new[] { -(1 - 2 / ((1 + x) * (1 + x))) / ((x + q1) * (x + q1)) });
    }

    private static void AssertDerivatives(string method, double[] point, double[] expected)
    {
        var type = Compiled.Value;
        object[] gradientArguments = point.Cast<object>().Concat(expected.Select(static _ => (object)0.0)).ToArray();
        type.GetMethod(method + "Gradient")!.Invoke(null, gradientArguments);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], (double)gradientArguments[point.Length + i], 1e-12 * (1 + Math.Abs(expected[i])));

            // Forward mode along the i-th axis gives the same partial.
            object[] tangentArguments = point.Cast<object>().Concat(expected.Select((_, j) => (object)(i == j ? 1.0 : 0.0))).ToArray();
            var tangent = ((double Value, double Tangent))type.GetMethod(method + "Tangent")!.Invoke(null, tangentArguments)!;
            Assert.Equal(expected[i], tangent.Tangent, 1e-12 * (1 + Math.Abs(expected[i])));
        }
    }
}
