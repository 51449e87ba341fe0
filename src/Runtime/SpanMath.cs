using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AdGen;

/// <summary>
/// Vectorised loops that generated reverse sweeps call in place of a loop adding multiples into an adjoint span
/// (<c>dw[row + k] += dz * x[k]</c>), the adjoint of a dot product. Each element gets exactly what the scalar loop
/// would give it, a product rounded then a sum rounded (no fused multiply-add), so the gradient does not depend on the
/// vector width of the machine.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SpanMath
{
    /// <summary><c>destination[i] += scale * source[i]</c> for every i.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void AddScaled<T>(ReadOnlySpan<T> source, T scale, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        if (source.Length != destination.Length)
        {
            ThrowLengthMismatch();
        }

        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)destination.Length;
        nuint i = 0;
        if (IsWorthVectors<T>(length))
        {
            for (nuint start = StepsToAlign(ref to); i < start; i++)
            {
                Unsafe.Add(ref to, i) += scale * Unsafe.Add(ref from, i);
            }

            var factor = new Vector<T>(scale);
            for (; i + (nuint)Vector<T>.Count <= length; i += (nuint)Vector<T>.Count)
            {
                (Vector.LoadUnsafe(ref to, i) + factor * Vector.LoadUnsafe(ref from, i)).StoreUnsafe(ref to, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref to, i) += scale * Unsafe.Add(ref from, i);
        }
    }

    /// <summary><c>destination[i] += value</c> for every i.</summary>
    public static void AddScalar<T>(T value, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        ref T to = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)destination.Length;
        nuint i = 0;
        if (IsWorthVectors<T>(length))
        {
            for (nuint start = StepsToAlign(ref to); i < start; i++)
            {
                Unsafe.Add(ref to, i) += value;
            }

            var addend = new Vector<T>(value);
            for (; i + (nuint)Vector<T>.Count <= length; i += (nuint)Vector<T>.Count)
            {
                (Vector.LoadUnsafe(ref to, i) + addend).StoreUnsafe(ref to, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref to, i) += value;
        }
    }

    /// <summary>Vectors pay from two of them on: the alignment steps and the tail are scalar.</summary>
    private static bool IsWorthVectors<T>(nuint length)
        where T : unmanaged => Vector.IsHardwareAccelerated && Vector<T>.IsSupported && length >= 2 * (nuint)Vector<T>.Count;

    /// <summary>
    /// How many elements to add one by one before the destination is aligned to a vector: a store that straddles two
    /// cache lines costs two, which made the loop ~15 % slower than an aligned one (784-element rows).
    /// </summary>
    private static unsafe nuint StepsToAlign<T>(ref T destination)
        where T : unmanaged
    {
        nuint address = (nuint)Unsafe.AsPointer(ref destination);
        nuint vectorBytes = (nuint)(Vector<T>.Count * sizeof(T));
        if (address % (nuint)sizeof(T) != 0)
        {
            return 0; // Not even element-aligned: no element count reaches an aligned address.
        }

        nuint misaligned = address % vectorBytes;
        return misaligned == 0 ? 0 : (vectorBytes - misaligned) / (nuint)sizeof(T);
    }

    private static void ThrowLengthMismatch() => throw new ArgumentException("The source and destination spans must have the same length.");
}
