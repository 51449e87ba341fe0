using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AdGen.Generator.Tests.Diagnostics;

/// <summary>
/// The generator meets the bad input of <see cref="UnsupportedCorpus"/> without throwing; every unsupported method
/// gets an ADG error (its exact id when the construct is unambiguous) and no derivatives; incomplete code gets no
/// crash and no errors inside generated files.
/// </summary>
public class UnsupportedCorpusTests
{
    public static IEnumerable<object[]> UnsupportedCases => UnsupportedCorpus.UnsupportedCases();

    public static IEnumerable<object[]> MalformedCases => UnsupportedCorpus.MalformedCases();

    [Fact]
    public void CorpusIsLargeEnough()
    {
        Assert.True(UnsupportedCorpus.Cases.Count(static c => !c.Malformed) >= 40, "The corpus needs at least 40 unsupported methods.");
        Assert.True(UnsupportedCorpus.Cases.Count(static c => c.Malformed) >= 15, "The corpus needs incomplete code too.");
        Assert.Equal(UnsupportedCorpus.Cases.Count, UnsupportedCorpus.Cases.Select(static c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(UnsupportedCases))]
    public void UnsupportedMethodGetsAnErrorAndNoDerivatives(string name)
    {
        CorpusCase corpusCase = UnsupportedCorpus.Named(name);
        DiagnosticRun run = DiagnosticRun.Of(corpusCase.Source);

        Diagnostic[] errors = run.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Any(static d => d.Id.StartsWith("ADG", StringComparison.Ordinal)), $"{name}: no ADG error.\n{run.Output.GeneratedSourceWithLineNumbers()}");
        Assert.DoesNotContain("ADG0014", run.Ids);
        if (corpusCase.ExpectedIds is { } expected)
        {
            run.AssertIds(expected);
        }

        // Every error points into the user's source, inside the faulty method's file.
        foreach (Diagnostic error in errors)
        {
            Assert.False(string.IsNullOrEmpty(run.SquiggledText(error)));
        }

        run.AssertNothingGeneratedFor(corpusCase.Method);
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void IncompleteCodeNeitherCrashesTheGeneratorNorBreaksGeneratedFiles(string name)
    {
        CorpusCase corpusCase = UnsupportedCorpus.Named(name);
        DiagnosticRun run = DiagnosticRun.Of(corpusCase.Source);

        Assert.DoesNotContain("ADG0014", run.Ids);
        Assert.True(run.Output.Compilation.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error), $"{name} was meant to be incomplete code, but it compiles.");

        // The compiler already reports the user's mistake; generated code must not pile its own errors on top.
        IReadOnlyList<Diagnostic> generatedErrors = run.ErrorsInGeneratedFiles();
        Assert.True(generatedErrors.Count == 0, $"{name}: errors in generated files:\n{string.Join("\n", generatedErrors)}\n{run.Output.GeneratedSourceWithLineNumbers()}");

        // Any ADG diagnostic must still point into the user's source.
        foreach (Diagnostic diagnostic in run.Diagnostics.Where(static d => d.Location != Location.None))
        {
            Assert.NotNull(run.SquiggledText(diagnostic));
        }
    }

    [Fact]
    public void WholeCorpusInOneCompilationLeavesGoodMethodsAlone()
    {
        // As in a real project: many broken methods (each in its own file), and good ones beside them.
        string[] sources = UnsupportedCorpus.Cases
            .Select(static (c, i) => c.Source.Replace("class Corpus", "class Corpus" + i, StringComparison.Ordinal))
            .Append("""
                using System;
                using AdGen;
                namespace Healthy;
                public static partial class Survivor
                {
                    [Differentiable]
                    public static double Good(double x) => x * Math.Exp(x);
                }
                """)
            .ToArray();

        DiagnosticRun run = DiagnosticRun.Of(sources);
        Assert.DoesNotContain("ADG0014", run.Ids);
        run.AssertDerivativesGenerated("Healthy.Survivor", "Good");

        int unsupportedWithErrors = UnsupportedCorpus.Cases
            .Select(static (c, i) => (Case: c, Path: "Source" + i + ".cs"))
            .Count(entry => !entry.Case.Malformed && run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == entry.Path));
        Assert.Equal(UnsupportedCorpus.Cases.Count(static c => !c.Malformed), unsupportedWithErrors);
    }
}
