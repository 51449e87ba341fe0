using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// Calls before any loop take their value and partials from the callee's gradient, and the reverse sweep scales the
/// partials by the result's adjoint. It must give what the callee's pullback gives, the 0·∞ = 0 convention included.
/// A call with one active argument takes its partial from the callee's tangent instead, when the callee's two modes
/// agree (no guarded singular point, loop or call of its own); otherwise from its gradient, as before.
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

            [Differentiable]
            public static double Bump(double x) => Math.Exp(-x * x) * Math.Tanh(x) + Math.Max(x, 0.5);

            [Differentiable]
            public static double Discounted(double rate, double time) => Math.Exp(-rate * time);

            [Differentiable]
            public static double UsesSmooth(double x, double t)
            {
                double bump = Bump(x);
                double discount = Discounted(0.03, t);
                return bump * discount;
            }

            [Differentiable]
            public static double PowerThreeHalves(double x) => x * Math.Sqrt(x);

            [Differentiable]
            public static double UsesSingular(double x)
            {
                double power = PowerThreeHalves(x);
                return 2.0 * power;
            }

            [Differentiable]
            public static double Looped(double x)
            {
                double sum = 0.0;
                for (int k = 1; k <= 3; k++)
                {
                    sum += Math.Sin(k * x);
                }

                return sum;
            }

            [Differentiable]
            public static double Nested(double x) => Bump(x) + x;

            [Differentiable]
            public static double UsesOthers(double x)
            {
                double looped = Looped(x);
                double nested = Nested(x);
                return looped * nested;
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

    [Fact]
    public void OneActiveArgumentTakesItsPartialFromTheCalleesTangentWhenTheModesAgree()
    {
        GeneratorOutput output = GeneratorHarness.Run(Source);
        string code = string.Concat(output.GeneratedSources.Select(static s => s.Text));
        Assert.Contains("(double Value, double Tangent) bumpAndDerivative = global::M.BumpTangent(x, 1.0);", code, StringComparison.Ordinal);
        Assert.Contains("double bumpByX = bumpAndDerivative.Tangent;", code, StringComparison.Ordinal);
        // The constant rate gets tangent 0, the active time tangent 1.
        Assert.Contains("global::M.DiscountedTangent(0.03, t, 0.0, 1.0);", code, StringComparison.Ordinal);

        // Modes that can disagree keep the gradient: a singular point (√x), a loop, a call of another method.
        Assert.Contains("double power = global::M.PowerThreeHalvesGradient(x, out double powerByX);", code, StringComparison.Ordinal);
        Assert.Contains("double looped = global::M.LoopedGradient(x, out double loopedByX);", code, StringComparison.Ordinal);
        Assert.Contains("double nested = global::M.NestedGradient(x, out double nestedByX);", code, StringComparison.Ordinal);
    }

    [Fact]
    public void APartialFromTheTangentGivesTheHandDerivedGradient()
    {
        Type type = GeneratorHarness.CompileAndLoad(Source).GetType("M")!;
        MethodInfo gradient = type.GetMethod("UsesSmoothGradient")!;
        foreach ((double x, double t) in new[] { (0.7, 2.0), (-1.3, 0.5), (0.5, 1.0), (0.2, 3.0) })
        {
            object[] arguments = { x, t, double.NaN, double.NaN };
            double value = (double)gradient.Invoke(null, arguments)!;
            double bump = Math.Exp(-x * x) * Math.Tanh(x) + Math.Max(x, 0.5);
            // d/dx of e^(−x²) tanh x + max(x, 0.5); at the tie x = 0.5 the max splits 0.5/0.5.
            double maxSlope = x > 0.5 ? 1 : x == 0.5 ? 0.5 : 0;
            double bumpSlope = Math.Exp(-x * x) * (-2 * x * Math.Tanh(x) + 1 - Math.Tanh(x) * Math.Tanh(x)) + maxSlope;
            double discount = Math.Exp(-0.03 * t);
            Assert.Equal(bump * discount, value, 14);
            Assert.Equal(bumpSlope * discount, (double)arguments[2], 13);
            Assert.Equal(bump * -0.03 * discount, (double)arguments[3], 13);
        }
    }

    [Fact]
    public void ASingularCalleeKeepsItsReverseModeAnswer()
    {
        // d/dx x√x at 0 is 0. Reverse mode finds it (its zero adjoint meets √x's +∞ and the guard gives 0); forward mode
        // multiplies the tangent +∞ of √x by x = 0 and gives NaN. The caller must keep the reverse answer.
        Type type = GeneratorHarness.CompileAndLoad(Source).GetType("M")!;
        object[] arguments = { 0.0, double.NaN };
        type.GetMethod("UsesSingularGradient")!.Invoke(null, arguments);
        Assert.Equal(0.0, (double)arguments[1]);
        var tangent = ((double Value, double Tangent))type.GetMethod("PowerThreeHalvesTangent")!.Invoke(null, new object[] { 0.0, 1.0 })!;
        Assert.True(double.IsNaN(tangent.Tangent));

        arguments = new object[] { 4.0, double.NaN };
        type.GetMethod("UsesSingularGradient")!.Invoke(null, arguments);
        Assert.Equal(2.0 * 1.5 * 2.0, (double)arguments[1], 14);
    }
}
