using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// A loop whose trip count is known before it runs keeps the values it tapes in blocks of the tape, a slot per
/// iteration (ReverseMode.TapeInBlocks). Each method has a twin with the same arithmetic whose bound is a variable
/// assigned twice, which the reverse sweep cannot trust, so the twin counts its iterations and pushes and pops each
/// value: gradients must be equal bit for bit, for ranges that start away from 0, are empty or run backwards, for
/// floats, and for loops whose reverse sweep calls methods that use blocks of their own.
/// </summary>
public sealed class TapeBlockTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class B
        {
            // Up from lo: an exponential and an overwritten state taped in every iteration.
            [Differentiable]
            public static double Up(double[] x, int lo, int hi)
            {
                double s = 0.5;
                double sum = 0;
                for (int i = lo; i < hi; i++)
                {
                    double e = Math.Exp(x[i] - s);
                    s = Math.Sin(s + e * x[i]);
                    sum += e * s;
                }

                return sum + s * s;
            }

            [Differentiable]
            public static double UpTwin(double[] x, int lo, int hi)
            {
                int top = lo;
                top = hi;
                double s = 0.5;
                double sum = 0;
                for (int i = lo; i < top; i++)
                {
                    double e = Math.Exp(x[i] - s);
                    s = Math.Sin(s + e * x[i]);
                    sum += e * s;
                }

                return sum + s * s;
            }

            // Down to lo inclusive, Horner-like, and a local sequence overwritten element by element.
            [Differentiable]
            public static double Down(double[] x, int lo, int hi)
            {
                Span<double> h = stackalloc double[x.Length];
                double p = 1;
                for (int i = hi; i >= lo; i--)
                {
                    p = Math.Tanh(p * x[i] + 0.25);
                    h[i] = Math.Max(p, 0.1 * p);
                }

                double sum = p;
                for (int i = 0; i < h.Length; i++)
                {
                    sum += h[i] * h[i];
                }

                return sum;
            }

            [Differentiable]
            public static double DownTwin(double[] x, int lo, int hi)
            {
                int bottom = hi;
                bottom = lo;
                Span<double> h = stackalloc double[x.Length];
                double p = 1;
                for (int i = hi; i >= bottom; i--)
                {
                    p = Math.Tanh(p * x[i] + 0.25);
                    h[i] = Math.Max(p, 0.1 * p);
                }

                double sum = p;
                for (int i = 0; i < h.Length; i++)
                {
                    sum += h[i] * h[i];
                }

                return sum;
            }

            // Up to hi inclusive, in float.
            [Differentiable]
            public static float Single(float[] x, int lo, int hi)
            {
                float s = 0.25f;
                for (int i = lo; i <= hi; i++)
                {
                    s = MathF.Cos(s * x[i]) + MathF.Log(1 + x[i] * x[i]);
                }

                return s;
            }

            [Differentiable]
            public static float SingleTwin(float[] x, int lo, int hi)
            {
                int top = lo;
                top = hi;
                float s = 0.25f;
                for (int i = lo; i <= top; i++)
                {
                    s = MathF.Cos(s * x[i]) + MathF.Log(1 + x[i] * x[i]);
                }

                return s;
            }

            // A helper with blocks of its own, called in a loop whose reverse sweep holds blocks while it calls the
            // helper's pullback; the outer loop also runs an inner loop with blocks, so it keeps its own pushes.
            [Differentiable]
            public static double Inner(double[] x, int lo, int hi)
            {
                double p = 1;
                for (int i = lo; i < hi; i++)
                {
                    p = Math.Cos(p * x[i]);
                }

                return p;
            }

            [Differentiable]
            public static double Outer(double[] x, int lo, int hi)
            {
                double t = 0.1;
                for (int k = lo; k < hi; k++)
                {
                    t = Math.Sin(t + Inner(x, k, hi));
                }

                double total = t;
                for (int k = lo; k < hi; k++)
                {
                    double q = 0.5;
                    for (int j = lo; j <= k; j++)
                    {
                        q = Math.Exp(-q * x[j] * x[j]);
                    }

                    total += q * x[k];
                }

                return total;
            }

            [Differentiable]
            public static double OuterTwin(double[] x, int lo, int hi)
            {
                int top = lo;
                top = hi;
                double t = 0.1;
                for (int k = lo; k < top; k++)
                {
                    t = Math.Sin(t + Inner(x, k, hi));
                }

                double total = t;
                for (int k = lo; k < top; k++)
                {
                    double q = 0.5;
                    int last = lo;
                    last = k;
                    for (int j = lo; j <= last; j++)
                    {
                        q = Math.Exp(-q * x[j] * x[j]);
                    }

                    total += q * x[k];
                }

                return total;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("B")!);

    private delegate double Value(double[] x, int lo, int hi);

    private delegate double Gradient(double[] x, int lo, int hi, Span<double> dx);

    private delegate float SingleGradient(float[] x, int lo, int hi, Span<float> dx);

    [Fact]
    public void Loops_with_known_counts_tape_in_blocks_and_the_twins_push()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        string up = GeneratorHarness.Section(code, "private static double UpReverse(", "UpTangent(");
        Assert.Contains("// the values of e, s before each iteration, in a block of the tape each (a slot per iteration) instead of a push per iteration", up, StringComparison.Ordinal);
        Assert.Contains("double[] eTaped = tape.PushBlock((long)hi - lo);", up, StringComparison.Ordinal);
        Assert.Contains("eTaped[i - lo] = e;", up, StringComparison.Ordinal);
        Assert.Contains("tape.PopBlocks(2);", up, StringComparison.Ordinal);
        Assert.DoesNotContain("PopDouble", up, StringComparison.Ordinal);
        Assert.Contains("tape.PushBlock((long)hi - lo + 1)", GeneratorHarness.Section(code, "private static double DownReverse(", "DownTangent("), StringComparison.Ordinal);
        Assert.Contains("(float)", GeneratorHarness.Section(code, "private static float SingleReverse(", "SingleTangent("), StringComparison.Ordinal);

        // The outer loop of the second sweep keeps its pushes (its inner loop has blocks); the inner loop has blocks.
        string outer = GeneratorHarness.Section(code, "private static double OuterReverse(", "OuterTangent(");
        Assert.Contains("tape.PopDouble()", outer, StringComparison.Ordinal);
        Assert.Contains("tape.PeekBlock(0)", outer, StringComparison.Ordinal);
        foreach (string twin in new[] { "UpTwin", "DownTwin", "OuterTwin" })
        {
            Assert.DoesNotContain("Block", GeneratorHarness.Section(code, "private static double " + twin + "Reverse(", twin + "Tangent("), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Block", GeneratorHarness.Section(code, "private static float SingleTwinReverse(", "SingleTwinTangent("), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Up", 0, 12)]
    [InlineData("Up", 3, 10)]
    [InlineData("Up", 4, 4)]
    [InlineData("Up", 9, 2)]
    [InlineData("Down", 0, 11)]
    [InlineData("Down", 2, 9)]
    [InlineData("Down", 5, 5)]
    [InlineData("Down", 7, 3)]
    [InlineData("Outer", 0, 6)]
    [InlineData("Outer", 2, 7)]
    [InlineData("Outer", 5, 5)]
    public void Gradients_equal_the_twins_bit_for_bit_and_central_differences(string name, int lo, int hi)
    {
        var random = new Random(lo * 31 + hi);
        double[] x = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
        var gradient = Method(name + "Gradient").CreateDelegate<Gradient>();
        double[] dx = new double[x.Length], twin = new double[x.Length];
        Tape tape = Tape.Current;
        (int values, int integers, int blocks) = (tape.ValueCount, tape.IntegerCount, tape.BlockCount);
        double result = gradient(x, lo, hi, dx);
        Assert.Equal((values, integers, blocks), (tape.ValueCount, tape.IntegerCount, tape.BlockCount));
        Assert.Equal(Method(name + "TwinGradient").CreateDelegate<Gradient>()(x, lo, hi, twin), result);
        Assert.Equal(twin, dx);

        var value = Method(name).CreateDelegate<Value>();
        Assert.Equal(value(x, lo, hi), result);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Differences.Central(at => value(at, lo, hi), x, i), dx[i], 6);
        }
    }

    [Theory]
    [InlineData(0, 9)]
    [InlineData(2, 6)]
    [InlineData(6, 2)]
    public void Float_gradients_equal_the_twins_bit_for_bit(int lo, int hi)
    {
        float[] x = Enumerable.Range(0, 10).Select(i => 0.3f * MathF.Sin(i + 1)).ToArray();
        float[] dx = new float[x.Length], twin = new float[x.Length];
        float result = Method("SingleGradient").CreateDelegate<SingleGradient>()(x, lo, hi, dx);
        Assert.Equal(Method("SingleTwinGradient").CreateDelegate<SingleGradient>()(x, lo, hi, twin), result);
        Assert.Equal(twin, dx);
        Assert.Equal(lo <= hi, dx.Any(static g => g != 0));
    }

    [Fact]
    public void Blocks_grow_for_longer_loops_and_then_allocate_nothing()
    {
        var gradient = Method("UpGradient").CreateDelegate<Gradient>();
        var twin = Method("UpTwinGradient").CreateDelegate<Gradient>();
        foreach (int length in new[] { 8, 300, 40, 5000 })
        {
            var random = new Random(length);
            double[] x = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] dx = new double[length], expected = new double[length];
            twin(x, 0, length, expected);
            gradient(x, 0, length, dx);
            Assert.Equal(expected, dx);
            long before = GC.GetAllocatedBytesForCurrentThread();
            gradient(x, 0, length, dx);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static MethodInfo Method(string name) => Compiled.Value.GetMethod(name)!;
}
