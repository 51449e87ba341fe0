using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AdGen.Generator.Parsing;

/// <summary>
/// Whether a [Differentiable] method has compiler errors, as an IDE sees it mid-typing: such a method gets the
/// compiler's errors and nothing from AdGen. SemanticModel.GetDiagnostics(span) would say so exactly, but it compiles
/// the method a second time, beside the binding the lowering reads, and walks the declarations of the whole tree: two
/// thirds of the generator's time on every edit, since Roslyn re-runs this transform for every attributed method
/// whenever the compilation changes. These checks read that one binding instead: syntax errors, error types and
/// invalid operations, and the flow analysis errors (a missing return, a local read before it is assigned). They do not
/// see warnings made errors (an unused local under TreatWarningsAsErrors): such a method is generated.
/// </summary>
internal static class CompilerErrors
{
    public static bool InDeclarationOrFlow(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // Syntax errors: a token missing in the method (its error may be placed on the next token), or an error on its
        // text, which may come from the next node (a "}" expected at its end). Skipped tokens after the method are its
        // trailing trivia, but not its errors.
        if (syntax.SyntaxTree.GetRoot(cancellationToken).ContainsDiagnostics
            && ((syntax.ContainsDiagnostics && syntax.DescendantTokens().Any(static t => t.IsMissing))
                || syntax.SyntaxTree.GetDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && Touches(d.Location.SourceSpan, syntax.Span))))
        {
            return true;
        }

        // The declaration errors a half-typed method shows: both bodies or none, a member outside a type (when the
        // compiler reports it), a repeated modifier, an instance member of a static class.
        if ((syntax.Body is not null) == (syntax.ExpressionBody is not null) && (syntax.Body is not null || !syntax.Modifiers.Any(static m =>
                m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.ExternKeyword) || m.IsKind(SyntaxKind.PartialKeyword)))
            || IsMisplaced(syntax)
            || syntax.Modifiers.Select(static m => m.RawKind).Distinct().Count() != syntax.Modifiers.Count
            || (!method.IsStatic && method.ContainingType.IsStatic))
        {
            return true;
        }

        if (IsBad(method.ReturnType) || method.Parameters.Any(static p => IsBad(p.Type)) || HasBadAttribute(method.GetAttributes())
            || HasBadAttribute(method.GetReturnTypeAttributes()) || method.Parameters.Any(static p => HasBadAttribute(p.GetAttributes()))
            || HasTwin(method))
        {
            return true;
        }

        return HasFlowErrors(method, syntax, semanticModel);
    }

    /// <summary>
    /// The first operation of the body that the compiler could not bind: an invalid operation, an error type, a
    /// conversion that does not exist, a return without a value, an expression that is not a statement. Usually the
    /// compiler reports an error there, but not when the error type comes from a declaration outside the method (a
    /// field whose type was deleted): the compiler reports that error once, at the declaration, and none at its uses.
    /// </summary>
    public static IOperation? FirstUnboundOperation(IMethodSymbol method, IMethodBodyOperation? body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return null;
        }

        foreach (IOperation operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation.Kind == OperationKind.Invalid
                || operation.Type is { TypeKind: TypeKind.Error }
                || operation is IConversionOperation { Conversion.Exists: false } or IConversionOperation { IsImplicit: true, Conversion.IsImplicit: false }
                || operation is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: null } && !method.ReturnsVoid
                || operation is IExpressionStatementOperation { Operation.Kind: not (OperationKind.Invocation or OperationKind.SimpleAssignment
                    or OperationKind.CompoundAssignment or OperationKind.CoalesceAssignment or OperationKind.DeconstructionAssignment
                    or OperationKind.Increment or OperationKind.Decrement or OperationKind.ObjectCreation or OperationKind.Await
                    or OperationKind.ConditionalAccess or OperationKind.DynamicInvocation or OperationKind.DynamicObjectCreation
                    or OperationKind.TypeParameterObjectCreation) })
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the compiler reports an error inside the method. This compiles the method a second time, so it is only
    /// asked when <see cref="FirstUnboundOperation"/> found something, which is rare and brief (mid-typing).
    /// </summary>
    public static bool ReportedInside(MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        semanticModel.GetDiagnostics(syntax.Span, cancellationToken).Any(static d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The first use of a member declared outside the method whose type has errors, with that member: the cause of an
    /// unbound operation the compiler reports nowhere in the method; null when no such use is found.
    /// </summary>
    public static (IOperation Use, ISymbol Member)? FirstUseOfBrokenMember(IMethodBodyOperation body)
    {
        foreach (IOperation operation in body.Descendants())
        {
            ISymbol? broken = operation switch
            {
                IFieldReferenceOperation field when IsBad(field.Field.Type) => field.Field,
                IPropertyReferenceOperation property when IsBad(property.Property.Type) => property.Property,
                IInvocationOperation invocation when IsBad(invocation.TargetMethod.ReturnType) || invocation.TargetMethod.Parameters.Any(static p => IsBad(p.Type)) => invocation.TargetMethod,
                _ => null,
            };
            if (broken is not null)
            {
                return (operation, broken);
            }
        }

        return null;
    }

    /// <summary>Definite assignment and reachability, which the binding alone does not check.</summary>
    private static bool HasFlowErrors(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel)
    {
        DataFlowAnalysis? dataFlow;
        if (syntax.Body is { } block)
        {
            SyntaxList<StatementSyntax> statements = block.Statements;
            if (statements.Count == 0)
            {
                return !method.ReturnsVoid;
            }

            // Only a floating result is differentiated; any other return type gets AdGen's error, not this check's.
            bool needsReturn = method.ReturnType.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
            if (needsReturn && semanticModel.AnalyzeControlFlow(statements[0], statements[statements.Count - 1]) is { Succeeded: true, EndPointIsReachable: true })
            {
                return true;
            }

            dataFlow = semanticModel.AnalyzeDataFlow(statements[0], statements[statements.Count - 1]);
        }
        else if (syntax.ExpressionBody is { } arrow)
        {
            dataFlow = semanticModel.AnalyzeDataFlow(arrow.Expression);
        }
        else
        {
            return false;
        }

        // A local read but never written (the compiler's CS0165). A local assigned on some paths only is not seen:
        // the data flow API reports no definite assignment inside the region.
        return dataFlow is { Succeeded: true } && dataFlow.ReadInside.Any(s =>
            s is ILocalSymbol { Type: { SpecialType: not SpecialType.None } or IArrayTypeSymbol } && !dataFlow.WrittenInside.Contains(s, SymbolEqualityComparer.Default));
    }

    /// <summary>
    /// A method directly in a namespace (the compiler's CS0116, on its name). The compiler reports it only for a
    /// declaration without syntax errors, its trivia included: after a class closed early by broken braces, the methods
    /// that follow land in the namespace, and the last one's trailing trivia holds the orphaned "}" (CS1022, outside
    /// its span), so no error is reported in that method and it gets AdGen's error about its containing type instead.
    /// </summary>
    private static bool IsMisplaced(MethodDeclarationSyntax syntax) =>
        syntax.Parent is not TypeDeclarationSyntax
        && !(syntax.ContainsDiagnostics && syntax.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error));

    /// <summary>As GetDiagnostics(span) filters: overlapping, or empty and inside (a missing token at the method's end).</summary>
    private static bool Touches(Microsoft.CodeAnalysis.Text.TextSpan error, Microsoft.CodeAnalysis.Text.TextSpan method) =>
        error.Length == 0 ? method.Contains(error.Start) || error.Start == method.End : error.OverlapsWith(method);

    private static bool IsBad(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => IsBad(array.ElementType),
        IPointerTypeSymbol pointer => IsBad(pointer.PointedAtType),
        INamedTypeSymbol { IsGenericType: true } named => named.TypeArguments.Any(IsBad),
        _ => false,
    };

    private static bool HasBadAttribute(IEnumerable<AttributeData> attributes) => attributes.Any(static a =>
        a.AttributeClass is null or { TypeKind: TypeKind.Error }
        || a.AttributeConstructor is null
        || a.ConstructorArguments.Any(static c => c.Kind == TypedConstantKind.Error)
        || a.NamedArguments.Any(static n => n.Value.Kind == TypedConstantKind.Error));

    /// <summary>Another member with the same signature (the compiler's CS0111): neither of the two is generated.</summary>
    private static bool HasTwin(IMethodSymbol method) => method.ContainingType.GetMembers(method.Name).Any(member =>
        member is IMethodSymbol other
        && !SymbolEqualityComparer.Default.Equals(other, method)
        && other.Arity == method.Arity
        && other.Parameters.Length == method.Parameters.Length
        && other.Parameters.Zip(method.Parameters, static (a, b) =>
            (a.RefKind == RefKind.None) == (b.RefKind == RefKind.None) && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(static same => same));
}
