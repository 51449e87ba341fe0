using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AdGen.Benchmarks;

/// <summary>
/// The generator's own time, as the compiler (and so the IDE) sees it: a GeneratorDriver over the 200-method synthetic
/// project, run cold, then after a series of edits. GeneratorDriver.GetTimingInfo() reports the time of the last run.
/// </summary>
public static class GeneratorTiming
{
    private const int Methods = 200;
    private const int Edits = 40;

    public static void Run()
    {
        ISourceGenerator generator = LoadGenerator();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        int classes = SyntheticProject.ClassCount(Methods);
        var trees = new SyntaxTree[classes];
        for (int k = 0; k < classes; k++)
        {
            trees[k] = CSharpSyntaxTree.ParseText(SyntheticProject.ClassSource(k, SyntheticProject.MethodsInClass(k, Methods)), parseOptions, path: $"Models{k:000}.cs");
        }

        CSharpCompilation compilation = CSharpCompilation.Create("Synthetic", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([generator], parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        // Cold: the first run in this process, JIT compilation of the generator included.
        var wall = Stopwatch.StartNew();
        GeneratorDriver driver = NewDriver().RunGenerators(compilation);
        wall.Stop();
        TimeSpan cold = driver.GetTimingInfo().ElapsedTime;
        GeneratorDriverRunResult first = driver.GetRunResult();
        int files = first.GeneratedTrees.Length;
        int diagnostics = first.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        long generatedChars = first.GeneratedTrees.Sum(t => (long)t.Length);

        // Warm full runs: a fresh driver (no cache), the generator's code already compiled, on a clone of the
        // compilation: the same compilation object keeps the symbols and attributes the previous run bound, which an
        // edit's new compilation does not, so reusing it made a full run look cheaper than an incremental one.
        var full = new List<double>();
        for (int r = 0; r < 10; r++)
        {
            full.Add(NewDriver().RunGenerators(compilation.Clone()).GetTimingInfo().ElapsedTime.TotalMilliseconds);
        }

        // Incremental: edit one constant in one [Differentiable] method, as a keystroke in the IDE does, and rerun.
        var edits = new List<double>();
        var unrelated = new List<double>();
        for (int e = 1; e <= Edits; e++)
        {
            int k = e % classes;
            SyntaxTree edited = CSharpSyntaxTree.ParseText(SyntheticProject.ClassSource(k, SyntheticProject.MethodsInClass(k, Methods), edit: e), parseOptions, path: $"Models{k:000}.cs");
            compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(t => t.FilePath == edited.FilePath), edited);
            driver = driver.RunGenerators(compilation);
            edits.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);

            // An edit outside any [Differentiable] method: a new file with ordinary code.
            SyntaxTree other = CSharpSyntaxTree.ParseText($"namespace Synthetic; public static class Plain {{ public static int Value => {e}; }}", parseOptions, path: "Plain.cs");
            SyntaxTree? previous = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == "Plain.cs");
            compilation = previous is null ? compilation.AddSyntaxTrees(other) : compilation.ReplaceSyntaxTree(previous, other);
            driver = driver.RunGenerators(compilation);
            unrelated.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
        }

        string reasons = StepReasons(generator, parseOptions, compilation, classes);
        Console.WriteLine($"Generator timing: {Methods} [Differentiable] methods in {classes} classes → {files} generated files, {generatedChars / 1024.0:0} KiB of C#, {diagnostics} errors.");
        Console.WriteLine();
        Console.WriteLine("| run | generator time (GeneratorDriver timing) |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| first run in the process (includes JIT of the generator) | {cold.TotalMilliseconds:0} ms (wall {wall.Elapsed.TotalMilliseconds:0} ms) |");
        Console.WriteLine($"| full run, warm, no cache (median of {full.Count}) | {Median(full):0.0} ms |");
        Console.WriteLine($"| incremental: one constant edited in one method (median of {edits.Count}; min {edits.Min():0.0}, max {edits.Max():0.0}) | {Median(edits):0.00} ms |");
        Console.WriteLine($"| incremental: edit outside any [Differentiable] method (median of {unrelated.Count}) | {Median(unrelated):0.00} ms |");
        Console.WriteLine();
        Console.WriteLine("Work done by each pipeline step after one edited method (step outputs by reason, from a driver with step tracking):");
        Console.WriteLine(reasons);
    }

    /// <summary>Which pipeline steps did work after a one-method edit: the count of outputs per step and reason.</summary>
    private static string StepReasons(ISourceGenerator generator, CSharpParseOptions parseOptions, CSharpCompilation compilation, int classes)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator], parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        int k = 3 % classes;
        SyntaxTree edited = CSharpSyntaxTree.ParseText(SyntheticProject.ClassSource(k, SyntheticProject.MethodsInClass(k, Methods), edit: 1000), parseOptions, path: $"Models{k:000}.cs");
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(t => t.FilePath == edited.FilePath), edited);
        driver = driver.RunGenerators(compilation);
        var lines = new System.Text.StringBuilder();
        foreach ((string step, ImmutableArray<IncrementalGeneratorRunStep> runs) in driver.GetRunResult().Results[0].TrackedSteps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var counts = runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            lines.AppendLine($"- {step}: {string.Join(", ", counts)} (ran {runs.Length} times, {runs.Sum(r => r.ElapsedTime.TotalMilliseconds):0.0} ms)");
        }

        return lines.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);
    }

    /// <summary>The generator assembly the build copied beside this program (see the csproj), loaded as the compiler loads it.</summary>
    private static ISourceGenerator LoadGenerator()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "generator", "AdGen.Generator.dll");
        Assembly assembly = Assembly.LoadFrom(path);
        Type type = assembly.GetTypes().Single(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t));
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }

    private static ImmutableArray<MetadataReference> References()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(static p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(Tape).Assembly.Location)
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
