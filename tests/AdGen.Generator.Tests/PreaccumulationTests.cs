using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// Calls before any loop take their value and partials from the callee's gradient, and the reverse sweep scales the
/// partials by the result's adjoint. It must give what the callee's pullback gives, the 0·∞ = 0 convention included.
/// </summary>
public sealed class PreaccumulationTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class M
        {
            [Differentiable]
            public static double Root(double x) => Math.Sqrt(x);

            [Differentiable]
            public static double Weighted(double x, [NoDerivative] double weight)
            {
                double root = Root(x);
                return x + weight * root;
            }

            [Differentiable]
            public static double Product(double a, double b) => a * b;

            [Differentiable]
            public static double SameTwice(double x)
            {
                double square = Product(x, x);
                return square * x;
            }
        }
        """;

    [Fact]
    public void CallsBeforeLoopsUseTheCalleesGradient()
    {
        GeneratorOutput output = GeneratorHarness.Run(Source);
        string code = string.Concat(output.GeneratedSources.Select(static s => s.Text));
        Assert.Contains("double root = global::M.RootGradient(x, out double rootByX);", code, StringComparison.Ordinal);
        Assert.Contains("double square = global::M.ProductGradient(x, x, out double squareByX, out double squareByX2);", code, StringComparison.Ordinal);
        Assert.DoesNotContain("RootPullback(x", code, StringComparison.Ordinal);
    }

    [Fact]
    public void AZeroAdjointGivesZeroWhereThePartialIsInfinite()
    {
        // At x = 0, √x has an infinite slope; with weight 0 its adjoint is 0, and the pullback's convention gives 0·∞ = 0.
        MethodInfo gradient = GeneratorHarness.CompileAndLoad(Source).GetType("M")!.GetMethod("WeightedGradient")!;
        object[] arguments = { 0.0, 0.0, double.NaN };
        Assert.Equal(0.0, (double)gradient.Invoke(null, arguments)!);
        Assert.Equal(1.0, (double)arguments[2]);

        // With a nonzero weight the infinite slope shows, as the pullback would show it.
        arguments = new object[] { 0.0, 2.0, double.NaN };
        gradient.Invoke(null, arguments);
        Assert.Equal(double.PositiveInfinity, (double)arguments[2]);

        arguments = new object[] { 4.0, 2.0, double.NaN };
        gradient.Invoke(null, arguments);
        Assert.Equal(1.0 + 2.0 * 0.25, (double)arguments[2], 15);
    }

    [Fact]
    public void OneVariablePassedTwiceGetsBothPartials()
    {
        MethodInfo gradient = GeneratorHarness.CompileAndLoad(Source).GetType("M")!.GetMethod("SameTwiceGradient")!;
        object[] arguments = { 1.5, double.NaN };
        Assert.Equal(1.5 * 1.5 * 1.5, (double)gradient.Invoke(null, arguments)!, 15);
        Assert.Equal(3 * 1.5 * 1.5, (double)arguments[1], 14);
    }
}
