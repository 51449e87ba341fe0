using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using AdGen.Generator.Diagnostics;
using AdGen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdGen.Generator.Parsing;

/// <summary>
/// Checks the rule options of [Differentiable(...)] and [assembly: DifferentiableDefaults(...)] where they are
/// written: a value outside the Clarke subdifferential is an error whether or not a primitive uses it yet.
/// </summary>
internal static class RuleOptionValidator
{
    private static readonly ImmutableDictionary<string, (double Low, double High)> Ranges = new Dictionary<string, (double, double)>
    {
        ["ReluSlopeAtZero"] = (0, 1),
        ["AbsSlopeAtZero"] = (-1, 1),
        ["MaxTieWeight"] = (0, 1),
        ["MinTieWeight"] = (0, 1),
        ["ClampBoundaryWeight"] = (0, 1),
    }.ToImmutableDictionary();

    public static IEnumerable<DiagnosticInfo> Validate(IEnumerable<AttributeData> attributes, string attributeName, CancellationToken cancellationToken)
    {
        foreach (AttributeData attribute in attributes)
        {
            if (attribute.AttributeClass?.ToDisplayString() != attributeName)
            {
                continue;
            }

            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (!Ranges.TryGetValue(named.Key, out (double Low, double High) range) || named.Value.Value is not { } raw)
                {
                    continue;
                }

                double value = System.Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                if (double.IsNaN(value) || (value >= range.Low && value <= range.High))
                {
                    continue;
                }

                Location? location = syntax?.ArgumentList?.Arguments
                    .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named.Key)?.GetLocation() ?? syntax?.GetLocation();
                yield return DiagnosticInfo.Create(
                    DiagnosticDescriptors.RuleOutOfRange,
                    location,
                    value.ToString("R", CultureInfo.InvariantCulture),
                    named.Key,
                    named.Key.Replace("SlopeAtZero", string.Empty).Replace("TieWeight", string.Empty).Replace("BoundaryWeight", string.Empty),
                    range.Low.ToString("R", CultureInfo.InvariantCulture),
                    range.High.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The assembly's defaults, checked once per compilation.</summary>
    public static EquatableArray<DiagnosticInfo> ValidateAssembly(Compilation compilation, CancellationToken cancellationToken) =>
        Validate(compilation.Assembly.GetAttributes(), MethodParser.DifferentiableDefaultsAttributeName, cancellationToken).ToEquatableArray();
}
