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
            double[] plus = (double[])weights.Clone(), minus = (double[])weights.Clone();
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            Assert.Equal((f(plus, bias, input) - f(minus, bias, input)) / 2e-6, dweights[i], 6);
        }

        double[] direction = Values(random, weights.Length), biasDirection = Values(random, units);
        (double _, double tangent) = Compiled.Value.GetMethod("LayerTangent")!.CreateDelegate<LayerTangent>()(weights, bias, input, direction, biasDirection);
        Assert.Equal(dweights.Zip(direction, static (g, v) => g * v).Sum() + dbias.Zip(biasDirection, static (g, v) => g * v).Sum(), tangent, 10);
    }

    [Fact]
    public void A_view_used_as_a_whole_or_written_into_a_parameter_gets_a_diagnostic()
    {
        const string bad = """
            using System;
            using AdGen;
            public static partial class Bad
            {
                [Differentiable]
                public static double Square(ReadOnlySpan<double> x) => x[0] * x[0];

                [Differentiable]
                public static double Whole(ReadOnlySpan<double> x)
                {
                    ReadOnlySpan<double> head = x.Slice(0, 2);
                    return Square(head);
                }

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
        Diagnostic whole = Assert.Single(diagnostics, static d => d.Id == "ADG0006");
        Assert.Contains("span view 'head' as a whole", whole.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("head", whole.Location.SourceTree!.GetText().ToString(whole.Location.SourceSpan));
        Diagnostic written = Assert.Single(diagnostics, static d => d.Id == "ADG0008");
        Assert.Contains("through a span view", written.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(diagnostics.Count == 2, string.Join("\n", diagnostics));
    }

    private static (double Value, double[] Weights, double[] Bias) Gradient(string name, double[] weights, double[] bias, double[] input)
    {
        double[] dweights = new double[weights.Length], dbias = new double[bias.Length];
        double value = Compiled.Value.GetMethod(name)!.CreateDelegate<LayerGradient>()(weights, bias, input, dweights, dbias);
        return (value, dweights, dbias);
    }

    private static double[] Values(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private delegate double LayerValue(ReadOnlySpan<double> weights, double[] bias, ReadOnlySpan<double> input);

    private delegate double LayerGradient(ReadOnlySpan<double> weights, double[] bias, ReadOnlySpan<double> input, Span<double> dweights, Span<double> dbias);

    private delegate (double Value, double Tangent) LayerTangent(ReadOnlySpan<double> weights, double[] bias, ReadOnlySpan<double> input, ReadOnlySpan<double> dweights, ReadOnlySpan<double> dbias);
}
