using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using AdGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AdGen.Generator.Tests;

/// <summary>
/// Runs the generator in memory on C# source, as the compiler would, and compiles and loads the result. Every
/// warning in user or generated code fails the compilation (the generated code must build under
/// warnings-as-errors with nullable enabled).
/// </summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CSharpCompilation.Create(
        "AdGenTest" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Source" + i + ".cs")),
        References,
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true,
            generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>Runs the generator; returns the updated compilation, the generator's diagnostics and its run result.</summary>
    public static GeneratorOutput Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorOutput Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorOutput((CSharpCompilation)output, diagnostics, driver.GetRunResult(), driver);
    }

    /// <summary>The text of <paramref name="text"/> from <paramref name="start"/> up to <paramref name="end"/>, which must both be there.</summary>
    public static string Section(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        int to = from < 0 ? -1 : text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        Xunit.Assert.True(from >= 0 && to > from, "markers " + start + " … " + end);
        return text.Substring(from, to - from);
    }

    /// <summary>Generates, compiles with warnings as errors, and loads the assembly; throws with the code on failure.</summary>
    public static Assembly CompileAndLoad(params string[] sources)
    {
        GeneratorOutput output = Run(sources);
        if (output.Diagnostics.Any(static d => d.Severity > DiagnosticSeverity.Hidden))
        {
            throw new InvalidOperationException("Generator diagnostics:\n" + string.Join("\n", output.Diagnostics) + "\n" + output.GeneratedSourceWithLineNumbers());
        }

        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Compilation.Emit(stream);
        List<Diagnostic> problems = result.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", problems) + "\n" + output.GeneratedSourceWithLineNumbers());
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("AdGenTest", isCollectible: true);
        return context.LoadFromStream(stream);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = trusted.Split(Path.PathSeparator)
            .Where(static p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(AdGen.Tape).Assembly.Location);
        return paths.Distinct().Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

public sealed record GeneratorOutput(CSharpCompilation Compilation, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult RunResult, GeneratorDriver Driver)
{
    public IEnumerable<(string HintName, string Text)> GeneratedSources =>
        RunResult.Results.SelectMany(static r => r.GeneratedSources).Select(static s => (s.HintName, s.SourceText.ToString()));

    /// <summary>Every generated file's text, concatenated: what shape tests search.</summary>
    public string GeneratedCode => string.Concat(GeneratedSources.Select(static s => s.Text));

    public string GeneratedSourceWithLineNumbers()
    {
        var text = new StringBuilder();
        foreach ((string hint, string source) in GeneratedSources)
        {
            text.AppendLine("==== " + hint);
            string[] lines = source.Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                text.Append((i + 1).ToString().PadLeft(5)).Append("  ").AppendLine(lines[i]);
            }
        }

        return text.ToString();
    }
}
