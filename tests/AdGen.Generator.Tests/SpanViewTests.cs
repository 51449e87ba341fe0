using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// Span locals that view part of a sequence (<c>ReadOnlySpan&lt;double&gt; row = w.Slice(j * n, n)</c>): their element
/// reads and writes, Length, foreach and TensorPrimitives operands become the viewed sequence's, at the start taken
/// where the view is declared. Each method has a twin that indexes the sequences directly: the gradients must be equal
/// bit for bit, and match central differences.
/// </summary>
public sealed class SpanViewTests
{
    private const string Source = """
        using System;
        using System.Numerics.Tensors;
        using AdGen;
        public static partial class S
        {
            [Differentiable]
            public static double Layer(ReadOnlySpan<double> weights, double[] bias, [NoDerivative] ReadOnlySpan<double> input)
            {
                int width = input.Length;
                Span<double> hidden = stackalloc double[8];
                double total = 0;
                for (int j = 0; j < bias.Length; j++)
                {
                    int offset = j * width;
                    ReadOnlySpan<double> row = weights.Slice(offset, width);
                    offset = -1; // the view keeps the start it was declared with
                    double z = bias[j];
                    for (int k = 0; k < row.Length; k++)
                    {
                        z += row[k] * input[k];
                    }

                    ReadOnlySpan<double> tail = row.Slice(1);
                    foreach (double w in tail)
                    {
                        z += 0.25 * w * w;
                    }

                    Span<double> unit = hidden.Slice(j, 1);
                    unit[0] = Math.Tanh(z);
                    unit[0] += 0.5 * TensorPrimitives.Dot<double>(tail, input.Slice(1));
                    total += hidden[j] * hidden[j];
                }

                return total;
            }

            [Differentiable]
            public static double Energy(ReadOnlySpan<double> v)
            {
                double e = 0;
                foreach (double a in v)
                {
                    e += a * a * a;
                }

                return e;
            }

            public static int Count(ReadOnlySpan<double> v) => v.Length;

            // Views and slices passed to a [Differentiable] method and to a plain one.
            [Differentiable]
            public static double Calls(ReadOnlySpan<double> x, double[] y)
            {
                ReadOnlySpan<double> middle = x.Slice(1, x.Length - 2);
                return Energy(middle) + Energy(x.Slice(0, 2)) * Energy(y.AsSpan(1)) + Count(middle);
            }

            [Differentiable]
            public static double Pair(ReadOnlySpan<double> x, int start)
            {
                ReadOnlySpan<double> pair = x.Slice(start, 2);
                return pair[0] * pair[1];
            }

            [Differentiable]
            public static double LayerTwin(ReadOnlySpan<double> weights, double[] bias, [NoDerivative] ReadOnlySpan<double> input)
            {
                int width = input.Length;
                Span<double> hidden = stackalloc double[8];
                double total = 0;
                for (int j = 0; j < bias.Length; j++)
                {
                    int offset = j * width;
                    double z = bias[j];
                    for (int k = 0; k < width; k++)
                    {
                        z += weights[offset + k] * input[k];
                    }

                    for (int k = 0; k < width - 1; k++)
                    {
                        double w = weights[offset + 1 + k];
                        z += 0.25 * w * w;
                    }

                    hidden[j] = Math.Tanh(z);
                    hidden[j] += 0.5 * TensorPrimitives.Dot<double>(weights.Slice(offset + 1, width - 1), input.Slice(1));
                    total += hidden[j] * hidden[j];
                }

                return total;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("S")!);

    [Theory]
    [InlineData(1, 3, 4)]
    [InlineData(2, 5, 7)]
    [InlineData(3, 1, 2)]
    public void Views_give_the_gradients_of_direct_indexing_bit_for_bit(int seed, int units, int width)
    {
        var random = new Random(seed);
        double[] weights = Values(random, units * width), bias = Values(random, units), input = Values(random, width);
        (double value, double[] dweights, double[] dbias) = Gradient("LayerGradient", weights, bias, input);
        (double twinValue, double[] twinWeights, double[] twinBias) = Gradient("LayerTwinGradient", weights, bias, input);
        Assert.Equal(twinValue, value);
        Assert.Equal(twinWeights, dweights);
        Assert.Equal(twinBias, dbias);

        var f = Compiled.Value.GetMethod("Layer")!.CreateDelegate<LayerValue>();
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal(Differences.Central(at => f(at, bias, input), weights, i), dweights[i], 6);
        }

        double[] direction = Values(random, weights.Length), biasDirection = Values(random, units);
        (double _, double tangent) = Compiled.Value.GetMethod("LayerTangent")!.CreateDelegate<LayerTangent>()(weights, bias, input, direction, biasDirection);
        Assert.Equal(dweights.Zip(direction, static (g, v) => g * v).Sum() + dbias.Zip(biasDirection, static (g, v) => g * v).Sum(), tangent, 10);
    }

    [Fact]
    public void Views_and_slices_passed_to_methods_get_hand_derived_derivatives()
    {
        // Energy(x[1..n-1]) + Energy(x[0..2])·Energy(y[1..]) + (n − 2), Energy(v) = Σ v³.
        double[] x = { 0.5, -1.5, 2.0, 0.25, 1.25 }, y = { 3.0, -0.5, 1.5 };
        double head = 0.5 * 0.5 * 0.5 + -1.5 * -1.5 * -1.5, tail = -0.5 * -0.5 * -0.5 + 1.5 * 1.5 * 1.5;
        double[] dx = new double[x.Length], dy = new double[y.Length];
        double value = Compiled.Value.GetMethod("CallsGradient")!.CreateDelegate<CallsGradient>()(x, y, dx, dy);
        Assert.Equal(Compiled.Value.GetMethod("Calls")!.CreateDelegate<CallsValue>()(x, y), value);
        double[] expectedX = x.Select((v, i) => (i is >= 1 and <= 3 ? 3 * v * v : 0) + (i < 2 ? 3 * v * v * tail : 0)).ToArray();
        double[] expectedY = y.Select((v, j) => j >= 1 ? head * 3 * v * v : 0).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expectedX[i], dx[i], 12);
        }

        for (int j = 0; j < y.Length; j++)
        {
            Assert.Equal(expectedY[j], dy[j], 12);
        }

        double[] vx = { 1, -1, 0.5, 2, -0.25 }, vy = { 0.75, 1, -2 };
        (double _, double tangent) = Compiled.Value.GetMethod("CallsTangent")!.CreateDelegate<CallsTangent>()(x, y, vx, vy);
        Assert.Equal(expectedX.Zip(vx, static (g, v) => g * v).Sum() + expectedY.Zip(vy, static (g, v) => g * v).Sum(), tangent, 11);
    }

    [Fact]
    public void A_view_out_of_range_throws_where_it_is_declared_in_every_mode()
    {
        double[] x = { 2.0, 3.0, 5.0 };
        var dx = new double[3];
        Assert.Equal(15.0, Compiled.Value.GetMethod("PairGradient")!.CreateDelegate<PairGradient>()(x, 1, dx));
        Assert.Equal(new[] { 0.0, 5.0, 3.0 }, dx);

        // Slice(2, 2) of three elements: the method throws, and so do its derivatives, at the view, not at a later read.
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled.Value.GetMethod("Pair")!.CreateDelegate<PairValue>()(x, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled.Value.GetMethod("PairGradient")!.CreateDelegate<PairGradient>()(x, 2, dx));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled.Value.GetMethod("PairTangent")!.CreateDelegate<PairTangent>()(x, 2, dx));
    }

    [Fact]
    public void A_write_through_a_view_of_a_parameter_gets_ADG0008()
    {
        const string bad = """
            using System;
            using AdGen;
            public static partial class Bad
            {
                [Differentiable]
                public static double Written(double[] x)
                {
                    Span<double> head = x.AsSpan(0, 2);
                    head[0] = 2.0 * x[1];
                    return x[0];
                }
            }
            """;
        var diagnostics = GeneratorHarness.Run(bad).Diagnostics.Where(static d => d.Id.StartsWith("ADG0", StringComparison.Ordinal)).ToList();
        Diagnostic written = Assert.Single(diagnostics);
        Assert.Equal("ADG0008", written.Id);
        Assert.Contains("'head[0]', an element of the parameter sequence 'x' through a span view", written.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static (double Value, double[] Weights, double[] Bias) Gradient(string name, double[] weights, double[] bias, double[] input)
    {
        double[] dweights = new double[weights.Length], dbias = new double[bias.Length];
        double value = Compiled.Value.GetMethod(name)!.CreateDelegate<LayerGradient>()(weights, bias, input, dweights, dbias);
        return (value, dweights, dbias);
    }

    private static double[] Values(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private delegate double PairValue(ReadOnlySpan<double> x, int start);

    private delegate double PairGradient(ReadOnlySpan<double> x, int start, Span<double> dx);

    private delegate (double Value, double Tangent) PairTangent(ReadOnlySpan<double> x, int start, ReadOnlySpan<double> dx);

    private delegate double CallsValue(ReadOnlySpan<double> x, double[] y);

    private delegate double CallsGradient(ReadOnlySpan<double> x, double[] y, Span<double> dx, Span<double> dy);

    private delegate (double Value, double Tangent) CallsTangent(ReadOnlySpan<double> x, double[] y, ReadOnlySpan<double> dx, ReadOnlySpan<double> dy);

    private delegate double LayerValue(ReadOnlySpan<double> weights, double[] bias, ReadOnlySpan<double> input);

    private delegate double LayerGradient(ReadOnlySpan<double> weights, double[] bias, ReadOnlySpan<double> input, Span<double> dweights, Span<double> dbias);

    private delegate (double Value, double Tangent) LayerTangent(ReadOnlySpan<double> weights, double[] bias, ReadOnlySpan<double> input, ReadOnlySpan<double> dweights, ReadOnlySpan<double> dbias);
}
