using System.Linq;
using AdGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AdGen.Generator.Parsing;

/// <summary>Maps Roslyn types to the IR's <see cref="TypeRef"/>; <c>null</c> means AdGen does not handle the type.</summary>
internal static class TypeMapper
{
    public static TypeRef? Map(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return null;
            case IArrayTypeSymbol { Rank: 1 } array:
                return MapScalar(array.ElementType) is { } element ? TypeRef.SequenceOf(element, Shape.Array) : null;
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                when named.ContainingNamespace?.ToDisplayString() == "System" && named.Name is "ReadOnlySpan" or "Span":
                TypeRef? item = MapScalar(named.TypeArguments[0]);
                return item is null ? null : TypeRef.SequenceOf(item, named.Name == "Span" ? Shape.Span : Shape.ReadOnlySpan);
            default:
                return MapScalar(type);
        }
    }

    public static TypeRef? MapScalar(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => TypeRef.Double,
        SpecialType.System_Single => TypeRef.Single,
        SpecialType.System_Int32 => TypeRef.Int32,
        SpecialType.System_Int64 => TypeRef.Int64,
        SpecialType.System_Boolean => TypeRef.Boolean,
        _ => null,
    };

    public static bool IsFloating(ITypeSymbol? type) =>
        type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>True for types that hold floating values in a shape AdGen does not take (lists, 2-D arrays, ...).</summary>
    public static bool IsFloatingContainer(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsFloating(array.ElementType) || IsFloatingContainer(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(static t => IsFloating(t) || IsFloatingContainer(t)),
        IPointerTypeSymbol pointer => IsFloating(pointer.PointedAtType),
        _ => false,
    };
}
