using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace AdGen.Generator.Tests.Incremental;

/// <summary>
/// Walks a pipeline value through its fields (records' properties are backed by fields) and collections, and
/// records every Roslyn object that would keep a compilation alive or defeat caching: a pipeline value must hold
/// only strings, numbers and equatable records (System.Text.Json's JsonSourceGeneratorIncrementalTests does the same).
/// </summary>
internal sealed class PipelineValueWalker
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location),
        typeof(IOperation), typeof(AttributeData),
    };

    private readonly HashSet<object> _visited = new(ReferenceEqualityComparer.Instance);

    public List<string> Violations { get; } = new();

    public HashSet<Type> VisitedTypes { get; } = new();

    public void Walk(object? value, string path)
    {
        if (value is null)
        {
            return;
        }

        Type type = value.GetType();
        if (Array.Find(Forbidden, f => f.IsAssignableFrom(type)) is { } forbidden)
        {
            Violations.Add($"{path}: {type.FullName} is a {forbidden.Name}");
            return;
        }

        if (IsLeaf(type) || (!type.IsValueType && !_visited.Add(value)))
        {
            return;
        }

        VisitedTypes.Add(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
            && (bool)type.GetProperty(nameof(System.Collections.Immutable.ImmutableArray<int>.IsDefault))!.GetValue(value)!)
        {
            return; // A default ImmutableArray holds nothing (and throws when enumerated).
        }

        if (value is IEnumerable sequence and not string)
        {
            int index = 0;
            foreach (object? item in sequence)
            {
                Walk(item, $"{path}[{index++}]");
            }

            // Arrays and most collections are fully described by their items.
            if (type.IsArray || type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true)
            {
                return;
            }
        }

        for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                Walk(field.GetValue(value), path + "." + field.Name);
            }
        }
    }

    /// <summary>Values that cannot contain a Roslyn object, or framework objects that are not ours to walk.</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || typeof(Type).IsAssignableFrom(type)
        || typeof(MemberInfo).IsAssignableFrom(type)
        || typeof(Delegate).IsAssignableFrom(type)
        || type == typeof(DiagnosticDescriptor) // static metadata: id, title, message format, help link
        || type.Assembly == typeof(Attribute).Assembly && !IsWalkableFrameworkType(type);

    /// <summary>Framework types that hold our values: collections, immutable collections, tuples, key-value pairs.</summary>
    private static bool IsWalkableFrameworkType(Type type) =>
        type.IsArray
        || typeof(IEnumerable).IsAssignableFrom(type)
        || typeof(ITuple).IsAssignableFrom(type)
        || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>);
}
