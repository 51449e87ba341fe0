using System;
using System.Collections.Generic;
using System.Globalization;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Hands out generated names that clash with nothing the user wrote: derivatives are <c>d</c> + the variable's name
/// (<c>x</c> → <c>dx</c>), helpers get a descriptive stem and a number only when needed.
/// </summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken;
    private readonly Dictionary<string, string> _derivatives = new(StringComparer.Ordinal);

    public NameAllocator(MethodModel method)
    {
        _taken = new HashSet<string>(method.ReservedNames, StringComparer.Ordinal);
        foreach (ParameterModel parameter in method.Parameters)
        {
            _taken.Add(parameter.Name);
        }
    }

    private NameAllocator(HashSet<string> taken, Dictionary<string, string> derivatives)
    {
        _taken = new HashSet<string>(taken, StringComparer.Ordinal);
        _derivatives = new Dictionary<string, string>(derivatives, StringComparer.Ordinal);
    }

    /// <summary>A copy for a trial run whose names must not be taken from the real one.</summary>
    public NameAllocator Clone() => new(_taken, _derivatives);

    public string Fresh(string stem)
    {
        string candidate = stem;
        for (int i = 2; Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(candidate) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None || !_taken.Add(candidate); i++)
        {
            candidate = stem + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Whether a name was handed out as a derivative (tangent or adjoint).</summary>
    public bool IsDerivative(string name) => _derivatives.ContainsValue(name);

    /// <summary>The name of the derivative (tangent or adjoint) of a variable: stable for the whole method.</summary>
    public string Derivative(string name)
    {
        if (!_derivatives.TryGetValue(name, out string? derivative))
        {
            derivative = Fresh("d" + name);
            _derivatives.Add(name, derivative);
        }

        return derivative;
    }
}
