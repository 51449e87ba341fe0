using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using AdGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AdGen.Generator.Tests.Diagnostics;

/// <summary>
/// One test per diagnostic: a small program with one problem gets exactly the expected ids, squiggled at the
/// construct, with a message that names it and says what to do; nothing is generated for the faulty method, the
/// good method beside it still gets its derivatives, and the program builds.
/// </summary>
public class DiagnosticDescriptorTests
{
    private const string Usings = """
        using System;
        using AdGen;

        """;

    /// <summary>A method that must keep its derivatives whatever is wrong elsewhere in its type.</summary>
    private const string GoodMethod = """
            [Differentiable]
            public static double Good(double x) => x * Math.Exp(x);
        """;

    [Fact]
    public void ADG0001_InstanceMethod()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public partial class Shapes
            {
                private readonly double _scale = 2.0;

                [Differentiable]
                public double Area(double r) => _scale * r * r;

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0001");
        run.AssertSingle("ADG0001", "Area", "'Area'", "instance method", "make it static");
        AssertOnlyTheGoodMethodIsGenerated(run, "Shapes", "Area");
    }

    [Fact]
    public void ADG0002_TypeNotPartial()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static class Plain
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }

            public static partial class Fine
            {
            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0002");
        run.AssertSingle("ADG0002", "Square", "'Plain'", "partial", "'Square'");
        run.AssertNothingGeneratedFor("Square");
        run.AssertDerivativesGenerated("Fine", "Good");
        run.AssertCompilationBuilds();
    }

    [Fact]
    public void ADG0002_ContainingTypeNotPartial()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public class Outer
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }

            public static partial class Fine
            {
            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0002");
        run.AssertSingle("ADG0002", "Square", "'Outer'", "partial");
        run.AssertNothingGeneratedFor("Square");
        run.AssertDerivativesGenerated("Fine", "Good");
        run.AssertCompilationBuilds();
    }

    [Fact]
    public void ADG0003_UnsupportedReturnType()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Counters
            {
                [Differentiable]
                public static int Steps(double x) => (int)(x * 10.0);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0003");
        run.AssertSingle("ADG0003", "int", "'Steps'", "'int'", "must return double or float");
        AssertOnlyTheGoodMethodIsGenerated(run, "Counters", "Steps");
    }

    [Fact]
    public void ADG0004_RefParameter()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Accumulators
            {
                [Differentiable]
                public static double Add(ref double total, double x)
                {
                    total += x;
                    return total;
                }

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0004");
        run.AssertSingle("ADG0004", "total", "'total'", "ref and out parameters are not supported", "return the value instead");
        AssertOnlyTheGoodMethodIsGenerated(run, "Accumulators", "Add");
    }

    [Fact]
    public void ADG0004_ListParameter()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + "using System.Collections.Generic;\n" + $$"""
            public static partial class Lists
            {
                [Differentiable]
                public static double First(List<double> values) => values[0];

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0004");
        run.AssertSingle("ADG0004", "values", "'values'", "List<double>", "ReadOnlySpan<double>");
        AssertOnlyTheGoodMethodIsGenerated(run, "Lists", "First");
    }

    [Fact]
    public void ADG0005_TryStatement()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Guarded
            {
                [Differentiable]
                public static double SafeLog(double x)
                {
                    try
                    {
                        return Math.Log(x);
                    }
                    catch (ArgumentException)
                    {
                        return 0.0;
                    }
                }

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0005");
        Diagnostic diagnostic = run.Single("ADG0005");
        Assert.StartsWith("try", run.SquiggledText(diagnostic), StringComparison.Ordinal);
        Assert.EndsWith("}", run.SquiggledText(diagnostic), StringComparison.Ordinal);
        run.AssertSingle("ADG0005", run.SquiggledText(diagnostic), "try statement", "handle errors outside");
        AssertOnlyTheGoodMethodIsGenerated(run, "Guarded", "SafeLog");
    }

    [Fact]
    public void ADG0006_FloatingRemainder()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Periodic
            {
                [Differentiable]
                public static double Wrap(double x) => 2.0 * (x % 1.5);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0006");
        run.AssertSingle("ADG0006", "x % 1.5", "remainder", "Math.Floor");
        AssertOnlyTheGoodMethodIsGenerated(run, "Periodic", "Wrap");
    }

    [Fact]
    public void ADG0006_Lambda()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Functional
            {
                [Differentiable]
                public static double Twice(double x) => Apply(v => v * v, x);

                public static double Apply(Func<double, double> f, double x) => f(f(x));

            {{GoodMethod}}
            }
            """);

        // The lambda is the construct the user must rewrite: it is squiggled, whatever else the call gets.
        Assert.Contains("ADG0006", run.Ids);
        Diagnostic lambda = run.Diagnostics.Single(d => d.Id == "ADG0006");
        Assert.Equal("v => v * v", run.SquiggledText(lambda));
        Assert.Contains("lambda", lambda.GetMessage(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("separate [Differentiable] static method", lambda.GetMessage(), StringComparison.Ordinal);
        AssertOnlyTheGoodMethodIsGenerated(run, "Functional", "Twice");
    }

    [Fact]
    public void ADG0007_CallWithoutDerivative()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static class Helpers
            {
                public static double Cube(double x) => x * x * x;
            }

            public static partial class Users
            {
                [Differentiable]
                public static double Volume(double side) => 1.0 + Helpers.Cube(side);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0007");
        run.AssertSingle("ADG0007", "Helpers.Cube(side)", "Helpers.Cube", "mark it [Differentiable]", "[NoDerivative]");
        AssertOnlyTheGoodMethodIsGenerated(run, "Users", "Volume");
    }

    [Fact]
    public void ADG0008_WriteToStaticField()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Stateful
            {
                private static double s_last;

                [Differentiable]
                public static double Remember(double x)
                {
                    s_last = x;
                    return x * 2.0;
                }

                public static double Last => s_last;

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0008");
        run.AssertSingle("ADG0008", "s_last", "the field 's_last'", "copy the data into a local array");
        AssertOnlyTheGoodMethodIsGenerated(run, "Stateful", "Remember");
    }

    [Fact]
    public void ADG0008_WriteToParameterArray()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class InPlace
            {
                [Differentiable]
                public static double Normalize(double[] x)
                {
                    x[0] = x[0] * 0.5;
                    return x[0];
                }

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0008");
        run.AssertSingle("ADG0008", "x[0]", "'x[0]'", "local array");
        AssertOnlyTheGoodMethodIsGenerated(run, "InPlace", "Normalize");
    }

    [Fact]
    public void ADG0009_Recursion()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Recursive
            {
                [Differentiable]
                public static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0009");
        run.AssertSingle("ADG0009", "Power(x, n - 1)", "'Power' calls itself", "rewrite it as a loop");
        AssertOnlyTheGoodMethodIsGenerated(run, "Recursive", "Power");
    }

    [Fact]
    public void ADG0010_NameClash()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Clashing
            {
                [Differentiable]
                public static double Loss(double x) => x * x;

                public static double LossGradient(double x) => 2.0 * x;

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0010");
        run.AssertSingle("ADG0010", "Loss", "'Clashing'", "'LossGradient'", "'Loss'", "rename one of them");
        Assert.False(run.HasMember("Clashing", "LossTangent"));
        Assert.False(run.HasMember("Clashing", "LossPullback"));
        run.AssertDerivativesGenerated("Clashing", "Good");
        run.AssertCompilationBuilds();
    }

    [Fact]
    public void ADG0011_GenericMethod()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Generic
            {
                [Differentiable]
                public static double Scale<T>(double x, T tag) => 3.0 * x;

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0011");
        run.AssertSingle("ADG0011", "Scale", "'Scale' is generic", "write it for double or float");
        AssertOnlyTheGoodMethodIsGenerated(run, "Generic", "Scale");
    }

    [Fact]
    public void ADG0012_NoBody()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Native
            {
                [Differentiable]
                [System.Runtime.InteropServices.DllImport("libm")]
                public static extern double cbrt(double x);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0012");
        run.AssertSingle("ADG0012", "cbrt", "'cbrt' has no body", "give it a block or expression body");
        AssertOnlyTheGoodMethodIsGenerated(run, "Native", "cbrt");
    }

    [Fact]
    public void ADG0013_LocalArrayInLoop()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Buffers
            {
                [Differentiable]
                public static double Sum(double[] x)
                {
                    double total = 0.0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double[] pair = new double[2];
                        pair[0] = x[i];
                        pair[1] = x[i] * x[i];
                        total += pair[0] + pair[1];
                    }

                    return total;
                }

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0013");
        run.AssertSingle("ADG0013", "pair = new double[2]", "'pair'", "inside a loop", "create it once before the loop");
        AssertOnlyTheGoodMethodIsGenerated(run, "Buffers", "Sum");
    }

    [Fact]
    public void ADG0014_InternalError_IsNeverProducedByTheGoldenProgramsOrTheCorpus()
    {
        // ADG0014 reports an exception inside AdGen; no supported or unsupported program should cause one.
        IEnumerable<string> programs = Golden.GoldenPrograms.All.Values.Concat(UnsupportedCorpus.Cases.Select(static c => c.Source));
        foreach (string program in programs)
        {
            DiagnosticRun run = DiagnosticRun.Of(program);
            Assert.DoesNotContain("ADG0014", run.Ids);
        }
    }

    [Fact]
    public void ADG0015_ConstantSequenceArgument()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Weighted
            {
                private static readonly double[] Weights = { 0.25, 0.5, 0.25 };

                [Differentiable]
                public static double Dot(double[] a, ReadOnlySpan<double> b)
                {
                    double total = 0.0;
                    for (int i = 0; i < a.Length; i++)
                    {
                        total += a[i] * b[i];
                    }

                    return total;
                }

                [Differentiable]
                public static double Smooth(double[] x) => Dot(Weights, x);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0015");
        run.AssertSingle("ADG0015", "Weights", "'Weights'", "'a'", "'Dot'", "mark that parameter [NoDerivative]");
        run.AssertNothingGeneratedFor("Smooth");
        run.AssertDerivativesGenerated("Weighted", "Dot");
        run.AssertDerivativesGenerated("Weighted", "Good");
        run.AssertCompilationBuilds();
    }

    [Fact]
    public void ADG0016_KinkRuleOutsideTheSubdifferential()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Activations
            {
                [Differentiable]
                public static double Steep(double x) => AdMath.Relu(x, 2.0) * 3.0;

            {{GoodMethod}}
            }
            """);

        // The call is also a kink site (ADG1001, hidden); the error is what matters.
        Assert.Equal(new[] { "ADG0016" }, run.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).Select(static d => d.Id).Distinct());
        run.AssertSingle("ADG0016", "AdMath.Relu(x, 2.0)", "2", "Relu", "[0, 1]");
        AssertOnlyTheGoodMethodIsGenerated(run, "Activations", "Steep");
    }

    [Fact]
    public void ADG0017_LocalFunction()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Nested
            {
                public static double Outer(double x)
                {
                    return Inner(x) + 1.0;

                    [Differentiable]
                    static double Inner(double v) => v * v;
                }

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0017");
        run.AssertSingle("ADG0017", "Inner", "'Inner' is a local function", "make it a separate static method");
        AssertOnlyTheGoodMethodIsGenerated(run, "Nested", "Inner");
    }

    [Fact]
    public void ADG0018_FieldWhoseTypeHasErrors()
    {
        // The field's type was deleted mid-typing: the compiler reports CS1031 at the field and nothing in F.
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Tables
            {
                public static readonly [] Weights = { -2.0 };

                [Differentiable]
                public static double F(double x) => x * Math.Atan(Weights[0]);

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0018");
        run.AssertSingle("ADG0018", "Weights", "'Weights' has a type with compiler errors", "'F' cannot be differentiated", "fix that error");
        run.AssertNothingGeneratedFor("F");
        run.AssertDerivativesGenerated("Tables", "Good");
        Assert.Empty(run.ErrorsInGeneratedFiles());
    }

    [Fact]
    public void ADG0018_HelperWhoseReturnTypeDoesNotExist()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Helpers
            {
                private static Matrx Scale() => default!;

                [Differentiable]
                public static double F(double x) => x * Scale();

            {{GoodMethod}}
            }
            """);

        run.AssertIds("ADG0018");
        run.AssertSingle("ADG0018", "Scale()", "'Scale' has a type with compiler errors", "'F' cannot be differentiated");
        run.AssertNothingGeneratedFor("F");
        run.AssertDerivativesGenerated("Helpers", "Good");
    }

    [Fact]
    public void ADG0018_IsNotReportedWhenTheMethodHasItsOwnCompilerError()
    {
        // The unknown type is named inside the method, so the compiler's CS0246 is there and AdGen adds nothing.
        DiagnosticRun run = DiagnosticRun.Of(Usings + $$"""
            public static partial class Locals
            {
                [Differentiable]
                public static double F(double x)
                {
                    Matrx m = default!;
                    return x * m.Scale;
                }

            {{GoodMethod}}
            }
            """);

        run.AssertIds();
        run.AssertNothingGeneratedFor("F");
        run.AssertDerivativesGenerated("Locals", "Good");
        Assert.Contains(run.Output.Compilation.GetDiagnostics(), static d => d.Id == "CS0246");
    }

    [Fact]
    public void ADG1001_KinkSiteIsHiddenAndDoesNotStopGeneration()
    {
        DiagnosticRun run = DiagnosticRun.Of(Usings + """
            public static partial class Robust
            {
                [Differentiable]
                public static double Absolute(double x) => 2.0 * Math.Abs(x);
            }
            """);

        run.AssertIds("ADG1001");
        Diagnostic site = run.Single("ADG1001");
        Assert.Equal(DiagnosticSeverity.Hidden, site.Severity);
        Assert.Equal("Math.Abs(x)", run.SquiggledText(site));
        Assert.Contains("Abs", site.GetMessage(), StringComparison.Ordinal);
        run.AssertDerivativesGenerated("Robust", "Absolute");
        run.AssertCompilationBuilds();
    }

    [Fact]
    public void DiagnosticsKeepSourceLocationsSoPragmasApply()
    {
        // A location rebuilt from a path (Location.Create(path, span, lines)) is an external-file location: the
        // compiler and the IDE skip #pragma and .editorconfig sections for it (dotnet/roslyn#68291).
        DiagnosticRun run = DiagnosticRun.Of(Usings + """
            public static partial class Quiet
            {
                [Differentiable]
                public static double Loud(double x) { try { return x; } finally { } }

            #pragma warning disable ADG0005
                [Differentiable]
                public static double Silenced(double x) { try { return x; } finally { } }
            #pragma warning restore ADG0005
            }
            """);

        Diagnostic loud = run.Diagnostics.Single(d => d.Location.GetLineSpan().StartLinePosition.Line == 5);
        Assert.True(loud.Location.IsInSource, $"ADG0005 has a {loud.Location.Kind} location, not a source location.");
        Assert.Same(run.Output.Compilation.SyntaxTrees.First(), loud.Location.SourceTree);
        Assert.DoesNotContain(run.Diagnostics, d => d.Location.GetLineSpan().StartLinePosition.Line == 9 && !d.IsSuppressed);
    }

    [Fact]
    public void EveryDescriptorHasATestAndADocumentationSection()
    {
        string[] ids = AllDescriptors().Select(static d => d.Id).ToArray();
        Assert.Contains("ADG0001", ids);

        string[] tested = typeof(DiagnosticDescriptorTests).GetMethods()
            .Where(static m => m.GetCustomAttributes<FactAttribute>().Any() && m.Name.StartsWith("ADG", StringComparison.Ordinal))
            .Select(static m => m.Name.Substring(0, 7))
            .Distinct()
            .ToArray();
        Assert.Empty(ids.Except(tested));

        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        foreach (DiagnosticDescriptor descriptor in AllDescriptors())
        {
            // "## ADG0001" gives the anchor #adg0001 that the help link points to.
            Assert.True(docs.Contains("\n## " + descriptor.Id + "\n", StringComparison.Ordinal), $"docs/diagnostics.md has no '## {descriptor.Id}' section.");
            Assert.EndsWith("docs/diagnostics.md#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }

    private static void AssertOnlyTheGoodMethodIsGenerated(DiagnosticRun run, string type, string faultyMethod)
    {
        run.AssertNothingGeneratedFor(faultyMethod);
        run.AssertDerivativesGenerated(type, "Good");
        run.AssertCompilationBuilds();
    }

    internal static IEnumerable<DiagnosticDescriptor> AllDescriptors() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(static d => d.Id, StringComparer.Ordinal);

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "AdGen.Generator.Tests", "AdGen.Generator.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
