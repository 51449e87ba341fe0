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
    /// <summary>Math, MathF and AdMath functions whose every partial is finite wherever their argument is.</summary>
    private static readonly ImmutableHashSet<string> FinitePartials = ImmutableHashSet.Create(
        "Sin", "Cos", "Tan", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Exp",
        "Abs", "Max", "Min", "Clamp", "Floor", "Ceiling", "Round", "Truncate", "CopySign", "FusedMultiplyAdd",
        "Relu", "LeakyRelu", "HardTanh", "Hinge", "StopGradient");

    private static readonly ImmutableHashSet<string> FunctionOwners = ImmutableHashSet.Create("Math", "MathF", "System.Math", "System.MathF", "global::System.Math", "global::System.MathF", "AdMath", "AdGen.AdMath", "global::AdGen.AdMath", "double", "float");

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
            && FunctionOwners.Contains(access.Expression.ToString())
            && FinitePartials.Contains(access.Name.Identifier.ValueText),
        _ => true,
    };
}
