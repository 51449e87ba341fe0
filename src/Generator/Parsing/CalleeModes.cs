using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdGen.Generator.Parsing;

/// <summary>
/// Whether a called [Differentiable] method's two modes give the same derivative, up to rounding, so that a caller's
/// reverse mode may take a partial from the callee's forward mode. Forward and reverse mode multiply the same partials
/// along each path, in opposite orders; IEEE products do not depend on the order (0·∞ is NaN either way) except where
/// a mode guards a zero tangent or adjoint against an infinite partial (sqrt, log, cbrt, asin, acos and pow at their
/// singular points, docs/conservative-rules.md), skips a zero inner loop, or hands the question to another callee.
/// The check reads the callee's syntax and keeps to what it recognises: anything else answers no.
/// </summary>
internal static class CalleeModes
{
    /// <summary>How the owner of a Math, MathF or AdMath call is written, mapped to the names <see cref="Intrinsics"/> uses.</summary>
    private static readonly ImmutableDictionary<string, string> Owners = new[]
    {
        ("Math", "System.Math"), ("System.Math", "System.Math"), ("global::System.Math", "System.Math"),
        ("MathF", "System.MathF"), ("System.MathF", "System.MathF"), ("global::System.MathF", "System.MathF"),
        ("AdMath", Intrinsics.AdMathOwner), (Intrinsics.AdMathOwner, Intrinsics.AdMathOwner), ("global::" + Intrinsics.AdMathOwner, Intrinsics.AdMathOwner),
        ("double", "double"), ("float", "float"),
    }.ToImmutableDictionary(static e => e.Item1, static e => e.Item2);

    public static bool Agree(IMethodSymbol callee, CancellationToken cancellationToken)
    {
        if (callee.DeclaringSyntaxReferences.Length != 1
            || callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        return body is not null && body.DescendantNodes().All(IsAgreeable);
    }

    private static bool IsAgreeable(SyntaxNode node) => node switch
    {
        ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or GotoStatementSyntax => false,
        AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => false,
        InvocationExpressionSyntax invocation => invocation.Expression is MemberAccessExpressionSyntax access
            && Owners.TryGetValue(access.Expression.ToString(), out string? owner)
            && HasFinitePartials(owner, access.Name.Identifier.ValueText, invocation.ArgumentList.Arguments.Count),
        _ => true,
    };

    /// <summary>An intrinsic AdGen differentiates itself whose partials are finite wherever its arguments are, or StopGradient.</summary>
    private static bool HasFinitePartials(string owner, string name, int arity) =>
        Intrinsics.IsStopGradient(owner, name, arity)
        || (Intrinsics.OwnerOf(owner, name, arity) is not null && !Intrinsics.IsSingularAtEdge(name));
}
