using AdGen.Generator.Helpers;

namespace AdGen.Generator.Model;

/// <summary>How a parameter takes part in differentiation.</summary>
internal enum ParameterRole
{
    /// <summary>A floating scalar or sequence that gets a derivative argument.</summary>
    Differentiable,

    /// <summary>Passed through: non-floating, or marked [NoDerivative].</summary>
    Passive,
}

internal sealed record ParameterModel(string Name, TypeRef Type, ParameterRole Role)
{
    public bool IsDifferentiable => Role == ParameterRole.Differentiable;
}

/// <summary>The signature of a [Differentiable] method called from another one: all a caller's derivatives need.</summary>
/// <param name="ModesAgree">Its forward and reverse modes give the same derivative up to rounding (<see cref="Parsing.CalleeModes"/>).</param>
internal sealed record CalleeModel(string QualifiedType, string Name, TypeRef ReturnType, EquatableArray<ParameterModel> Parameters, bool ModesAgree);

/// <summary>One containing type of a partial declaration, outermost first.</summary>
internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);

/// <summary>A [Differentiable] method lowered to IR: everything the transforms and the emitter need, and nothing else.</summary>
internal sealed record MethodModel(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Accessibility,
    string Name,
    TypeRef ReturnType,
    EquatableArray<ParameterModel> Parameters,
    Block Body,
    EquatableArray<string> ReservedNames,
    SourceSpot Spot,
    LocationInfo Location)
{
    /// <summary>A key that groups the methods of one containing type into one generated file.</summary>
    public string TypeKey
    {
        get
        {
            var key = new System.Text.StringBuilder(Namespace);
            foreach (ContainingType type in ContainingTypes)
            {
                key.Append('.').Append(type.NameWithTypeParameters);
            }

            return key.ToString();
        }
    }
}

/// <summary>A source location reduced to equatable parts, for diagnostics reported after parsing.</summary>
internal sealed record LocationInfo(string FilePath, Microsoft.CodeAnalysis.Text.TextSpan Span, Microsoft.CodeAnalysis.Text.LinePositionSpan LineSpan);
