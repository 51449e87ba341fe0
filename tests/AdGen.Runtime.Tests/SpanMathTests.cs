using System;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>
/// The vectorised loops that generated reverse sweeps call must give every element exactly what the scalar loop gives
/// (product rounded, then sum rounded), whatever the length, the offset into the buffer and the vector width.
/// </summary>
public sealed class SpanMathTests
{
    public static TheoryData<int, int> LengthsAndOffsets()
    {
        var data = new TheoryData<int, int>();
        foreach (int length in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 64, 127, 784, 1001 })
        {
            data.Add(length, 0);
            data.Add(length, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LengthsAndOffsets))]
    public void AddScaled_matches_the_scalar_loop_bit_for_bit(int length, int offset)
    {
        var random = new Random(length * 31 + offset);
        double[] source = Values(random, length + offset);
        double[] destination = Values(random, length + offset);
        double[] expected = (double[])destination.Clone();
        double scale = random.NextDouble() * 4 - 2;
        for (int i = 0; i < length; i++)
        {
            expected[offset + i] += scale * source[offset + i];
        }

        SpanMath.AddScaled<double>(source.AsSpan(offset, length), scale, destination.AsSpan(offset, length));

        Assert.Equal(expected, destination);
    }

    [Theory]
    [MemberData(nameof(LengthsAndOffsets))]
    public void AddScaled_in_float_matches_the_scalar_loop_bit_for_bit(int length, int offset)
    {
        var random = new Random(length * 37 + offset);
        float[] source = Array.ConvertAll(Values(random, length + offset), static v => (float)v);
        float[] destination = Array.ConvertAll(Values(random, length + offset), static v => (float)v);
        float[] expected = (float[])destination.Clone();
        float scale = (float)(random.NextDouble() * 4 - 2);
        for (int i = 0; i < length; i++)
        {
            expected[offset + i] += scale * source[offset + i];
        }

        SpanMath.AddScaled<float>(source.AsSpan(offset, length), scale, destination.AsSpan(offset, length));

        Assert.Equal(expected, destination);
    }

    [Theory]
    [MemberData(nameof(LengthsAndOffsets))]
    public void AddScalar_matches_the_scalar_loop_bit_for_bit(int length, int offset)
    {
        var random = new Random(length * 41 + offset);
        double[] destination = Values(random, length + offset);
        double[] expected = (double[])destination.Clone();
        double value = random.NextDouble() - 0.5;
        for (int i = 0; i < length; i++)
        {
            expected[offset + i] += value;
        }

        SpanMath.AddScalar<double>(value, destination.AsSpan(offset, length));

        Assert.Equal(expected, destination);
    }

    [Fact]
    public void Elements_outside_the_destination_are_untouched_and_special_values_propagate()
    {
        double[] buffer = { 7, 1, 2, double.PositiveInfinity, double.NaN, 5, 6, 7, 8, 9, 10, 7 };
        double[] source = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
        SpanMath.AddScaled<double>(source, 2.0, buffer.AsSpan(1, 10));
        Assert.Equal(new[] { 7, 3, 4, double.PositiveInfinity, double.NaN, 7, 8, 9, 10, 11, 12, 7 }, buffer);
    }

    [Fact]
    public void Spans_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SpanMath.AddScaled<double>(new double[3], 1.0, new double[4]));
    }

    private static double[] Values(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
        }

        return values;
    }
}
