using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AdGen.Generator.Tests.Diagnostics;

/// <summary>One run of the generator on a program with problems, and the assertions the diagnostic tests share.</summary>
public sealed class DiagnosticRun
{
    private DiagnosticRun(GeneratorOutput output) => Output = output;

    public GeneratorOutput Output { get; }

    public IReadOnlyList<Diagnostic> Diagnostics => Output.Diagnostics;

    /// <summary>Ids of the generator's diagnostics, sorted, duplicates kept once.</summary>
    public IReadOnlyList<string> Ids => Diagnostics.Select(static d => d.Id).Distinct().OrderBy(static id => id, StringComparer.Ordinal).ToList();

    public static DiagnosticRun Of(params string[] sources)
    {
        GeneratorOutput output = GeneratorHarness.Run(sources);
        var run = new DiagnosticRun(output);
        run.AssertGeneratorDidNotCrash();
        return run;
    }

    /// <summary>The generator must never throw, whatever the input: an exception would become AD0001/CS8785 for the user.</summary>
    public void AssertGeneratorDidNotCrash()
    {
        foreach (GeneratorRunResult result in Output.RunResult.Results)
        {
            Assert.True(result.Exception is null, "The generator threw: " + result.Exception);
        }

        Assert.DoesNotContain(Diagnostics, static d => d.Id is "AD0001" or "CS8784" or "CS8785");
        Assert.DoesNotContain(Output.Compilation.GetDiagnostics(), static d => d.Id is "AD0001" or "CS8784" or "CS8785");
    }

    public void AssertIds(params string[] expected)
    {
        string[] sortedExpected = expected.Distinct().OrderBy(static id => id, StringComparer.Ordinal).ToArray();
        Assert.True(
            sortedExpected.SequenceEqual(Ids, StringComparer.Ordinal),
            $"Expected [{string.Join(", ", sortedExpected)}], got:\n{string.Join("\n", Diagnostics)}");
    }

    public Diagnostic Single(string id)
    {
        Diagnostic[] matching = Diagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(matching.Length == 1, $"Expected one {id}, got:\n{string.Join("\n", Diagnostics)}");
        return matching[0];
    }

    /// <summary>The source text under the diagnostic's squiggle, checked against the line span it reports.</summary>
    public string SquiggledText(Diagnostic diagnostic)
    {
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        SyntaxTree? tree = Output.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == lines.Path);
        Assert.True(tree is not null, $"{diagnostic.Id} points at '{lines.Path}', which is not a file of the compilation.");
        TextSpan span = diagnostic.Location.SourceSpan;
        Assert.True(span.Length > 0, $"{diagnostic.Id} has an empty location.");
        Assert.Equal(tree.GetLineSpan(span).Span, lines.Span);
        return tree.GetText().ToString(span);
    }

    /// <summary>Asserts the squiggle covers exactly <paramref name="expected"/> and the message mentions each fragment.</summary>
    public Diagnostic AssertSingle(string id, string squiggled, params string[] messageFragments)
    {
        Diagnostic diagnostic = Single(id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(squiggled, SquiggledText(diagnostic));
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string fragment in messageFragments)
        {
            Assert.True(message.Contains(fragment, StringComparison.Ordinal), $"The message of {id} does not mention '{fragment}': {message}");
        }

        Assert.Equal("https://github.com/adgen/adgen/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
        return diagnostic;
    }

    /// <summary>True when the generated partial type <paramref name="typeMetadataName"/> has a member <paramref name="name"/>.</summary>
    public bool HasMember(string typeMetadataName, string name)
    {
        INamedTypeSymbol? type = Output.Compilation.GetTypeByMetadataName(typeMetadataName);
        Assert.True(type is not null, $"Type {typeMetadataName} not found.");
        return !type.GetMembers(name).IsEmpty;
    }

    public void AssertDerivativesGenerated(string typeMetadataName, string method)
    {
        foreach (string suffix in new[] { "Gradient", "Tangent", "Pullback" })
        {
            Assert.True(HasMember(typeMetadataName, method + suffix), $"{typeMetadataName}.{method}{suffix} was not generated.");
        }
    }

    /// <summary>Nothing generated for the method: no member of its name plus a suffix appears in any generated file.</summary>
    public void AssertNothingGeneratedFor(string method)
    {
        foreach ((string hint, string text) in Output.GeneratedSources)
        {
            foreach (string suffix in new[] { "Gradient", "Tangent", "Pullback" })
            {
                Assert.False(text.Contains(" " + method + suffix + "(", StringComparison.Ordinal), $"{hint} declares {method}{suffix} although {method} has an error.");
            }
        }
    }

    /// <summary>The user's code and what was generated for the other methods still build, without a warning.</summary>
    public void AssertCompilationBuilds()
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = Output.Compilation.Emit(stream);
        List<Diagnostic> problems = result.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0, "The compilation does not build:\n" + string.Join("\n", problems) + "\n" + Output.GeneratedSourceWithLineNumbers());
    }

    /// <summary>Errors that the compiler reports inside generated files (the user cannot fix those).</summary>
    public IReadOnlyList<Diagnostic> ErrorsInGeneratedFiles()
    {
        var generated = new HashSet<SyntaxTree>(Output.RunResult.GeneratedTrees);
        return Output.Compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .ToList();
    }
}
