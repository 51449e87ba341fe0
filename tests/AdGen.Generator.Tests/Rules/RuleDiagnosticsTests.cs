using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AdGen.Generator.Tests.Rules;

/// <summary>
/// ADG0016: a constant rule outside the Clarke subdifferential of its primitive is a compile-time error, whether it
/// comes from the call, the method's [Differentiable(...)] or the assembly's [DifferentiableDefaults(...)].
/// ADG1001: a hidden diagnostic at every kink site, naming its rule (shown when its severity is raised).
/// </summary>
public class RuleDiagnosticsTests
{
    private const string Usings = "using System;\nusing AdGen;\n";

    private static string Method(string type, string body, string attribute = "[Differentiable]", string assembly = "") =>
        Usings + assembly + "public static partial class M\n{\n    " + attribute + "\n    public static " + type + " F(" + type + " x, " + type + " y) => " + body + ";\n}\n";

    private static Diagnostic SingleRuleError(GeneratorOutput output)
    {
        Diagnostic[] errors = output.Diagnostics.Where(static d => d.Id == "ADG0016").ToArray();
        Assert.True(errors.Length == 1, "expected one ADG0016, got: " + string.Join("; ", output.Diagnostics));
        Assert.Equal(DiagnosticSeverity.Error, errors[0].Severity);
        return errors[0];
    }

    public static TheoryData<string, string, string, string> OutOfRangeCalls => new()
    {
        // type, call, the value as the message prints it, the interval
        { "double", "AdMath.Relu(x, 2.0)", "2", "[0, 1]" },
        { "double", "AdMath.Relu(x, -0.5)", "-0.5", "[0, 1]" },
        { "double", "AdMath.Relu(x, double.NaN)", "NaN", "[0, 1]" },
        { "float", "AdMath.Relu(x, 2f)", "2", "[0, 1]" },
        { "double", "AdMath.Abs(x, 1.5)", "1.5", "[-1, 1]" },
        { "float", "AdMath.Abs(x, -1.25f)", "-1.25", "[-1, 1]" },
        { "double", "AdMath.Max(x, y, 1.5)", "1.5", "[0, 1]" },
        { "double", "AdMath.Min(x, y, -0.25)", "-0.25", "[0, 1]" },
        { "double", "AdMath.Clamp(x, -1.0, 1.0, 2.0)", "2", "[0, 1]" },
        { "double", "AdMath.HardTanh(x, 1.5)", "1.5", "[0, 1]" },
        { "double", "AdMath.Hinge(x, 0.5)", "0.5", "[-1, 0]" },
        { "double", "AdMath.LeakyRelu(x, 0.125, 0.0625)", "0.0625", "[0.125, 1]" },
        { "double", "AdMath.LeakyRelu(x, 2.0, 0.5)", "0.5", "[1, 2]" },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeCalls))]
    public void ConstantRuleArgumentOutOfRangeIsAnErrorAtTheCall(string type, string call, string value, string interval)
    {
        string source = Method(type, call + " + y");
        Diagnostic error = SingleRuleError(GeneratorHarness.Run(source));
        Assert.Equal(call, Text(error, source));
        string message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("value " + value + " ", message, StringComparison.Ordinal);
        Assert.Contains(interval.Replace(", ", ", ", StringComparison.Ordinal), message.Replace("[", "[", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ConstantLocalRuleIsCheckedToo()
    {
        string source = Usings + """
            public static partial class M
            {
                [Differentiable]
                public static double F(double x)
                {
                    const double slope = 1.5;
                    return AdMath.Relu(x, slope);
                }
            }
            """;
        Diagnostic error = SingleRuleError(GeneratorHarness.Run(source));
        Assert.Equal("AdMath.Relu(x, slope)", Text(error, source));
    }

    [Theory]
    [InlineData("AdMath.Relu(x, 0.0)")]
    [InlineData("AdMath.Relu(x, 1.0)")]
    [InlineData("AdMath.Abs(x, -1.0)")]
    [InlineData("AdMath.Abs(x, 1.0)")]
    [InlineData("AdMath.Max(x, y, 0.0)")]
    [InlineData("AdMath.Min(x, y, 1.0)")]
    [InlineData("AdMath.Clamp(x, -1.0, 1.0, 1.0)")]
    [InlineData("AdMath.HardTanh(x, 0.0)")]
    [InlineData("AdMath.Hinge(x, -1.0)")]
    [InlineData("AdMath.Hinge(x, 0.0)")]
    [InlineData("AdMath.LeakyRelu(x, 0.125, 0.125)")]
    [InlineData("AdMath.LeakyRelu(x, 2.0, 2.0)")]
    public void EndsOfTheSubdifferentialAreAccepted(string call)
    {
        GeneratorOutput output = GeneratorHarness.Run(Method("double", call + " + y"));
        Assert.DoesNotContain(output.Diagnostics, static d => d.Severity == DiagnosticSeverity.Error);
        GeneratorHarness.CompileAndLoad(Method("double", call + " + y"));
    }

    [Fact]
    public void RunTimeRuleArgumentsAreNotCheckedAtCompileTime()
    {
        string source = Usings + """
            public static partial class M
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] double s) => AdMath.Relu(x, s) + AdMath.LeakyRelu(x, s, 0.5);
            }
            """;
        GeneratorOutput output = GeneratorHarness.Run(source);
        Assert.DoesNotContain(output.Diagnostics, static d => d.Id == "ADG0016");
    }

    public static TheoryData<string, string, string> OutOfRangeOptions => new()
    {
        // option, a call that uses it, the value as printed
        { "ReluSlopeAtZero = 2", "AdMath.Relu(x)", "2" },
        { "ReluSlopeAtZero = -1", "AdMath.Relu(x)", "-1" },
        { "AbsSlopeAtZero = 1.5", "Math.Abs(x)", "1.5" },
        { "AbsSlopeAtZero = -2", "Math.CopySign(x, y)", "-2" },
        { "MaxTieWeight = -0.5", "Math.Max(x, y)", "-0.5" },
        { "MinTieWeight = 2", "Math.Min(x, y)", "2" },
        { "ClampBoundaryWeight = 1.5", "Math.Clamp(x, -1.0, 1.0)", "1.5" },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeOptions))]
    public void MethodOptionOutOfRangeIsAnErrorAtTheAttribute(string option, string call, string value)
    {
        // Two uses of the primitive, one error: the attribute's value is what is wrong.
        string source = Method("double", call + " + " + call + " + y", "[Differentiable(" + option + ")]");
        Diagnostic error = SingleRuleError(GeneratorHarness.Run(source));
        Assert.Equal(option, Text(error, source));
        string message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("value " + value + " ", message, StringComparison.Ordinal);
        Assert.Contains(option.Split(' ')[0], message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OutOfRangeOptions))]
    public void AssemblyOptionOutOfRangeIsAnErrorAtTheAttributeOnce(string option, string call, string value)
    {
        string source = Usings + "[assembly: DifferentiableDefaults(" + option + ")]\n" + """
            public static partial class M
            {
                [Differentiable] public static double F(double x, double y) => CALL + y;
                [Differentiable] public static double G(double x, double y) => CALL * y;
            }
            """.Replace("CALL", call, StringComparison.Ordinal);
        Assert.DoesNotContain(GeneratorHarness.CreateCompilation(source).GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error);
        Diagnostic error = SingleRuleError(GeneratorHarness.Run(source));
        Assert.Equal(option, Text(error, source));
        string message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("value " + value + " ", message, StringComparison.Ordinal);
        Assert.Contains(option.Split(' ')[0], message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMethodOptionOverridesAnAssemblyOptionButTheInvalidAssemblyValueIsStillReported()
    {
        string source = Method("double", "AdMath.Relu(x) + y", "[Differentiable(ReluSlopeAtZero = 1)]", "[assembly: DifferentiableDefaults(ReluSlopeAtZero = 2)]\n");
        Diagnostic error = SingleRuleError(GeneratorHarness.Run(source));
        Assert.Equal("ReluSlopeAtZero = 2", Text(error, source));
        Assert.Contains(GeneratorHarness.Run(source).Diagnostics, static d => d.Id == "ADG1001" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).EndsWith("rule: slope 1", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsInRangeAndNaNAreAccepted()
    {
        string source = Method("double", "AdMath.Relu(x) + Math.Max(x, y) + Math.Abs(y)", "[Differentiable(ReluSlopeAtZero = 1, MaxTieWeight = 0, AbsSlopeAtZero = double.NaN)]", "[assembly: DifferentiableDefaults(AbsSlopeAtZero = -1, ClampBoundaryWeight = 1)]\n");
        Assert.DoesNotContain(GeneratorHarness.Run(source).Diagnostics, static d => d.Severity == DiagnosticSeverity.Error);
        GeneratorHarness.CompileAndLoad(source);
    }

    [Theory]
    [InlineData("[Differentiable(ReluSlopeAtZero = 2)]", "")]
    [InlineData("[Differentiable]", "[assembly: DifferentiableDefaults(MaxTieWeight = 3)]\n")]
    public void AnOptionOutOfRangeIsAnErrorEvenBeforeAPrimitiveUsesIt(string attribute, string assembly)
    {
        // The value is invalid whatever the body: it must not wait for the first relu or max to be reported.
        string source = Method("double", "x * y", attribute, assembly);
        Assert.Contains(GeneratorHarness.Run(source).Diagnostics, static d => d.Id == "ADG0016");
    }

    [Fact]
    public void EveryKinkSiteHasAHiddenDiagnosticNamingItsRule()
    {
        string source = Usings + """
            public static partial class K
            {
                [Differentiable(MaxTieWeight = 1)]
                public static double F(double x, double y)
                {
                    double a = AdMath.Relu(x) + Math.Abs(y) + Math.Max(x, y) + Math.Min(x, y) + AdMath.Hinge(y, -0.5);
                    double b = Math.Clamp(x, -1.0, 1.0) + Math.Floor(y) + Math.Sin(x) + Math.Exp(y) + Math.CopySign(x, y);
                    return a + b;
                }
            }
            """;
        GeneratorOutput output = GeneratorHarness.Run(source);
        Diagnostic[] sites = output.Diagnostics.Where(static d => d.Id == "ADG1001").ToArray();
        Assert.All(sites, static d => Assert.Equal(DiagnosticSeverity.Hidden, d.Severity));
        Assert.DoesNotContain(output.Diagnostics, static d => d.Severity > DiagnosticSeverity.Hidden);

        var expected = new Dictionary<string, string>
        {
            ["AdMath.Relu(x)"] = "slope 0",
            ["Math.Abs(y)"] = "slope 0",
            ["Math.Max(x, y)"] = "all to the first",
            ["Math.Min(x, y)"] = "split 0.5/0.5",
            ["AdMath.Hinge(y, -0.5)"] = "slope -0.5",
            ["Math.Clamp(x, -1.0, 1.0)"] = "weight 0.5",
            ["Math.Floor(y)"] = "derivative 0",
            ["Math.CopySign(x, y)"] = "slope 0",
        };
        Assert.Equal(expected.Keys.OrderBy(static k => k), sites.Select(d => Text(d, source)).OrderBy(static k => k));
        foreach (Diagnostic site in sites)
        {
            string message = site.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("rule: " + expected[Text(site, source)], message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HiddenDiagnosticsMatchTheRegisteredSitesOneToOne()
    {
        // Singular points and branches are kink sites too (comment, monitor counter, XML docs): the IDE shows them all.
        string source = Usings + """
            public static partial class K
            {
                [Differentiable]
                public static double G(double x, double y)
                {
                    double s = Math.Sqrt(x * x) + Math.Log(y * y) + Math.Pow(x, y) + Math.Atan2(y, x) + AdMath.Relu(x);
                    if (x > y)
                    {
                        s += x;
                    }

                    return s;
                }
            }
            """;
        GeneratorOutput output = GeneratorHarness.Run(source);
        string code = string.Join("\n", output.GeneratedSources.Select(static s => s.Text));
        var registered = Regex.Matches(code, @"KinkMonitor\.Register\(""K\.G"", ""[^""]*"", (\d+), (\d+),")
            .Select(static m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(static p => p)
            .ToArray();
        var reported = output.Diagnostics.Where(static d => d.Id == "ADG1001")
            .Select(static d => d.Location.GetLineSpan().StartLinePosition)
            .Select(static p => (p.Line + 1, p.Character + 1))
            .OrderBy(static p => p)
            .ToArray();
        Assert.True(registered.Length >= 6, "expected sites for sqrt, log, pow, atan2, relu and the branch; generated:\n" + code);
        Assert.Equal(registered, reported);
    }

    [Fact]
    public void TheXmlDocsOfEveryGeneratedMemberListEverySite()
    {
        string source = Usings + """
            public static partial class K
            {
                [Differentiable(MaxTieWeight = 0)]
                public static double H(double x, double y) => Math.Max(x, y) + AdMath.Relu(x - y) + (x > 1.0 ? Math.Sqrt(x) : 0.0);
            }
            """;
        GeneratorOutput output = GeneratorHarness.Run(source);
        string code = string.Join("\n", output.GeneratedSources.Select(static s => s.Text));
        string[] sites = Regex.Matches(code, @"KinkMonitor\.Register\(""K\.H"", ""([^""]*)"", (\d+), (\d+), ""([^""]*)"", ""([^""]*)""\)")
            .Select(static m => m.Groups[1].Value + "(" + m.Groups[2].Value + "," + m.Groups[3].Value + ") " + m.Groups[4].Value + ": " + m.Groups[5].Value)
            .ToArray();
        Assert.Equal(4, sites.Length); // max, relu, the branch, sqrt
        Assert.Contains(sites, static s => s.EndsWith("Math.Max(x, y) at x == y: all to the second", StringComparison.Ordinal));
        foreach (string member in new[] { "public static double HGradient(", "public static void HPullback(", "public static (double Value, double Tangent) HTangent(" })
        {
            int signature = code.IndexOf(member, StringComparison.Ordinal);
            Assert.True(signature > 0, member + " not generated");
            string docs = code.Substring(code.LastIndexOf("/// <summary>", signature, StringComparison.Ordinal), signature - code.LastIndexOf("/// <summary>", signature, StringComparison.Ordinal));
            foreach (string site in sites)
            {
                // XML-escaped: '>' is '&gt;'.
                string item = "/// <item><description>" + site.Replace(">", "&gt;", StringComparison.Ordinal) + "</description></item>";
                Assert.True(docs.Contains(item, StringComparison.Ordinal), member + " docs lack " + item + "\n" + docs);
            }
        }
    }

    [Fact]
    public void RaisingTheSeverityShowsTheSites()
    {
        // What `dotnet_diagnostic.ADG1001.severity = suggestion` in .editorconfig does.
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Method("double", "Math.Max(x, y)"));
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["ADG1001"] = ReportDiagnostic.Info }));
        GeneratorOutput output = GeneratorHarness.Run(compilation);
        Diagnostic site = Assert.Single(output.Diagnostics, static d => d.Id == "ADG1001");
        Assert.Equal(DiagnosticSeverity.Info, site.Severity);
    }

    [Theory]
    [InlineData("Math.Sign(x) * y")]
    [InlineData("MathF.Sign(x) * y")]
    [InlineData("double.Sign(x) * y")]
    public void MathSignIsAKinkSiteWithDerivativeZero(string body)
    {
        // Issue 3 lists Math.Sign with Floor and Round: piecewise constant, rule 0, and a site like theirs.
        string type = body.StartsWith("MathF", StringComparison.Ordinal) ? "float" : "double";
        string source = Method(type, body);
        GeneratorOutput output = GeneratorHarness.Run(source);
        Diagnostic site = Assert.Single(output.Diagnostics, static d => d.Id == "ADG1001");
        Assert.StartsWith(body.Substring(0, body.IndexOf(')') + 1), Text(site, source), StringComparison.Ordinal);
        Assert.Contains("// kink: ", string.Join("\n", output.GeneratedSources.Select(static s => s.Text)), StringComparison.Ordinal);
        var assembly = GeneratorHarness.CompileAndLoad(source);
        Assert.Equal(new[] { 0.0, -1.0 }, RuleInvoker.Gradient(assembly, "M", "F", -2.0, 3.0));
        Assert.Equal(new[] { 0.0, 0.0 }, RuleInvoker.Gradient(assembly, "M", "F", 0.0, 3.0));
        Assert.Equal(new[] { 0.0, 0.0 }, RuleInvoker.Forward(assembly, "M", "F", 0.0, 3.0));
    }

    [Theory]
    [InlineData("Math.MaxMagnitude(x, y)")]
    [InlineData("Math.MinMagnitude(x, y)")]
    [InlineData("double.MaxNumber(x, y)")]
    [InlineData("Math.IEEERemainder(x, y)")]
    [InlineData("Math.Round(x, 2)")]
    [InlineData("Math.Round(x, MidpointRounding.AwayFromZero)")]
    [InlineData("Math.BitIncrement(x)")]
    public void AKinkedFunctionWithoutARuleIsAnErrorNotASilentZero(string call)
    {
        GeneratorOutput output = GeneratorHarness.Run(Method("double", call + " + y"));
        Diagnostic error = Assert.Single(output.Diagnostics, static d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("ADG0007", error.Id);
    }

    private static string Text(Diagnostic diagnostic, string source) => source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
