using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests.Rules;

/// <summary>
/// [assembly: DifferentiableDefaults(...)] sets the rule of every [Differentiable] method of the assembly; a method's
/// own [Differentiable(...)] options override it, and a per-call rule argument overrides both.
/// </summary>
public class AssemblyDefaultsTests
{
    private const string Methods = """
        public static partial class M
        {
            [Differentiable] public static double Relu(double x) => AdMath.Relu(x);
            [Differentiable] public static double Abs(double x) => Math.Abs(x);
            [Differentiable] public static double CopySign(double a, double b) => Math.CopySign(a, b);
            [Differentiable] public static double Max(double a, double b) => Math.Max(a, b);
            [Differentiable] public static double Min(double a, double b) => Math.Min(a, b);
            [Differentiable] public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);
            [Differentiable] public static float ReluF(float x) => AdMath.Relu(x);
            [Differentiable] public static float MaxF(float a, float b) => MathF.Max(a, b);
            [Differentiable] public static float ClampF(float x, float lo, float hi) => float.Clamp(x, lo, hi);
            [Differentiable(ReluSlopeAtZero = 0.5, MaxTieWeight = 0.25)]
            public static double MethodOverrides(double x, double a, double b) => AdMath.Relu(x) + Math.Max(a, b) + Math.Abs(x);
            [Differentiable(ReluSlopeAtZero = double.NaN)] public static double NaNMeansUnset(double x) => AdMath.Relu(x);
            [Differentiable] public static double CallOverrides(double x) => AdMath.Relu(x, 0.25);
            [Differentiable] public static double LeakyKeepsItsSlope(double x) => AdMath.LeakyRelu(x, 0.1);
            [Differentiable] public static double HardTanhKeepsItsDefault(double x) => AdMath.HardTanh(x);
        }
        """;

    private const string Usings = "using System;\nusing AdGen;\n";

    private static readonly Assembly WithDefaults = GeneratorHarness.CompileAndLoad(
        Usings + "[assembly: DifferentiableDefaults(ReluSlopeAtZero = 1, AbsSlopeAtZero = -1, MaxTieWeight = 1, MinTieWeight = 0, ClampBoundaryWeight = 0)]\n" + Methods);

    private static readonly Assembly WithoutDefaults = GeneratorHarness.CompileAndLoad(Usings + Methods);

    public static TheoryData<string, double[], double[], double[]> Cases => new()
    {
        // method, point (at the kink), with the assembly defaults, with AdGen's defaults
        { "Relu", new[] { 0.0 }, new[] { 1.0 }, new[] { 0.0 } },
        { "Abs", new[] { 0.0 }, new[] { -1.0 }, new[] { 0.0 } },
        { "CopySign", new[] { 0.0, 2.0 }, new[] { -1.0, 0.0 }, new[] { 0.0, 0.0 } },
        { "CopySign", new[] { 0.0, -2.0 }, new[] { 1.0, 0.0 }, new[] { 0.0, 0.0 } },
        { "Max", new[] { 1.0, 1.0 }, new[] { 1.0, 0.0 }, new[] { 0.5, 0.5 } },
        { "Min", new[] { 1.0, 1.0 }, new[] { 0.0, 1.0 }, new[] { 0.5, 0.5 } },
        { "Clamp", new[] { -1.0, -1.0, 2.0 }, new[] { 0.0, 1.0, 0.0 }, new[] { 0.5, 0.5, 0.0 } },
        { "Clamp", new[] { 2.0, -1.0, 2.0 }, new[] { 0.0, 0.0, 1.0 }, new[] { 0.5, 0.0, 0.5 } },
        { "ReluF", new[] { 0.0 }, new[] { 1.0 }, new[] { 0.0 } },
        { "MaxF", new[] { 1.0, 1.0 }, new[] { 1.0, 0.0 }, new[] { 0.5, 0.5 } },
        { "ClampF", new[] { 2.0, -1.0, 2.0 }, new[] { 0.0, 0.0, 1.0 }, new[] { 0.5, 0.0, 0.5 } },

        // The method's options win over the assembly's; options it does not set (abs) still come from the assembly.
        { "MethodOverrides", new[] { 0.0, 1.0, 1.0 }, new[] { 0.5 - 1.0, 0.25, 0.75 }, new[] { 0.5 + 0.0, 0.25, 0.75 } },
        { "NaNMeansUnset", new[] { 0.0 }, new[] { 1.0 }, new[] { 0.0 } },
        { "CallOverrides", new[] { 0.0 }, new[] { 0.25 }, new[] { 0.25 } },

        // Primitives without an option are not affected.
        { "LeakyKeepsItsSlope", new[] { 0.0 }, new[] { 0.1 }, new[] { 0.1 } },
        { "HardTanhKeepsItsDefault", new[] { 1.0 }, new[] { 0.5 }, new[] { 0.5 } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AssemblyDefaultAppliesInBothModesAndMethodAndCallOverrideIt(string method, double[] at, double[] withAssemblyDefaults, double[] withAdGenDefaults)
    {
        AssertAll(WithDefaults, method, at, withAssemblyDefaults);
        AssertAll(WithoutDefaults, method, at, withAdGenDefaults);
    }

    [Fact]
    public void AwayFromTheKinkTheAssemblyDefaultChangesNothing()
    {
        Assert.Equal(new[] { 1.0 }, RuleInvoker.Gradient(WithDefaults, "M", "Relu", 2.0));
        Assert.Equal(new[] { -1.0 }, RuleInvoker.Gradient(WithDefaults, "M", "Abs", -2.0));
        Assert.Equal(new[] { 0.0, 1.0 }, RuleInvoker.Gradient(WithDefaults, "M", "Max", 1.0, 2.0));
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, RuleInvoker.Forward(WithDefaults, "M", "Clamp", 0.5, -1.0, 2.0));
    }

    [Fact]
    public void TheGeneratedCommentNamesTheRuleTakenFromTheAssembly()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + "[assembly: DifferentiableDefaults(ReluSlopeAtZero = 1, MaxTieWeight = 1)]\n" + Methods);
        string code = string.Join("\n", System.Linq.Enumerable.Select(output.GeneratedSources, static s => s.Text));
        Assert.Contains("// kink: AdMath.Relu(x) at x == 0: slope 1", code, System.StringComparison.Ordinal);
        Assert.Contains("// kink: Math.Max(a, b) at a == b: all to the first", code, System.StringComparison.Ordinal);
        Assert.Contains("// kink: AdMath.Relu(x) at x == 0: slope 0.5", code, System.StringComparison.Ordinal); // MethodOverrides
    }

    private static void AssertAll(Assembly assembly, string method, double[] at, double[] expected)
    {
        double[] reverse = RuleInvoker.Gradient(assembly, "M", method, at);
        double[] forward = RuleInvoker.Forward(assembly, "M", method, at);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(System.Math.Abs(expected[i] - reverse[i]) < 1e-7, method + ": reverse ∂/∂x" + i + " = " + reverse[i] + ", expected " + expected[i]);
            Assert.True(System.Math.Abs(expected[i] - forward[i]) < 1e-7, method + ": forward ∂/∂x" + i + " = " + forward[i] + ", expected " + expected[i]);
        }
    }
}
