using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AdGen.Generator.Helpers;

/// <summary>Compares objects by identity: two equal-looking statements at different places are different sites.</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
