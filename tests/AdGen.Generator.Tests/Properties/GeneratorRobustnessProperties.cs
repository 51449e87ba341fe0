using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Property: on random programs damaged as an IDE sees them mid-typing (tokens deleted, duplicated, swapped or
/// inserted, text cut off), the generator never throws, never reports an internal error, and for every
/// [Differentiable] method it either emits derivatives or an error explains why not (its own ADG error, or the
/// compiler's error in that method). When the damaged code still compiles and AdGen accepts it, the generated code
/// must compile too. CsCheck shrinks a failure to fewer, simpler mutations of a simpler program and prints a seed.
/// </summary>
public sealed class GeneratorRobustnessProperties
{
    private static readonly string[] InsertedTokens =
    {
        "{", "}", "(", ")", ";", ",", "=", "+", "-", "*", "/", "return", "if", "else", "for", "while", "break",
        "continue", "new", "double", "int", "var", "ref", "out", "static", "[Differentiable]", "=>", "?", ":", "[", "]",
        "x", "0", "1.5", "Math.Sqrt(", "\"", "//", "/*", "#if", "@", "async", "await", "yield", "goto", "default", "null",
    };

    private readonly ITestOutputHelper _output;

    public GeneratorRobustnessProperties(ITestOutputHelper output) => _output = output;

    private sealed record Mutation(int Kind, double Position, int Token);

    private static readonly Gen<Mutation> MutationGen =
        Gen.Select(Gen.Int[0, 8], Gen.Double.Unit, Gen.Int[0, InsertedTokens.Length - 1], static (kind, position, token) => new Mutation(kind > 6 ? kind - 2 : kind, position, token));

    private static readonly Gen<(uint Program, Mutation[] Mutations)> SampleGen = Gen.Select(Gen.UInt[0, 100_000], MutationGen.Array[1, 3]);

    [Fact]
    public void GeneratorNeverThrowsOnDamagedPrograms()
    {
        // Known open bugs stay switched off here too: this property looks for crashes, not for those.
        GeneratorSettings settings = KnownGeneratorBugs.Settings();
        int samples = 0, withGeneratedCode = 0, withAdGenErrors = 0, withCompilerErrors = 0, valid = 0;
        SampleGen.Sample(
            sample =>
            {
                string source = Mutate(Undamaged(sample.Program, settings), sample.Mutations);
                Outcome outcome = Check(source);
                lock (InsertedTokens)
                {
                    samples++;
                    withGeneratedCode += outcome.Generated ? 1 : 0;
                    withAdGenErrors += outcome.AdGenErrors ? 1 : 0;
                    withCompilerErrors += outcome.CompilerErrors ? 1 : 0;
                    valid += outcome.CompilerErrors || outcome.AdGenErrors ? 0 : 1;
                }
            },
            iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 250 : -1,
            threads: 2,
            print: sample => "program seed " + sample.Program + ", mutations " + string.Join(", ", sample.Mutations.Select(static m => m.ToString()))
                + ":\n" + Mutate(Undamaged(sample.Program, settings), sample.Mutations),
            writeLine: _output.WriteLine);
        _output.WriteLine(samples + " damaged programs: " + withGeneratedCode + " with generated code, " + withAdGenErrors + " with ADG errors, " + withCompilerErrors + " with compiler errors, "
            + valid + " valid and accepted (their generated code compiled)");
        Assert.True(valid > samples / 20 && withCompilerErrors > samples / 10, "the mutations should give a mix of broken and working programs");
    }

    private sealed record Outcome(bool Generated, bool AdGenErrors, bool CompilerErrors);

    /// <summary>A random program without its adapters (they would only add errors about missing members).</summary>
    private static string Undamaged(uint seed, GeneratorSettings settings)
    {
        GeneratedProgram program = RandomProgramGenerator.Generate((int)(seed % 1000), ChoiceSource.FromSeed(seed, 0x5EED), settings);
        int adapters = program.Source.IndexOf("public static class " + program.CheckTypeName, StringComparison.Ordinal);
        return program.Source.Substring(0, adapters);
    }

    private static string Mutate(string source, IEnumerable<Mutation> mutations)
    {
        foreach (Mutation mutation in mutations)
        {
            List<SyntaxToken> tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(static t => t.Span.Length > 0).ToList();
            if (tokens.Count == 0)
            {
                break;
            }

            SyntaxToken token = tokens[Math.Min(tokens.Count - 1, (int)(mutation.Position * tokens.Count))];
            source = mutation.Kind switch
            {
                0 => source.Remove(token.SpanStart, token.Span.Length),
                1 => source.Insert(token.Span.End, " " + token.Text),
                2 => source.Insert(token.SpanStart, InsertedTokens[mutation.Token] + " "),
                3 => Swap(source, token, tokens),
                4 => source.Substring(0, Math.Min(source.Length, (int)(mutation.Position * source.Length))),
                5 => ReplaceOperator(source, tokens, mutation),
                _ => DeleteStatement(source, mutation),
            };
        }

        return source;
    }

    /// <summary>Swaps an operator for another of its family: the program usually stays valid but computes something else.</summary>
    private static string ReplaceOperator(string source, List<SyntaxToken> tokens, Mutation mutation)
    {
        string[][] families = { new[] { "+", "-", "*", "/" }, new[] { "<", ">", "<=", ">=" }, new[] { "+=", "-=", "*=", "/=" }, new[] { "&&", "||" }, new[] { "++", "--" } };
        List<(SyntaxToken Token, string[] Family)> operators = tokens
            .Select(t => (Token: t, Family: families.FirstOrDefault(f => f.Contains(t.Text))))
            .Where(static o => o.Family is not null)
            .Select(static o => (o.Token, o.Family!))
            .ToList();
        if (operators.Count == 0)
        {
            return source;
        }

        (SyntaxToken token, string[] family) = operators[Math.Min(operators.Count - 1, (int)(mutation.Position * operators.Count))];
        string replacement = family[mutation.Token % family.Length];
        return source.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, replacement);
    }

    /// <summary>Deletes a whole statement, as when a line is cut.</summary>
    private static string DeleteStatement(string source, Mutation mutation)
    {
        List<StatementSyntax> statements = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<StatementSyntax>().Where(static s => s is not BlockSyntax).ToList();
        if (statements.Count == 0)
        {
            return source;
        }

        StatementSyntax statement = statements[Math.Min(statements.Count - 1, (int)(mutation.Position * statements.Count))];
        return source.Remove(statement.SpanStart, statement.Span.Length);
    }

    private static string Swap(string source, SyntaxToken token, List<SyntaxToken> tokens)
    {
        int index = tokens.IndexOf(token);
        if (index + 1 >= tokens.Count)
        {
            return source;
        }

        SyntaxToken next = tokens[index + 1];
        return source.Substring(0, token.SpanStart) + next.Text + source.Substring(token.Span.End, next.SpanStart - token.Span.End) + token.Text + source.Substring(next.Span.End);
    }

    private static Outcome Check(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorOutput output = GeneratorHarness.Run(compilation);
        foreach (GeneratorRunResult result in output.RunResult.Results)
        {
            Assert.True(result.Exception is null, "the generator threw: " + result.Exception);
        }

        List<Diagnostic> adgen = output.Diagnostics.Where(static d => d.Id.StartsWith("ADG", StringComparison.Ordinal)).ToList();
        Diagnostic? crash = output.Diagnostics.FirstOrDefault(static d => d.Id is "ADG0014" or "AD0001" or "CS8784" or "CS8785");
        Assert.True(crash is null, "the generator crashed: " + crash);

        // Every method the compiler sees as [Differentiable] gets derivatives or an error that explains their absence.
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        List<Diagnostic> compilerErrors = compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ToList();
        string generated = string.Concat(output.GeneratedSources.Select(static s => s.Text));
        foreach (MethodDeclarationSyntax method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(method) is not IMethodSymbol symbol
                || !symbol.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "AdGen.DifferentiableAttribute"))
            {
                continue;
            }

            bool emitted = generated.Contains(" " + symbol.Name + "Gradient(", StringComparison.Ordinal);
            bool explained = adgen.Concat(compilerErrors).Any(d => d.Severity == DiagnosticSeverity.Error && Overlaps(d, method));
            Assert.True(emitted || explained, "nothing was generated for '" + symbol.Name + "' and no error says why");
        }

        // Accepted, compiling code must give compiling generated code.
        bool adgenErrors = adgen.Any(static d => d.Severity == DiagnosticSeverity.Error);
        if (compilerErrors.Count == 0 && !adgenErrors)
        {
            List<Diagnostic> generatedErrors = output.Compilation.GetDiagnostics()
                .Where(static d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".AdGen.g.cs", StringComparison.Ordinal) == true)
                .ToList();
            Assert.True(generatedErrors.Count == 0, "the generated code does not compile:\n" + string.Join("\n", generatedErrors.Take(5)));
        }

        return new Outcome(generated.Length > 0, adgenErrors, compilerErrors.Count > 0);
    }

    private static bool Overlaps(Diagnostic diagnostic, MethodDeclarationSyntax method)
    {
        // AdGen's diagnostics carry external locations (a path and a span, no tree).
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        FileLinePositionSpan methodLines = method.GetLocation().GetLineSpan();
        return lines.IsValid && lines.StartLinePosition <= methodLines.EndLinePosition && methodLines.StartLinePosition <= lines.EndLinePosition;
    }
}
