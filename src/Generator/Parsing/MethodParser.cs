using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AdGen.Generator.Diagnostics;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using AdGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AdGen.Generator.Parsing;

/// <summary>What the parser makes of one [Differentiable] method: a model, or diagnostics, never both missing.</summary>
internal sealed record ParseResult(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Checks a [Differentiable] method's signature and containing types, then lowers its body to IR. The only part of
/// the generator that sees symbols and syntax.
/// </summary>
internal static class MethodParser
{
    public const string DifferentiableAttributeName = "AdGen.DifferentiableAttribute";
    public const string NoDerivativeAttributeName = "AdGen.NoDerivativeAttribute";
    public const string DifferentiableDefaultsAttributeName = "AdGen.DifferentiableDefaultsAttribute";

    public static readonly ImmutableArray<string> GeneratedSuffixes = ImmutableArray.Create("Gradient", "Tangent", "Pullback", "Reverse");

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetNode is LocalFunctionStatementSyntax localFunction)
        {
            var misplaced = DiagnosticInfo.Create(DiagnosticDescriptors.LocalFunction, localFunction.Identifier.GetLocation(), localFunction.Identifier.ValueText);
            return new ParseResult(null, EquatableArray.Of(misplaced));
        }

        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            return ParseMethod(method, syntax, context.SemanticModel, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator must never throw: an unexpected shape of code becomes a diagnostic on the method.
            var diagnostic = DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError,
                syntax.Identifier.GetLocation(),
                method.Name,
                exception.GetType().Name + ": " + exception.Message);
            return new ParseResult(null, EquatableArray.Of(diagnostic));
        }
    }

    private static ParseResult ParseMethod(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // Code with compiler errors (as an IDE sees it mid-typing) gets the compiler's errors and nothing from AdGen.
        var bodyOperation = semanticModel.GetOperation(syntax, cancellationToken) as IMethodBodyOperation;
        if (CompilerErrors.InDeclarationOrFlow(method, syntax, semanticModel, cancellationToken))
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        if (CompilerErrors.FirstUnboundOperation(method, bodyOperation, cancellationToken) is { } unbound)
        {
            return new ParseResult(null, CompilerErrors.ReportedInside(syntax, semanticModel, cancellationToken)
                ? EquatableArray<DiagnosticInfo>.Empty
                : EquatableArray.Of(BrokenDeclarationOutside(method, bodyOperation!, unbound)));
        }

        var diagnostics = new List<DiagnosticInfo>();
        Location nameLocation = syntax.Identifier.GetLocation();

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodMustBeStatic, nameLocation, method.Name));
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, nameLocation, method.Name));
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoBody, nameLocation, method.Name));
        }

        if (method.IsAsync || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedStatement,
                nameLocation,
                method.IsAsync ? "An async method" : "A ref return",
                "return a double or float by value"));
        }

        ImmutableArray<ContainingType> containingTypes = ReadContainingTypes(method, diagnostics, nameLocation);

        TypeRef? returnType = TypeMapper.Map(method.ReturnType);
        if (returnType is null || !returnType.IsFloating || !returnType.IsScalar)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType,
                syntax.ReturnType.GetLocation(),
                method.Name,
                method.ReturnType.ToDisplayString()));
        }

        ImmutableArray<ParameterModel> parameters = ReadParameters(method, diagnostics);
        diagnostics.AddRange(RuleOptionValidator.Validate(method.GetAttributes(), DifferentiableAttributeName, cancellationToken));
        CheckNameClashes(method, diagnostics, nameLocation);

        if (diagnostics.Count > 0 || returnType is null)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var lowerer = new BodyLowerer(method, semanticModel, diagnostics, cancellationToken);
        Block? body = lowerer.LowerBody(syntax, bodyOperation);
        if (body is null || diagnostics.Any(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        body = UnreadLocals.Remove(body);
        FileLinePositionSpan lines = nameLocation.GetLineSpan();
        var model = new MethodModel(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            containingTypes.ToEquatableArray(),
            AccessibilityText(method.DeclaredAccessibility),
            method.Name,
            returnType,
            parameters.ToEquatableArray(),
            body,
            lowerer.ReservedNames.OrderBy(static n => n, StringComparer.Ordinal).ToEquatableArray(),
            new SourceSpot(System.IO.Path.GetFileName(lines.Path ?? string.Empty), lines.StartLinePosition.Line + 1, lines.StartLinePosition.Character + 1),
            new LocationInfo(lines.Path ?? string.Empty, nameLocation.SourceSpan, lines.Span));
        return new ParseResult(model, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// An unbound operation the compiler reports nowhere in the method: its error type comes from a declaration outside
    /// (a field whose type was deleted), and the compiler reports that error once, there. Without this error the method
    /// would silently lose its derivatives.
    /// </summary>
    private static DiagnosticInfo BrokenDeclarationOutside(IMethodSymbol method, IMethodBodyOperation body, IOperation unbound)
    {
        (IOperation use, string name) = CompilerErrors.FirstUseOfBrokenMember(body) is { } broken
            ? (broken.Use, broken.Member.Name)
            : (unbound, unbound.Syntax.ToString() is { Length: > 60 } text ? text.Substring(0, 57) + "..." : unbound.Syntax.ToString());
        return DiagnosticInfo.Create(DiagnosticDescriptors.BrokenDeclarationOutside, use.Syntax.GetLocation(), name, method.Name);
    }

    private static ImmutableArray<ContainingType> ReadContainingTypes(IMethodSymbol method, List<DiagnosticInfo> diagnostics, Location location)
    {
        var types = new List<ContainingType>();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            bool isPartial = type.DeclaringSyntaxReferences
                .Select(static r => r.GetSyntax())
                .OfType<TypeDeclarationSyntax>()
                .Any(static d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!isPartial)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeMustBePartial, location, type.Name, method.Name));
                return ImmutableArray<ContainingType>.Empty;
            }

            string keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string name = type.TypeParameters.Length == 0
                ? type.Name
                : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(static p => p.Name)) + ">";
            types.Insert(0, new ContainingType(keyword, name));
        }

        return types.ToImmutableArray();
    }

    private static ImmutableArray<ParameterModel> ReadParameters(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        var parameters = ImmutableArray.CreateBuilder<ParameterModel>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            Location location = parameter.Locations.FirstOrDefault() ?? Location.None;
            bool noDerivative = parameter.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == NoDerivativeAttributeName);
            TypeRef? type = TypeMapper.Map(parameter.Type);
            string? problem = null;
            if (parameter.RefKind is RefKind.Ref or RefKind.Out)
            {
                problem = "ref and out parameters are not supported; return the value instead";
            }
            else if (type is null && TypeMapper.IsFloatingContainer(parameter.Type))
            {
                problem = "AdGen differentiates double, float, double[], float[], ReadOnlySpan<double> and ReadOnlySpan<float>; pass the data as one of these";
            }
            else if (type is { Shape: Shape.Span } && type.IsFloating)
            {
                problem = "Span<T> outputs are not supported yet; return a scalar, or take a ReadOnlySpan<T> input";
            }

            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, parameter.Type.ToDisplayString(), problem));
                continue;
            }

            if (type is null)
            {
                // Any other type (a struct of options, a string, an int) is passed through untouched.
                type = new TypeRef(ScalarType.Other, Shape.Scalar, parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            }

            ParameterRole role = type.IsFloating && !noDerivative ? ParameterRole.Differentiable : ParameterRole.Passive;
            parameters.Add(new ParameterModel(parameter.Name, type, role));
        }

        return parameters.ToImmutable();
    }

    private static void CheckNameClashes(IMethodSymbol method, List<DiagnosticInfo> diagnostics, Location location)
    {
        foreach (string suffix in GeneratedSuffixes)
        {
            string name = method.Name + suffix;
            if (!method.ContainingType.GetMembers(name).IsEmpty)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, location, method.ContainingType.Name, name, method.Name));
            }
        }
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
