using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// A reverse loop that only adds multiples of spans into adjoints becomes SpanMath calls (VectorizedAccumulation): the
/// gradient must equal, bit for bit, the one a twin method keeps as a loop (an extra statement that writes a second
/// element of the same adjoint, which the rewrite refuses), including array parameters, whose gradients are spans,
/// offsets, negated terms, constant terms and empty ranges.
/// </summary>
public sealed class VectorizedAccumulationTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class V
        {
            // weights·input per unit, through arrays: the adjoint loop over j adds dz·input into a row of dweights.
            [Differentiable]
            public static double Rows(double[] weights, double[] input, int units)
            {
                int width = input.Length;
                double total = 0;
                for (int u = 0; u < units; u++)
                {
                    double z = 0;
                    for (int j = 0; j < width; j++)
                    {
                        z += weights[u * width + j] * input[j];
                    }

                    total += Math.Tanh(z);
                }

                return total;
            }

            // Its twin, the same arithmetic: one[0] is 1.0, but an element read in the factor keeps the loop a loop.
            [Differentiable]
            public static double RowsTwin(double[] weights, double[] input, int units, [NoDerivative] double[] one)
            {
                int width = input.Length;
                double total = 0;
                for (int u = 0; u < units; u++)
                {
                    double z = 0;
                    for (int j = 0; j < width; j++)
                    {
                        z += weights[u * width + j] * (input[j] * one[0]);
                    }

                    total += Math.Tanh(z);
                }

                return total;
            }

            // A constant term (AddScalar), a subtracted one (negated) at an offset, and a range that may be empty.
            [Differentiable]
            public static double Shifted(ReadOnlySpan<double> x, ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double c, int from)
            {
                double s = 0;
                for (int i = from; i < y.Length; i++)
                {
                    s += c * x[i] - w[i + 1] * y[i];
                }

                return s * s;
            }

            [Differentiable]
            public static double ShiftedTwin(ReadOnlySpan<double> x, ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double c, int from, [NoDerivative] double[] one)
            {
                double s = 0;
                for (int i = from; i < y.Length; i++)
                {
                    s += c * x[i] - w[i + 1] * (y[i] * one[0]);
                }

                return s * s;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("V")!);

    [Fact]
    public void The_loops_become_calls_and_the_twins_stay_loops()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        string rows = GeneratorHarness.Section(code, "private static double RowsReverse(", "RowsTangent(");
        Assert.Contains("global::AdGen.SpanMath.AddScaled<double>(((global::System.ReadOnlySpan<double>)input).Slice(0, jCount), dz, ((global::System.Span<double>)dweights).Slice(u * width, jCount));", rows, StringComparison.Ordinal);
        Assert.Contains("global::AdGen.SpanMath.AddScaled<double>(((global::System.ReadOnlySpan<double>)weights).Slice(u * width, jCount), dz, ((global::System.Span<double>)dinput).Slice(0, jCount));", rows, StringComparison.Ordinal);
        string shifted = GeneratorHarness.Section(code, "private static double ShiftedReverse(", "ShiftedTangent(");
        Assert.Contains("if (y.Length - from > 0)", shifted, StringComparison.Ordinal);
        Assert.Contains("global::AdGen.SpanMath.AddScalar<double>(ds * c, dx.Slice(from, y.Length - from));", shifted, StringComparison.Ordinal);
        Assert.Contains("global::AdGen.SpanMath.AddScaled<double>(y.Slice(from, y.Length - from), -ds, dw.Slice(from + 1, y.Length - from));", shifted, StringComparison.Ordinal);
        Assert.DoesNotContain("SpanMath", GeneratorHarness.Section(code, "private static double RowsTwinReverse(", "RowsTwinTangent("), StringComparison.Ordinal);
        Assert.DoesNotContain("SpanMath", GeneratorHarness.Section(code, "private static double ShiftedTwinReverse(", "ShiftedTwinTangent("), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    public void Rows_gradients_equal_the_loops_bit_for_bit(int seed, int units)
    {
        var random = new Random(seed);
        int width = 19;
        double[] weights = Values(random, Math.Max(units, 1) * width);
        double[] input = Values(random, width);
        (double[] dweights, double[] dinput) = RowsGradient("RowsGradient", weights, input, units);
        (double[] twinWeights, double[] twinInput) = RowsGradient("RowsTwinGradient", weights, input, units, twin: true);
        Assert.Equal(twinWeights, dweights);
        Assert.Equal(twinInput, dinput);

        // And against central differences.
        var value = Method("Rows").CreateDelegate<RowsValue>();
        for (int i = 0; i < weights.Length; i += 5)
        {
            Assert.Equal(Differences.Central(at => value(at, input, units), weights, i), dweights[i], 6);
        }
    }

    [Theory]
    [InlineData(1, 0, 9)]
    [InlineData(2, 3, 17)]
    [InlineData(3, 9, 9)]
    [InlineData(4, 12, 9)]
    public void Shifted_gradients_equal_the_loops_bit_for_bit_also_for_empty_ranges(int seed, int from, int length)
    {
        var random = new Random(seed);
        double[] x = Values(random, length), w = Values(random, length + 1), y = Values(random, length);
        var gradient = Method("ShiftedGradient").CreateDelegate<ShiftedGradient>();
        var twin = Method("ShiftedTwinGradient").CreateDelegate<ShiftedTwinGradient>();
        double[] dx = new double[x.Length], dw = new double[w.Length], tx = new double[x.Length], tw = new double[w.Length];
        Assert.Equal(twin(x, w, y, 0.75, from, new[] { 1.0 }, tx, tw), gradient(x, w, y, 0.75, from, dx, dw));
        Assert.Equal(tx, dx);
        Assert.Equal(tw, dw);
        Assert.Equal(from < length, dw.Any(static g => g != 0));
    }

    private static (double[] Weights, double[] Input) RowsGradient(string name, double[] weights, double[] input, int units, bool twin = false)
    {
        double[] dweights = new double[weights.Length], dinput = new double[input.Length];
        if (twin)
        {
            Method(name).CreateDelegate<RowsTwinGradientCall>()(weights, input, units, new[] { 1.0 }, dweights, dinput);
        }
        else
        {
            Method(name).CreateDelegate<RowsGradientCall>()(weights, input, units, dweights, dinput);
        }

        return (dweights, dinput);
    }

    private static double[] Values(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private static MethodInfo Method(string name) => Compiled.Value.GetMethod(name)!;

    private delegate double RowsValue(double[] weights, double[] input, int units);

    private delegate double RowsGradientCall(double[] weights, double[] input, int units, Span<double> dweights, Span<double> dinput);

    private delegate double RowsTwinGradientCall(double[] weights, double[] input, int units, double[] one, Span<double> dweights, Span<double> dinput);

    private delegate double ShiftedTwinGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> y, double c, int from, double[] one, Span<double> dx, Span<double> dw);

    private delegate double ShiftedGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> y, double c, int from, Span<double> dx, Span<double> dw);
}
