using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// An operand read several times in one right-hand side gets its partial by the forward rules with a unit seed, which
/// nests as the expression nests (Horner's p(t) gives p′(t) in Horner form): reverse mode adds adjoint · p′(t), and
/// forward mode, when it is the only active operand, writes dt · p′(t). Both must give the derivative the rules give,
/// and forward mode must not factor across a singular function, whose 0·∞ guard tests the operand's own tangent.
/// </summary>
public sealed class RepeatedOperandTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class M
        {
            [Differentiable]
            public static double Horner(double t)
            {
                double poly = t * (0.25 + t * (-0.5 + t * (1.5 + t * (-1.25 + t * 0.75))));
                return poly;
            }

            [Differentiable]
            public static double WithExp(double t) => t * Math.Exp(t) + Math.Sin(t) * t;

            [Differentiable]
            public static double Quotient(double t) => (t * t + 1.0) / (t + 2.0);

            [Differentiable]
            public static double RootOfSum(double t)
            {
                double[] root = new double[1];
                root[0] = Math.Sqrt(t + t);
                return root[0];
            }

            [Differentiable]
            public static float Widened(float t) => (float)Math.Sin((double)(t + t)) + t * t;

            [Differentiable]
            public static double TwoOperands(double a, double t) => a * t + t * t * a;
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("M")!);

    [Fact]
    public void ALoneOperandReadSeveralTimesGetsOneTangentFactor()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        string tangentOfPoly = code.Split('\n').Single(static line => line.TrimStart().StartsWith("double dpoly =", StringComparison.Ordinal) && line.Contains("dt", StringComparison.Ordinal)).Trim();

        // dt · p′(t), p′ nested as Horner nests p: dt is read once, not once per level.
        Assert.Equal(
            "double dpoly = dt * (0.25 + t * (-0.5 + t * (1.5 + t * (-1.25 + t * 0.75))) + t * (-0.5 + t * (1.5 + t * (-1.25 + t * 0.75)) + t * (1.5 + t * (-1.25 + t * 0.75) + t * (-1.25 + t * 0.75 + 0.75 * t))));",
            tangentOfPoly);

        // Reverse mode: the same partial, times the adjoint.
        Assert.Contains("dt += dpoly * (0.25 + t * (-0.5 + t * (1.5 + t * (-1.25 + t * 0.75))) + t * (", code, StringComparison.Ordinal);

        // Two active operands keep the rules' own sum; a singular function keeps its guarded tangent.
        Assert.Contains("return (a * t + t * t * a, da * t + a * dt", code, StringComparison.Ordinal);
        Assert.Contains("droot[0] = dsqrtArgument == 0.0 ? 0.0 :", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.3)]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(2.7)]
    public void TheFactoredTangentIsTheHandDerivedDerivative(double t)
    {
        // p(t) = 0.25t − 0.5t² + 1.5t³ − 1.25t⁴ + 0.75t⁵
        double polyByT = 0.25 - 1.0 * t + 4.5 * t * t - 5.0 * t * t * t + 3.75 * t * t * t * t;
        AssertTangent("Horner", t, polyByT);

        // t eᵗ + t sin t
        AssertTangent("WithExp", t, Math.Exp(t) * (1 + t) + Math.Sin(t) + t * Math.Cos(t));

        // (t² + 1)/(t + 2)
        AssertTangent("Quotient", t, (2 * t * (t + 2) - (t * t + 1)) / ((t + 2) * (t + 2)));
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.7f)]
    public void APartialThroughAWideningCastHasTheOperandsType(float t)
    {
        // (float)Math.Sin((double)(t + t)) + t²: the partial of (double)(t + t) is a double, added into a float adjoint.
        double expected = 2 * Math.Cos(2.0 * t) + 2 * t;
        object[] arguments = { t, 0f };
        Compiled.Value.GetMethod("WidenedGradient")!.Invoke(null, arguments);
        Assert.Equal(expected, (float)arguments[1], 1e-5 * (1 + Math.Abs(expected)));
        var tangent = ((float Value, float Tangent))Compiled.Value.GetMethod("WidenedTangent")!.Invoke(null, new object[] { t, 1f })!;
        Assert.Equal(expected, tangent.Tangent, 1e-5 * (1 + Math.Abs(expected)));
    }

    [Fact]
    public void ASingularFunctionKeepsItsZeroTangentGuard()
    {
        // √(t + t) at 0 along a zero direction: the guard sees the argument's tangent 2·dt = 0 and gives 0; factored,
        // dt · (∞ · 2) would be 0 · ∞ = NaN.
        Assert.Equal(0.0, Tangent("RootOfSum", 0.0, 0.0));
        Assert.Equal(double.PositiveInfinity, Tangent("RootOfSum", 0.0, 0.5));
        Assert.Equal(0.5 / Math.Sqrt(8.0) * 2 * 0.5, Tangent("RootOfSum", 4.0, 0.5), 14);
    }

    [Theory]
    [InlineData(0.7, -1.1)]
    [InlineData(-2.0, 0.3)]
    public void TwoOperandsAgreeWithTheGradient(double a, double t)
    {
        var tangent = ((double Value, double Tangent))Compiled.Value.GetMethod("TwoOperandsTangent")!.Invoke(null, new object[] { a, t, 0.3, -0.8 })!;
        object[] arguments = { a, t, 0.0, 0.0 };
        Compiled.Value.GetMethod("TwoOperandsGradient")!.Invoke(null, arguments);
        Assert.Equal(0.3 * (double)arguments[2] + -0.8 * (double)arguments[3], tangent.Tangent, 12);
    }

    private static void AssertTangent(string method, double t, double expected)
    {
        const double direction = 0.625;
        Assert.Equal(expected * direction, Tangent(method, t, direction), 1e-12 * (1 + Math.Abs(expected)));

        // The reverse sweep agrees, and so do central differences.
        object[] arguments = { t, 0.0 };
        Compiled.Value.GetMethod(method + "Gradient")!.Invoke(null, arguments);
        Assert.Equal(expected, (double)arguments[1], 1e-12 * (1 + Math.Abs(expected)));
        MethodInfo value = Compiled.Value.GetMethod(method)!;
        const double h = 1e-6;
        double difference = ((double)value.Invoke(null, new object[] { t + h })! - (double)value.Invoke(null, new object[] { t - h })!) / (2 * h);
        Assert.Equal(expected, difference, 1e-6 * (1 + Math.Abs(expected)));
    }

    private static double Tangent(string method, double t, double direction) =>
        (((double Value, double Tangent))Compiled.Value.GetMethod(method + "Tangent")!.Invoke(null, new object[] { t, direction })!).Tangent;
}
