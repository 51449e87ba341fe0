using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// A loop that only updates a running maximum or minimum (<c>m = Math.Max(m, x[i])</c>) is reversed without a tape:
/// the forward sweep records where m was last taken over, and the reverse sweep gives m's adjoint to that element and
/// to the ties after it. It must give the chain rule's values through the taped loop, tie for tie and NaN for NaN: each
/// method here has a twin whose extra statement <c>m = m + 0.0</c> keeps it on the general, taped path.
/// </summary>
public sealed class RunningExtremumTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class M
        {
            [Differentiable]
            public static double Max(ReadOnlySpan<double> x)
            {
                double m = x[0];
                for (int i = 1; i < x.Length; i++)
                {
                    m = Math.Max(m, x[i]);
                }

                return m;
            }

            [Differentiable]
            public static double MaxTaped(ReadOnlySpan<double> x)
            {
                double m = x[0];
                for (int i = 1; i < x.Length; i++)
                {
                    m = Math.Max(m, x[i]);
                    m = m + 0.0;
                }

                return m;
            }

            // Reads m before the loop: its old value must be back for that statement's reverse sweep.
            [Differentiable(MinTieWeight = 0.25)]
            public static double MinDownwards(ReadOnlySpan<double> x)
            {
                double m = x[x.Length - 1] * x[0];
                double before = m * m;
                for (int i = x.Length - 2; i >= 0; i--)
                {
                    m = Math.Min(m, x[i]);
                }

                return before + 3.0 * m;
            }

            [Differentiable(MinTieWeight = 0.25)]
            public static double MinDownwardsTaped(ReadOnlySpan<double> x)
            {
                double m = x[x.Length - 1] * x[0];
                double before = m * m;
                for (int i = x.Length - 2; i >= 0; i--)
                {
                    m = Math.Min(m, x[i]);
                    m = m + 0.0;
                }

                return before + 3.0 * m;
            }

            // Inside a branch, from an offset, over pairs: the index is not the counter itself.
            [Differentiable]
            public static double PairMax(ReadOnlySpan<double> x, int from)
            {
                double m = 0.0;
                if (from >= 0)
                {
                    m = x[from];
                    for (int k = from; k < x.Length - 1; k++)
                    {
                        m = Math.Max(m, x[k + 1]);
                    }
                }

                return m * x[0];
            }

            [Differentiable]
            public static double PairMaxTaped(ReadOnlySpan<double> x, int from)
            {
                double m = 0.0;
                if (from >= 0)
                {
                    m = x[from];
                    for (int k = from; k < x.Length - 1; k++)
                    {
                        m = Math.Max(m, x[k + 1]);
                        m = m + 0.0;
                    }
                }

                return m * x[0];
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    [Fact]
    public void TheLoopRecordsWhereItWasTakenOverInsteadOfTaping()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        string maxReverse = GeneratorHarness.Section(code, "private static double MaxReverse(", "private static double MaxTapedReverse(");
        Assert.DoesNotContain("tape", maxReverse, StringComparison.Ordinal);
        Assert.Contains("mTakenAt = i;", maxReverse, StringComparison.Ordinal);
        Assert.Contains("for (int i = x.Length - 1; i > mTakenAt; i--)", maxReverse, StringComparison.Ordinal);

        // Its twin keeps the tape (a block of it, a slot per iteration), so the comparisons below are with the general path.
        Assert.Contains("mTaped[i - 1] = mInLoop;", GeneratorHarness.Section(code, "private static double MaxTapedReverse(", "MaxTapedTangent("), StringComparison.Ordinal);
        Assert.Contains("mTakenAt = k;", GeneratorHarness.Section(code, "private static double PairMaxReverse(", "private static double PairMaxTapedReverse("), StringComparison.Ordinal);

        // m is read before the loop: saved and restored.
        string minReverse = GeneratorHarness.Section(code, "private static double MinDownwardsReverse(", "private static double MinDownwardsTapedReverse(");
        Assert.Contains("double mBefore = m;", minReverse, StringComparison.Ordinal);
        Assert.Contains("m = mBefore;", minReverse, StringComparison.Ordinal);
    }

    public static TheoryData<double[]> Points => new()
    {
        new[] { 1.0, 3.0, 2.0, 3.0, 3.0 },
        new[] { 3.0, 3.0, 3.0, 3.0 },
        new[] { 5.0, 1.0, 2.0, 4.0 },
        new[] { 1.0, 2.0, 3.0, 4.0, 5.0 },
        new[] { -0.0, 0.0, -0.0, 0.0 },
        new[] { 2.0, double.NaN, 1.0, 2.0 },
        new[] { 2.0, 1.0, 2.0, double.NaN },
        new[] { 4.0 },
        new[] { 0.25, -1.5, 0.25, 7.0, -1.5, 7.0, 0.25 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void GradientsAreTheTapedLoopsTieForTie(double[] x)
    {
        AssertSameGradient("Max", x, extra: null);
        AssertSameGradient("MinDownwards", x, extra: null);
        for (int from = -1; from < x.Length; from++)
        {
            AssertSameGradient("PairMax", x, extra: from);
        }
    }

    [Fact]
    public void TiesShareTheAdjointByTheRule()
    {
        // m: 1, then 3 takes over at 1; 2 stays below; ties at 3 and 4 split 0.5/0.5, the last tie first.
        Assert.Equal(new[] { 0.0, 0.25, 0.0, 0.25, 0.5 }, Gradient("Max", new[] { 1.0, 3.0, 2.0, 3.0, 3.0 }, null));

        // Counting down with MinTieWeight = 0.25: no take-over; the tie at x[0] gives it 0.75 of 3·∂m and m's start
        // x[3]·x[0] keeps 0.75, plus 2m from the square before the loop (m = 2 there).
        double[] x = { 2.0, 5.0, 2.5, 1.0 };
        double start = 0.25 * 3 + 2 * (x[3] * x[0]);
        double[] expected = { 0.75 * 3 + start * x[3], 0.0, 0.0, start * x[0] };
        Assert.Equal(expected, Gradient("MinDownwards", x, null));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ForwardModeAgreesAwayFromNaN(double[] x)
    {
        if (x.Any(double.IsNaN))
        {
            return;
        }

        // ∇f·v computed both ways, along a direction that weighs every element differently.
        double[] direction = x.Select(static (_, i) => 1.0 + 0.37 * i).ToArray();
        double[] gradient = Gradient("Max", x, null);
        var tangentOf = Compiled.Value.GetType("M")!.GetMethod("MaxTangent")!.CreateDelegate<TangentOfSpan>();
        (double Value, double Tangent) tangent = tangentOf(x, direction);
        Assert.Equal(gradient.Zip(direction, static (g, v) => g * v).Sum(), tangent.Tangent, 12);
    }

    private static void AssertSameGradient(string method, double[] x, int? extra)
    {
        double[] fast = Gradient(method, x, extra);
        double[] taped = Gradient(method + "Taped", x, extra);
        for (int i = 0; i < x.Length; i++)
        {
            // Bit for bit, NaN included; only the sign of a zero may differ (an adjoint that receives 0 is not touched).
            Assert.True(fast[i] == taped[i] || (double.IsNaN(fast[i]) && double.IsNaN(taped[i])), $"{method} at [{string.Join(", ", x)}] ({extra}): ∂/∂x[{i}] {fast[i]}, taped {taped[i]}");
        }
    }

    private static double[] Gradient(string method, double[] x, int? extra)
    {
        MethodInfo gradient = Compiled.Value.GetType("M")!.GetMethod(method + "Gradient")!;
        double[] result = new double[x.Length];
        InvokeWithSpans(gradient, x, extra, result);
        return result;
    }

    private static void InvokeWithSpans(MethodInfo gradient, double[] x, int? extra, double[] result)
    {
        // Spans cannot be boxed: call through a delegate of the exact signature.
        if (extra is int from)
        {
            var call = gradient.CreateDelegate<GradientWithIndex>();
            call(x, from, result);
        }
        else
        {
            var call = gradient.CreateDelegate<GradientOfSpan>();
            call(x, result);
        }
    }

    private delegate (double Value, double Tangent) TangentOfSpan(ReadOnlySpan<double> x, ReadOnlySpan<double> dx);

    private delegate double GradientOfSpan(ReadOnlySpan<double> x, Span<double> dx);

    private delegate double GradientWithIndex(ReadOnlySpan<double> x, int from, Span<double> dx);
}
