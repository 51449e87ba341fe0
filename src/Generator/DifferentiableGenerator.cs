using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using AdGen.Generator.Diagnostics;
using AdGen.Generator.Emitting;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using AdGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdGen.Generator;

/// <summary>
/// The incremental generator. Each [Differentiable] method is parsed into an equatable model, differentiated and
/// printed on its own, so an edit to one method re-runs only that method's steps; files are then assembled per
/// containing type. Diagnostics travel on a separate branch.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>The tracking names of the pipeline's steps, for incrementality tests.</summary>
    public static class TrackingNames
    {
        public const string Parse = "AdGen.Parse";
        public const string Models = "AdGen.Models";
        public const string ParseDiagnostics = "AdGen.ParseDiagnostics";
        public const string Differentiate = "AdGen.Differentiate";
        public const string Emit = "AdGen.Emit";
        public const string EmitDiagnostics = "AdGen.EmitDiagnostics";
        public const string Files = "AdGen.Files";
        public const string AssemblyOptions = "AdGen.AssemblyOptions";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MethodParser.DifferentiableAttributeName,
                static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                static (syntaxContext, cancellationToken) => MethodParser.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<DiagnosticInfo> parseDiagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics.Items)
            .WithTrackingName(TrackingNames.ParseDiagnostics);
        // The assembly's rule defaults are validated once per compilation, not once per method that uses them.
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> assemblyOptionDiagnostics = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => RuleOptionValidator.ValidateAssembly(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.AssemblyOptions);

        IncrementalValuesProvider<MethodModel> models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        IncrementalValuesProvider<DifferentiatedMethod> differentiated = models
            .Select(static (model, cancellationToken) => MethodEmitter.Emit(model, cancellationToken))
            .WithTrackingName(TrackingNames.Differentiate);

        IncrementalValuesProvider<EmittedMethod> emitted = differentiated
            .Select(static (method, _) => method.Emitted)
            .WithTrackingName(TrackingNames.Emit);

        IncrementalValuesProvider<DiagnosticInfo> emitDiagnostics = differentiated
            .SelectMany(static (method, _) => method.Diagnostics.Items)
            .WithTrackingName(TrackingNames.EmitDiagnostics);

        // Diagnostics get their real syntax tree back when reported, so #pragma and .editorconfig apply to them.
        // The compilation changes with every edit, so this step runs every time: one step, not one per source of
        // diagnostics, and it joins only the reporting, never the code-generation branch.
        context.RegisterSourceOutput(
            parseDiagnostics.Collect().Combine(emitDiagnostics.Collect()).Combine(assemblyOptionDiagnostics).Combine(context.CompilationProvider),
            static (output, all) => Report(output, all.Right, all.Left.Left.Left, all.Left.Left.Right, all.Left.Right.Items));

        IncrementalValuesProvider<GeneratedFile> files = emitted
            .Collect()
            .SelectMany(static (methods, _) => FileEmitter.Group(methods))
            .WithTrackingName(TrackingNames.Files);
        context.RegisterSourceOutput(files, static (output, file) => output.AddSource(file.HintName, file.Text));
    }

    private static void Report(SourceProductionContext output, Compilation compilation, params IEnumerable<DiagnosticInfo>[] diagnostics)
    {
        Dictionary<string, SyntaxTree>? trees = null;
        foreach (DiagnosticInfo diagnostic in diagnostics.SelectMany(static d => d))
        {
            trees ??= compilation.SyntaxTrees.GroupBy(static tree => tree.FilePath).ToDictionary(static group => group.Key, static group => group.First());
            output.ReportDiagnostic(diagnostic.ToDiagnostic(diagnostic.FilePath.Length > 0 && trees.TryGetValue(diagnostic.FilePath, out SyntaxTree? tree) ? tree : null));
        }
    }
}
