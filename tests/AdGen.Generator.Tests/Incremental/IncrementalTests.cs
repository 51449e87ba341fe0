using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Names = AdGen.Generator.DifferentiableGenerator.TrackingNames;

namespace AdGen.Generator.Tests.Incremental;

/// <summary>
/// Run, edit, run again with the same driver, and check what each tracked step did: edits that cannot change the
/// output must find every step Cached or Unchanged, and an edit of one [Differentiable] body must re-emit that
/// method only (after dotnet/runtime's RegexGeneratorIncrementalTests and JsonSourceGeneratorIncrementalTests).
/// </summary>
public class IncrementalTests
{
    private const string ScalarsFile = """
        using System;
        using AdGen;

        namespace Shop;

        public static partial class Pricing
        {
            [Differentiable]
            public static double Discount(double price, double rate) => price * (1.0 - rate);

            [Differentiable]
            public static double Tax(double price) => price * 0.2 + Math.Log(1.0 + price);
        }
        """;

    private const string SequencesFile = """
        using System;
        using AdGen;

        namespace Shop;

        public static partial class Baskets
        {
            [Differentiable]
            public static double Total(ReadOnlySpan<double> prices)
            {
                double sum = 0.0;
                for (int i = 0; i < prices.Length; i++)
                {
                    sum += prices[i] * prices[i];
                }

                return sum;
            }
        }
        """;

    private const string PlainFile = """
        namespace Shop;

        public static class Formatting
        {
            public static string Describe(double price) => "costs " + price;
        }
        """;

    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void EveryStepIsTrackedByName()
    {
        GeneratorRunResult result = GeneratorHarness.Run(ScalarsFile, SequencesFile, PlainFile, """
            using AdGen;
            public static partial class Broken
            {
                [Differentiable]
                public static double Bad(double x) { try { return x; } finally { } }
            }
            """).RunResult.Results[0];

        // EmitDiagnostics only has values when a transform fails; all others run on this program.
        foreach (string name in new[] { Names.Parse, Names.ParseDiagnostics, Names.Models, Names.Emit, Names.Files })
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step {name} was not tracked; tracked: {string.Join(", ", result.TrackedSteps.Keys)}");
            Assert.NotEmpty(result.TrackedSteps[name].SelectMany(static s => s.Outputs));
        }
    }

    [Fact]
    public void AddingAnUnrelatedFileLeavesEveryStepCached()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(ScalarsFile, SequencesFile, PlainFile);

        CSharpCompilation edited = compilation.AddSyntaxTrees(Parse("""
            namespace Shop;
            public static class Inventory
            {
                public static int Count(int[] items) => items.Length;
            }
            """, "Inventory.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllOutputs(result, Names.Parse, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Models, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Emit, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Files, CachedOrUnchanged);
    }

    [Fact]
    public void EditingAnOrdinaryMethodInAnotherFileLeavesEveryStepCached()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(ScalarsFile, SequencesFile, PlainFile);

        CSharpCompilation edited = Replace(compilation, "Source2.cs", PlainFile.Replace("\"costs \" + price", "\"price: \" + price.ToString(\"F2\")", StringComparison.Ordinal));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllOutputs(result, Names.Parse, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Models, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Emit, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Files, CachedOrUnchanged);
    }

    [Fact]
    public void EditingAnOrdinaryMethodInTheSameFileLeavesTheOutputUnchanged()
    {
        string withHelper = ScalarsFile + """

            public static class Labels
            {
                public static string Name(int code) => "item " + code;
            }
            """;
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(withHelper, SequencesFile);

        // The file changed, so its [Differentiable] methods are parsed again; their models must compare equal.
        CSharpCompilation edited = Replace(compilation, "Source0.cs", withHelper.Replace("\"item \" + code", "\"article \" + (code + 1)", StringComparison.Ordinal));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllOutputs(result, Names.Parse, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Models, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Emit, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Files, CachedOrUnchanged);
    }

    [Fact]
    public void MovingMethodsDownReEmitsNothing()
    {
        // No kink or singular point here: generated kink sites name their line, so they would rightly change.
        const string smooth = """
            using AdGen;

            namespace Shop;

            public static partial class Margins
            {
                [Differentiable]
                public static double Markup(double cost, double rate) => cost * (1.0 + rate);

                [Differentiable]
                public static double Blend(double a, double b, double t) => a + (b - a) * t * t;
            }
            """;
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(smooth, SequencesFile);

        // Blank lines and a comment above the methods shift every location in the file, and nothing else.
        string moved = smooth.Replace("namespace Shop;", "namespace Shop;\n\n// Prices in euros.\n\n", StringComparison.Ordinal);
        CSharpCompilation edited = Replace(compilation, "Source0.cs", moved);
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllOutputs(result, Names.Emit, CachedOrUnchanged);
        AssertAllOutputs(result, Names.Files, CachedOrUnchanged);
    }

    [Fact]
    public void EditingOneDifferentiableBodyReEmitsOnlyThatMethod()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(ScalarsFile, SequencesFile, PlainFile);

        // Discount is declared before Tax in the same file, and the edit changes its length: Tax moves too.
        string edited = ScalarsFile.Replace("price * (1.0 - rate)", "price * (1.0 - rate * rate) + 0.5", StringComparison.Ordinal);
        Assert.NotEqual(ScalarsFile, edited);
        GeneratorDriver rerun = driver.RunGenerators(Replace(compilation, "Source0.cs", edited));
        GeneratorRunResult result = rerun.GetRunResult().Results[0];

        // Tax's model changes (its location moved) but its emitted code must compare equal.
        Assert.Equal(1, CountOutputs(result, Names.Emit, IncrementalStepRunReason.Modified));
        Assert.Equal(3, result.TrackedSteps[Names.Emit].SelectMany(static s => s.Outputs).Count());
        IncrementalStepRunReason[] otherEmits = result.TrackedSteps[Names.Emit]
            .SelectMany(static s => s.Outputs)
            .Select(static o => o.Reason)
            .Where(static r => r != IncrementalStepRunReason.Modified)
            .ToArray();
        Assert.Equal(2, otherEmits.Length);
        Assert.All(otherEmits, static r => Assert.Contains(r, CachedOrUnchanged));

        // The edited method's text is in the re-emitted output; Baskets' file is untouched.
        (object Value, IncrementalStepRunReason Reason) modified = result.TrackedSteps[Names.Emit].SelectMany(static s => s.Outputs).Single(static o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Discount", ((Emitting.EmittedMethod)modified.Value).Code, StringComparison.Ordinal);
        AssertFileOutputs(result, "Shop.Pricing.AdGen.g.cs", IncrementalStepRunReason.Modified);
        AssertFileOutputs(result, "Shop.Baskets.AdGen.g.cs", CachedOrUnchanged);
        Assert.Contains("rate * rate", rerun.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("Shop.Pricing.AdGen.g.cs", StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EditingACalleeBodyDoesNotReEmitItsCaller()
    {
        const string calls = """
            using System;
            using AdGen;

            namespace Shop;

            public static partial class Chain
            {
                [Differentiable]
                public static double Caller(double x) => 2.0 * Callee(x * x);

                [Differentiable]
                public static double Callee(double y) => Math.Sin(y);
            }
            """;
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce(calls);

        // Callers are lowered to the callee's generated derivatives: they depend on its signature, not its body.
        CSharpCompilation edited = Replace(compilation, "Source0.cs", calls.Replace("Math.Sin(y)", "Math.Cos(y)", StringComparison.Ordinal));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        (object Value, IncrementalStepRunReason Reason)[] emits = result.TrackedSteps[Names.Emit].SelectMany(static s => s.Outputs).ToArray();
        Assert.Equal(2, emits.Length);
        Assert.Equal(IncrementalStepRunReason.Modified, emits.Single(static o => ((Emitting.EmittedMethod)o.Value).Code.Contains("double CalleeGradient(", StringComparison.Ordinal)).Reason);
        Assert.Contains(emits.Single(static o => ((Emitting.EmittedMethod)o.Value).Code.Contains("double CallerGradient(", StringComparison.Ordinal)).Reason, CachedOrUnchanged);
    }

    [Fact]
    public void NoSymbolCompilationSyntaxOrLocationInPipelineValues()
    {
        // A program that exercises every step: sequences, loops, calls, and a method with a diagnostic.
        GeneratorOutput output = GeneratorHarness.Run(ScalarsFile, SequencesFile, PlainFile, """
            using System;
            using AdGen;
            namespace Shop;
            public static partial class Mixed
            {
                [Differentiable]
                public static double UsesOthers(ReadOnlySpan<double> prices, double rate) => Baskets.Total(prices) * Pricing.Discount(1.0, rate) + Math.Abs(rate);

                [Differentiable]
                public static double Bad(double x) { try { return x; } finally { } }
            }
            """);
        GeneratorRunResult result = output.RunResult.Results[0];

        // Roslyn's own steps (the attribute lookup, source outputs) hold trees and compilations by design; ours must not.
        var walker = new PipelineValueWalker();
        string[] ours = typeof(Names).GetFields().Select(static f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Contains(Names.Parse, ours);
        foreach (KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>> step in result.TrackedSteps.Where(s => ours.Contains(s.Key)))
        {
            foreach ((object value, IncrementalStepRunReason _) in step.Value.SelectMany(static s => s.Outputs))
            {
                walker.Walk(value, step.Key);
            }
        }

        Assert.True(walker.Violations.Count == 0, "Pipeline values hold Roslyn objects:\n" + string.Join("\n", walker.Violations));

        // The walk must have gone deep: through the models and into the IR.
        Assert.Contains(typeof(Model.MethodModel), walker.VisitedTypes);
        Assert.Contains(typeof(Model.Binary), walker.VisitedTypes);
        Assert.Contains(typeof(AdGen.Generator.Diagnostics.DiagnosticInfo), walker.VisitedTypes);
    }

    [Fact]
    public void TheWalkerFindsRoslynObjectsWhenThereAreSome()
    {
        // The check above can only fail if the walker sees through records and collections.
        SyntaxTree tree = Parse("class C { void M() { } }", "C.cs");
        var planted = new { Inner = new[] { new { Node = (object)tree.GetRoot() } }, Where = ImmutableArray.Create(tree.GetRoot().GetLocation()) };

        var walker = new PipelineValueWalker();
        walker.Walk(planted, "test");

        Assert.Contains(walker.Violations, static v => v.Contains("SyntaxNode", StringComparison.Ordinal) || v.Contains("CompilationUnitSyntax", StringComparison.Ordinal));
        Assert.Contains(walker.Violations, static v => v.Contains("Location", StringComparison.Ordinal));
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorOutput output = GeneratorHarness.Run(compilation);
        Assert.NotEmpty(output.GeneratedSources);
        return (output.Driver, compilation);
    }

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: path);

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, Parse(source, path));
    }

    private static void AssertAllOutputs(GeneratorRunResult result, string step, IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.ContainsKey(step), $"Step {step} was not tracked.");
        (object Value, IncrementalStepRunReason Reason)[] outputs = result.TrackedSteps[step].SelectMany(static s => s.Outputs).ToArray();
        Assert.NotEmpty(outputs);
        foreach ((object value, IncrementalStepRunReason reason) in outputs)
        {
            Assert.True(allowed.Contains(reason), $"{step}: an output is {reason}, expected {string.Join(" or ", allowed)}: {Describe(value)}");
        }
    }

    private static int CountOutputs(GeneratorRunResult result, string step, IncrementalStepRunReason reason) =>
        result.TrackedSteps[step].SelectMany(static s => s.Outputs).Count(o => o.Reason == reason);

    private static void AssertFileOutputs(GeneratorRunResult result, string hintName, params IncrementalStepRunReason[] allowed)
    {
        IncrementalStepRunReason[] reasons = result.TrackedSteps[Names.Files]
            .SelectMany(static s => s.Outputs)
            .Where(o => ((Emitting.GeneratedFile)o.Value).HintName == hintName)
            .Select(static o => o.Reason)
            .ToArray();
        Assert.Single(reasons);
        Assert.Contains(reasons[0], allowed);
    }

    private static string Describe(object value) => value switch
    {
        Model.MethodModel model => "model of " + model.Name,
        Emitting.EmittedMethod method => "emitted " + method.SortKey,
        Emitting.GeneratedFile file => "file " + file.HintName,
        _ => value.GetType().Name,
    };
}
