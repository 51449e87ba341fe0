using Microsoft.CodeAnalysis;

namespace AdGen.Generator.Diagnostics;

/// <summary>Every diagnostic AdGen reports. Ids are stable; docs/diagnostics.md has an example of each.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AdGen";
    private const string HelpLinkBase = "https://github.com/adgen/adgen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor MethodMustBeStatic = Error(
        "ADG0001",
        "[Differentiable] method must be static",
        "'{0}' is an instance method; AdGen differentiates static methods only: make it static and pass what it reads as parameters");

    public static readonly DiagnosticDescriptor TypeMustBePartial = Error(
        "ADG0002",
        "Containing type must be partial",
        "'{0}' must be declared partial (with every type that contains it) so that AdGen can add the derivatives of '{1}' beside it");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "ADG0003",
        "Unsupported return type",
        "'{0}' returns '{1}'; a [Differentiable] method must return double or float");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error(
        "ADG0004",
        "Unsupported parameter",
        "Parameter '{0}' of type '{1}' is not supported: {2}");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "ADG0005",
        "Unsupported statement",
        "{0} is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "ADG0006",
        "Unsupported expression",
        "{0} is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor NoKnownDerivative = Error(
        "ADG0007",
        "Call with no known derivative",
        "The call to '{0}' has no known derivative: mark it [Differentiable] if it is yours, or compute its value outside and pass it as a [NoDerivative] parameter");

    public static readonly DiagnosticDescriptor UnsupportedWrite = Error(
        "ADG0008",
        "Write outside the method's locals",
        "Writing to {0} is not supported: a [Differentiable] method may only write its own locals and local arrays; copy the data into a local array first");

    public static readonly DiagnosticDescriptor Recursion = Error(
        "ADG0009",
        "Recursive [Differentiable] method",
        "'{0}' calls itself; recursion is not supported: rewrite it as a loop");

    public static readonly DiagnosticDescriptor NameClash = Error(
        "ADG0010",
        "Generated member name is taken",
        "'{0}' already declares a member named '{1}', which AdGen generates for '{2}': rename one of them");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "ADG0011",
        "Generic [Differentiable] method",
        "'{0}' is generic; AdGen does not differentiate generic methods: write it for double or float");

    public static readonly DiagnosticDescriptor NoBody = Error(
        "ADG0012",
        "[Differentiable] method has no body",
        "'{0}' has no body to differentiate: give it a block or expression body");

    public static readonly DiagnosticDescriptor LocalArrayInLoop = Error(
        "ADG0013",
        "Local array created inside a loop",
        "The local array '{0}' is created inside a loop; reverse mode needs it to live across iterations: create it once before the loop");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "ADG0014",
        "AdGen could not process a method",
        "AdGen could not differentiate '{0}' because of an internal error ({1}); nothing was generated for it; please report this with the method's code");

    public static readonly DiagnosticDescriptor ConstantSequenceArgument = Error(
        "ADG0015",
        "Constant sequence passed to a differentiable parameter",
        "'{0}' is passed to the differentiable sequence parameter '{1}' of '{2}' but carries no derivative: mark that parameter [NoDerivative], or pass a local copy");

    public static readonly DiagnosticDescriptor RuleOutOfRange = Error(
        "ADG0016",
        "Kink rule outside the Clarke subdifferential",
        "The rule value {0} from {1} is not a valid derivative of {2} at its kink: it must lie in [{3}, {4}], the Clarke subdifferential there");

    public static readonly DiagnosticDescriptor LocalFunction = Error(
        "ADG0017",
        "[Differentiable] on a local function",
        "'{0}' is a local function; [Differentiable] applies to static methods of partial types: make it a separate static method");

    public static readonly DiagnosticDescriptor BrokenDeclarationOutside = Error(
        "ADG0018",
        "Use of a declaration that has compiler errors",
        "'{0}' has a type with compiler errors, reported where it is declared and not here, so '{1}' cannot be differentiated: fix that error and its derivatives are generated again");

    /// <summary>Hidden by default: raise its severity in .editorconfig to see every kink site and its rule in the IDE.</summary>
    public static readonly DiagnosticDescriptor KinkSite = new(
        "ADG1001",
        "Kink site",
        "Kink: {0}; rule: {1}",
        Category,
        DiagnosticSeverity.Hidden,
        isEnabledByDefault: true,
        description: "AdGen differentiates this nonsmooth primitive with the named conservative rule at its kink.",
        helpLinkUri: HelpLinkBase + "adg1001");

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
