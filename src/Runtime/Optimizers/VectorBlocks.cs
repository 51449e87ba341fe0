using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AdGen.Optimizers;

/// <summary>
/// Views a span as whole <see cref="Vector{T}"/> blocks plus a short tail. The tail is processed as one zero-padded
/// vector on the stack, so every update rule is written once, in vector form, and applies to every length.
/// </summary>
internal static class VectorBlocks
{
    /// <summary>The whole vectors at the start of <paramref name="values"/>; the remaining tail is shorter than one vector.</summary>
    public static Span<Vector<T>> Whole<T>(Span<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, Vector<T>>(values);

    /// <inheritdoc cref="Whole{T}(Span{T})"/>
    public static ReadOnlySpan<Vector<T>> Whole<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, Vector<T>>(values);

    /// <summary>Index of the first element that the whole vectors do not cover.</summary>
    public static int TailStart<T>(int length)
        where T : unmanaged => length - (length % Vector<T>.Count);

    /// <summary>The elements from <paramref name="start"/> on (fewer than one vector), zero-padded to a full vector.</summary>
    public static Vector<T> LoadTail<T>(ReadOnlySpan<T> values, int start)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector<T>.Count];
        lanes.Clear();
        values.Slice(start).CopyTo(lanes);
        return new Vector<T>(lanes);
    }

    /// <summary>Writes the leading lanes of <paramref name="vector"/> back to the elements from <paramref name="start"/> on.</summary>
    public static void StoreTail<T>(Vector<T> vector, Span<T> values, int start)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector<T>.Count];
        vector.CopyTo(lanes);
        lanes.Slice(0, values.Length - start).CopyTo(values.Slice(start));
    }
}
