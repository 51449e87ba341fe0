using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AdGen.Optimizers;

/// <summary>Vectorised reductions over spans that the driver, clipping and gradient checks share.</summary>
internal static class SpanMath
{
    /// <summary>The Euclidean norm, accumulated in double; rescaled when the plain sum of squares overflows.</summary>
    public static double Norm(ReadOnlySpan<double> values)
    {
        double sumOfSquares = SumOfSquares(values, 1.0);
        if (!double.IsPositiveInfinity(sumOfSquares))
        {
            return Math.Sqrt(sumOfSquares);
        }

        // Squares of finite values above ~1e154 overflow although the norm itself may not: scale by the largest magnitude.
        double largest = MaxMagnitude(values);
        if (double.IsInfinity(largest) || double.IsNaN(largest))
        {
            return largest;
        }

        return largest * Math.Sqrt(SumOfSquares(values, 1.0 / largest));
    }

    /// <summary>The Euclidean norm of single-precision values, accumulated in double (which cannot overflow for floats).</summary>
    public static double Norm(ReadOnlySpan<float> values)
    {
        ReadOnlySpan<Vector<float>> blocks = VectorBlocks.Whole(values);
        Vector<double> sum = Vector<double>.Zero;
        foreach (Vector<float> block in blocks)
        {
            Vector.Widen(block, out Vector<double> low, out Vector<double> high);
            sum += (low * low) + (high * high);
        }

        double total = Vector.Sum(sum);
        for (int i = VectorBlocks.TailStart<float>(values.Length); i < values.Length; i++)
        {
            total += (double)values[i] * values[i];
        }

        return Math.Sqrt(total);
    }

    /// <summary>The Euclidean norm for either precision.</summary>
    public static double Norm<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Norm(MemoryMarshal.Cast<T, double>(values));
        }

        if (typeof(T) == typeof(float))
        {
            return Norm(MemoryMarshal.Cast<T, float>(values));
        }

        throw new NotSupportedException($"Only double and float are supported, not {typeof(T).Name}.");
    }

    /// <summary>Index of the first NaN or infinity in <paramref name="values"/>, or -1 when all are finite.</summary>
    public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // x - x is 0 for finite x and NaN for NaN and ±∞, so one NaN anywhere poisons the accumulator.
        Vector<T> accumulator = Vector<T>.Zero;
        foreach (Vector<T> block in VectorBlocks.Whole(values))
        {
            accumulator += block - block;
        }

        bool blocksFinite = Vector.EqualsAll(accumulator, accumulator);
        int start = blocksFinite ? VectorBlocks.TailStart<T>(values.Length) : 0;
        for (int i = start; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Multiplies every element by <paramref name="factor"/> in place.</summary>
    public static void Scale<T>(Span<T> values, T factor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (ref Vector<T> block in VectorBlocks.Whole(values))
        {
            block *= factor;
        }

        for (int i = VectorBlocks.TailStart<T>(values.Length); i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    private static double SumOfSquares(ReadOnlySpan<double> values, double scale)
    {
        Vector<double> sum = Vector<double>.Zero;
        foreach (Vector<double> block in VectorBlocks.Whole(values))
        {
            Vector<double> scaled = block * scale;
            sum += scaled * scaled;
        }

        double total = Vector.Sum(sum);
        for (int i = VectorBlocks.TailStart<double>(values.Length); i < values.Length; i++)
        {
            double scaled = values[i] * scale;
            total += scaled * scaled;
        }

        return total;
    }

    private static double MaxMagnitude(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (double value in values)
        {
            if (double.IsNaN(value))
            {
                return value;
            }

            largest = Math.Max(largest, Math.Abs(value));
        }

        return largest;
    }
}
