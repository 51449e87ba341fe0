using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// TensorPrimitives.Dot, Sum and SumOfSquares over spans, arrays and their slices: forward mode calls TensorPrimitives
/// again, reverse mode adds multiples of the operands into their adjoints with one vectorised call each. Checked
/// against central differences, the forward/reverse identity and values derived by hand.
/// </summary>
public sealed class SpanReductionTests
{
    private const string Source = """
        using System;
        using System.Numerics.Tensors;
        using AdGen;
        public static partial class R
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

            [Differentiable]
            public static double Mixed(ReadOnlySpan<double> x)
            {
                double squares = TensorPrimitives.Dot(x, x);
                double tail = TensorPrimitives.Sum(x.Slice(1));
                return squares * tail + TensorPrimitives.SumOfSquares(x.Slice(1, 2));
            }

            // (Before C# 14, a Span or an array argument needs the type argument spelled out: Dot<double>.)
            // A small ReLU layer: weight rows are slices, the input carries no derivative, the hidden span is overwritten
            // every round and read by a dot product whose adjoint needs its values of that round.
            [Differentiable]
            public static double Layer(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> input, int rounds)
            {
                int units = bias.Length;
                int width = input.Length;
                Span<double> hidden = stackalloc double[4];
                double total = 0;
                for (int r = 1; r <= rounds; r++)
                {
                    for (int j = 0; j < units; j++)
                    {
                        double activation = bias[j] + r * TensorPrimitives.Dot(weights.Slice(j * width, width), input);
                        hidden[j] = Math.Max(activation, 0.0);
                    }

                    total += TensorPrimitives.Dot<double>(hidden.Slice(0, units), bias) / r;
                }

                return total;
            }

            [Differentiable]
            public static double Arrays(double[] a, double[] b) => TensorPrimitives.Dot<double>(a.AsSpan(1, 2), b.AsSpan(0, 2)) * TensorPrimitives.Sum<double>(a);

            // Reductions in a condition and behind StopGradient carry no derivative.
            [Differentiable]
            public static double Guarded(ReadOnlySpan<double> x) =>
                TensorPrimitives.Sum(x) > 0 ? TensorPrimitives.SumOfSquares(x) : -AdMath.StopGradient(TensorPrimitives.Sum(x)) * x[0];

            [Differentiable]
            public static float Single(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => TensorPrimitives.Dot(x, y) + 0.5f * TensorPrimitives.SumOfSquares(y);
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("R")!);

    private static readonly Lazy<string> Code = new(() => GeneratorHarness.Run(Source).GeneratedCode);

    [Fact]
    public void Forward_mode_calls_TensorPrimitives_and_reverse_mode_one_vectorised_call_per_operand()
    {
        string code = Code.Value;
        Assert.Contains("double squares = global::System.Numerics.Tensors.TensorPrimitives.Dot<double>(x, x);", code, StringComparison.Ordinal);
        Assert.Contains("double dsquares = 2.0 * global::System.Numerics.Tensors.TensorPrimitives.Dot<double>(x, dx);", code, StringComparison.Ordinal);
        Assert.Contains("global::System.Numerics.Tensors.TensorPrimitives.Sum<double>(dx.Slice(1, x.Length - 1))", code, StringComparison.Ordinal);
        Assert.Contains("global::AdGen.SpanMath.AddScaled<double>(input.Slice(0, width), ddot, dweights.Slice(j * width, width));", code, StringComparison.Ordinal);
        Assert.DoesNotContain("dinput", code, StringComparison.Ordinal);

        // A dot product is as long as its spans: the layer tapes it rather than computing it again in the reverse sweep.
        Assert.DoesNotContain("recompute this iteration's values instead of taping them\n                dot = ", code.Replace("\r", string.Empty), StringComparison.Ordinal);
        Assert.Contains("dot = tape.PopDouble();", code, StringComparison.Ordinal);
        Assert.Contains("((global::System.ReadOnlySpan<double>)a).Slice(1, 2)", code, StringComparison.Ordinal);
        Assert.Contains("float ddot = global::System.Numerics.Tensors.TensorPrimitives.Dot(dx, y) + global::System.Numerics.Tensors.TensorPrimitives.Dot(x, dy);", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Hand_derived_gradient_of_a_dot_product_with_itself_and_slices()
    {
        // f = (x·x)·Σx[1..] + x1² + x2²: ∂f/∂x_i = 2x_i·S + (x·x)·[i ≥ 1] + 2x_i·[i ∈ {1, 2}].
        double[] x = { 0.5, -1.25, 2.0, 3.0 };
        double squares = x.Sum(static v => v * v);
        double tail = x.Skip(1).Sum();
        double[] expected = x.Select((v, i) => 2 * v * tail + (i >= 1 ? squares : 0) + (i is 1 or 2 ? 2 * v : 0)).ToArray();
        var gradient = new double[x.Length];
        double value = Method("MixedGradient").CreateDelegate<SpanGradient>()(x, gradient);
        Assert.Equal(Method("Mixed").CreateDelegate<SpanValue>()(x), value);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], gradient[i], 12);
        }

        var direction = new double[] { 1, -2, 0.5, 3 };
        (double _, double tangent) = Method("MixedTangent").CreateDelegate<SpanTangent>()(x, direction);
        Assert.Equal(expected.Zip(direction, static (g, v) => g * v).Sum(), tangent, 11);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Layer_gradient_matches_central_differences_and_the_tangent(int seed)
    {
        var random = new Random(seed);
        int units = 3, width = 5;
        double[] weights = Random(random, units * width);
        double[] bias = Random(random, units);
        double[] input = Random(random, width);
        var value = Method("Layer").CreateDelegate<LayerValue>();
        var dweights = new double[weights.Length];
        var dbias = new double[bias.Length];
        double result = Method("LayerGradient").CreateDelegate<LayerGradient>()(weights, bias, input, 3, dweights, dbias);
        Assert.Equal(value(weights, bias, input, 3), result);

        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal(Differences.Central(w => value(w, bias, input, 3), weights, i), dweights[i], 6);
        }

        for (int i = 0; i < bias.Length; i++)
        {
            Assert.Equal(Differences.Central(b => value(weights, b, input, 3), bias, i), dbias[i], 6);
        }

        Assert.Contains(dweights, static g => g != 0);
        double[] vw = Random(random, weights.Length), vb = Random(random, bias.Length);
        (double tangentValue, double tangent) = Method("LayerTangent").CreateDelegate<LayerTangent>()(weights, bias, input, 3, vw, vb);
        double expected = dweights.Zip(vw, static (g, v) => g * v).Sum() + dbias.Zip(vb, static (g, v) => g * v).Sum();
        Assert.Equal(expected, tangent, 10);
        Assert.Equal(result, tangentValue);
    }

    [Fact]
    public void Arrays_and_floats_get_hand_derived_gradients()
    {
        double[] a = { 0.3, -0.7, 1.1 }, b = { 2.0, -0.5, 4.0 };
        var da = new double[3];
        var db = new double[3];
        Method("ArraysGradient").CreateDelegate<ArraysGradient>()(a, b, da, db);
        // Dot(a[1..3], b[0..2])·Σa, by hand.
        double dot = a[1] * b[0] + a[2] * b[1], sum = a.Sum();
        double[] expectedA = { dot, b[0] * sum + dot, b[1] * sum + dot }, expectedB = { a[1] * sum, a[2] * sum, 0 };
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expectedA[i], da[i], 12);
            Assert.Equal(expectedB[i], db[i], 12);
        }

        float[] x = { 1.5f, -2f, 0.25f }, y = { 0.5f, 3f, -1f };
        var dx = new float[3];
        var dy = new float[3];
        Method("SingleGradient").CreateDelegate<SingleGradient>()(x, y, dx, dy);
        Assert.Equal(y, dx);
        Assert.Equal(x.Zip(y, static (p, q) => p + q), dy);
    }

    [Fact]
    public void Reductions_in_a_condition_or_stopped_carry_no_derivative()
    {
        var gradient = Method("GuardedGradient").CreateDelegate<SpanGradient>();
        double[] positive = { 1.5, -0.5, 2.0 }, negative = { -1.5, 0.5, -2.0 };
        var dx = new double[3];
        Assert.Equal(1.5 * 1.5 + 0.25 + 4.0, gradient(positive, dx));
        Assert.Equal(new[] { 3.0, -1.0, 4.0 }, dx);

        // -S·x0 with S = Σx stopped: ∂/∂x0 = -S, nothing else.
        Assert.Equal(-(-3.0) * -1.5, gradient(negative, dx));
        Assert.Equal(new[] { 3.0, 0.0, 0.0 }, dx);
        (double _, double tangent) = Method("GuardedTangent").CreateDelegate<SpanTangent>()(negative, new[] { 1.0, 1.0, 1.0 });
        Assert.Equal(3.0, tangent);
    }

    [Fact]
    public void An_operand_that_is_not_a_span_variable_or_its_slice_gets_ADG0006_at_the_argument()
    {
        const string bad = """
            using System;
            using System.Numerics.Tensors;
            using AdGen;
            public static partial class Bad
            {
                private static ReadOnlySpan<double> Tail(ReadOnlySpan<double> x) => x.Slice(1);

                [Differentiable]
                public static double Ranged(ReadOnlySpan<double> x) => TensorPrimitives.Dot(x[1..], x.Slice(0, x.Length - 1));

                [Differentiable]
                public static double Called(ReadOnlySpan<double> x) => TensorPrimitives.Sum(Tail(x));

                [Differentiable]
                public static double Other(ReadOnlySpan<double> x) => TensorPrimitives.Max(x);
            }
            """;
        var diagnostics = GeneratorHarness.Run(bad).Diagnostics.Where(static d => d.Id.StartsWith("ADG0", StringComparison.Ordinal)).ToList();
        Microsoft.CodeAnalysis.Diagnostic ranged = Assert.Single(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'x[1..]'", StringComparison.Ordinal));
        Assert.Equal("ADG0006", ranged.Id);
        Assert.Contains("Slice(start, length)", ranged.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(diagnostics, static d => d.Id == "ADG0006" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'Tail(x)' of TensorPrimitives.Sum", StringComparison.Ordinal));
        Assert.Contains(diagnostics, static d => d.Id == "ADG0007" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("TensorPrimitives.Max", StringComparison.Ordinal));
        Assert.Equal(3, diagnostics.Count);
    }

    private static double[] Random(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private static MethodInfo Method(string name) => Compiled.Value.GetMethod(name)!;

    // Spans cannot be boxed: each method is called through a delegate of its exact signature.
    private delegate double SpanValue(ReadOnlySpan<double> x);

    private delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> dx);

    private delegate (double Value, double Tangent) SpanTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dx);

    private delegate double LayerValue(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> input, int rounds);

    private delegate double LayerGradient(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> input, int rounds, Span<double> dweights, Span<double> dbias);

    private delegate (double Value, double Tangent) LayerTangent(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> input, int rounds, ReadOnlySpan<double> dweights, ReadOnlySpan<double> dbias);

    private delegate double ArraysGradient(double[] a, double[] b, Span<double> da, Span<double> db);

    private delegate float SingleGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dx, Span<float> dy);
}
