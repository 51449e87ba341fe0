using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// The factors that hold still in a loop (the sum's adjoint, a parameter, a constant) leave the adjoint sums it
/// accumulates and multiply each sum once after it. The oracles: central differences, the forward/reverse identity
/// ∇f·v = tangent, gradients derived by hand (least squares, and call payoffs at their kinks), and the pullback's seed and
/// incoming adjoints.
/// </summary>
public sealed class InvariantFactorTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class F
        {
            [Differentiable]
            public static double LeastSquares(double a, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double loss = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = a * Math.Exp(-b * xs[i]) - ys[i];
                    loss += r * r;
                }

                return 0.5 * loss / xs.Length;
            }

            [Differentiable]
            public static float LeastSquaresSingle(float a, float b, [NoDerivative] float[] xs, [NoDerivative] float[] ys)
            {
                float loss = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    float r = a * MathF.Exp(-b * xs[i]) - ys[i];
                    loss += r * r;
                }

                return 0.5f * loss / xs.Length;
            }

            // Call payoffs: Math.Max's kink, whose rule (0.5 at a tie) is part of what the sums leave the factors out of.
            [Differentiable]
            public static double Calls(double spot, double strike, [NoDerivative] double[] growth)
            {
                double sum = 0;
                for (int p = 0; p < growth.Length; p++)
                {
                    sum += Math.Max(spot * growth[p] - strike, 0);
                }

                return 0.9 * sum / growth.Length;
            }

            // Each arm of a branch contributes to the sums.
            [Differentiable]
            public static double Huber(double a, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double loss = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = a * xs[i] + b - ys[i];
                    if (r * r <= 1.0)
                    {
                        loss += 0.5 * r * r;
                    }
                    else
                    {
                        loss += 2.0 * Math.Sqrt(r * r) - 1.5;
                    }
                }

                return loss / xs.Length;
            }

            // The inner loop's factor (the row's weight times the total's adjoint) changes from row to row.
            [Differentiable]
            public static double Rows(double a, double[] w, [NoDerivative] double[] x, int columns)
            {
                double total = 0;
                for (int r = 0; r < w.Length; r++)
                {
                    double row = 0;
                    for (int c = 0; c < columns; c++)
                    {
                        row += a * x[r * columns + c] * x[r * columns + c];
                        if (row > 50)
                        {
                            break;
                        }
                    }

                    total += w[r] * row;
                }

                return total;
            }

            // a's contributions carry different factors in the two arms (the sum's adjoint alone, and with 2, a and b):
            // a's sum leaves out the one they share, the sum's adjoint.
            [Differentiable]
            public static double Arms(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    if (xs[i] > 0)
                    {
                        s += a * xs[i];
                    }
                    else
                    {
                        s += a * a * b * xs[i];
                    }
                }

                return s;
            }

            // The square root's slope is guarded by a test of its adjoint against zero: that adjoint keeps its whole value,
            // while c's sum leaves out the loss's adjoint.
            [Differentiable]
            public static double Guarded(double a, double b, double c, [NoDerivative] double[] xs)
            {
                double loss = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    loss += Math.Sqrt(a * xs[i] * xs[i] + b) + c * xs[i];
                }

                return 2.0 * loss;
            }

            // The recurrence changes the sum's adjoint in every iteration: a's sum keeps it; b's leaves out a·a.
            [Differentiable]
            public static double Recurrence(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    if (xs[i] > 0)
                    {
                        s += a * xs[i];
                    }
                    else
                    {
                        s = 0.9 * s + a * a * b * xs[i];
                    }
                }

                return s;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("F")!);

    private static readonly Lazy<string> Code = new(() => GeneratorHarness.Run(Source).GeneratedCode);

    [Fact]
    public void The_sums_leave_the_factors_out_and_scale_once_after_the_loop()
    {
        string leastSquares = GeneratorHarness.Section(Code.Value, "private static double LeastSquaresReverse(", "LeastSquaresTangent(");
        Assert.Contains("// dloss, a and 2.0 do not change in the loop: the sums into da, db leave them out and are scaled once after it", leastSquares, StringComparison.Ordinal);
        Assert.Contains("double dr = r;", leastSquares, StringComparison.Ordinal);
        Assert.Contains("daUnscaled += dr * exp;", leastSquares, StringComparison.Ordinal);
        Assert.Contains("da += 2.0 * dloss * daUnscaled;", leastSquares, StringComparison.Ordinal);
        Assert.Contains("db += 2.0 * dloss * a * dbUnscaled;", leastSquares, StringComparison.Ordinal);

        string calls = GeneratorHarness.Section(Code.Value, "private static double CallsReverse(", "CallsTangent(");
        Assert.Contains("dspot += dsum * dspotUnscaled;", calls, StringComparison.Ordinal);

        // Per row, inside the outer loop's reverse sweep.
        string rows = GeneratorHarness.Section(Code.Value, "private static double RowsReverse(", "RowsTangent(");
        Assert.Contains("daUnscaled", rows, StringComparison.Ordinal);

        string arms = GeneratorHarness.Section(Code.Value, "private static double ArmsReverse(", "ArmsTangent(");
        Assert.Contains("daUnscaled += 2.0 * a * b * xs[i];", arms, StringComparison.Ordinal);
        Assert.Contains("da += ds * daUnscaled;", arms, StringComparison.Ordinal);
        Assert.Contains("db += ds * (a * a) * dbUnscaled;", arms, StringComparison.Ordinal);
        string guarded = GeneratorHarness.Section(Code.Value, "private static double GuardedReverse(", "GuardedTangent(");
        Assert.Contains("dc += dloss * dcUnscaled;", guarded, StringComparison.Ordinal);
        Assert.Contains("dsqrt == 0.0 ? 0.0 : dsqrt * ", guarded, StringComparison.Ordinal);

        string recurrence = GeneratorHarness.Section(Code.Value, "private static double RecurrenceReverse(", "RecurrenceTangent(");
        Assert.DoesNotContain("daUnscaled", recurrence, StringComparison.Ordinal);
        Assert.Contains("db += a * a * dbUnscaled;", recurrence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 1)]
    [InlineData(3, 7)]
    public void Least_squares_gradients_match_the_hand_derived_ones_differences_and_tangents(int seed, int n)
    {
        var random = new Random(seed);
        double[] xs = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 3).ToArray();
        double[] ys = xs.Select(x => 2 * Math.Exp(-0.7 * x) + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        double[] point = { 1.6 + random.NextDouble(), 0.4 + random.NextDouble() };
        object[] data = { xs, ys };

        double[] gradient = Gradient("LeastSquares", point, data);
        // By hand: r = a·e^(−b·x) − y, ∂f/∂a = Σ r·e^(−b·x) / n, ∂f/∂b = −Σ r·a·x·e^(−b·x) / n.
        double[] hand = new double[2];
        for (int i = 0; i < n; i++)
        {
            double e = Math.Exp(-point[1] * xs[i]);
            double r = point[0] * e - ys[i];
            hand[0] += r * e / n;
            hand[1] -= r * point[0] * xs[i] * e / n;
        }

        AssertClose(hand, gradient, 1e-13);
        AssertMatchesDifferences("LeastSquares", point, data, gradient, 1e-7);
        AssertMatchesTangents("LeastSquares", point, data, gradient, random);
    }

    [Fact]
    public void Floats_match_their_differences()
    {
        float[] xs = { 0.1f, 0.5f, 1.2f, 2.0f, 2.5f };
        float[] ys = { 1.8f, 1.4f, 0.9f, 0.5f, 0.35f };
        MethodInfo method = Method("LeastSquaresSingleGradient");
        object[] arguments = { 1.9f, 0.6f, xs, ys, 0f, 0f };
        method.Invoke(null, arguments);
        Func<float, float, double> f = (a, b) => (float)Method("LeastSquaresSingle").Invoke(null, new object[] { a, b, xs, ys })!;
        Assert.Equal((f(1.9f + 1e-2f, 0.6f) - f(1.9f - 1e-2f, 0.6f)) / 2e-2, (float)arguments[4], 2);
        Assert.Equal((f(1.9f, 0.6f + 1e-2f) - f(1.9f, 0.6f - 1e-2f)) / 2e-2, (float)arguments[5], 2);
    }

    [Fact]
    public void Call_payoffs_at_their_kinks_follow_the_rule()
    {
        // spot·g − strike is exactly 0 for the first and last paths, in the money for the second, out for the third.
        double[] growth = { 1.0, 1.5, 0.5, 1.0 };
        double[] gradient = Gradient("Calls", new[] { 2.0, 2.0 }, new object[] { growth });

        // d/dspot = 0.9/n · Σ rule·g: 0.5·1 + 1·1.5 + 0 + 0.5·1 = 2.5; d/dstrike = −0.9/n · (0.5 + 1 + 0 + 0.5).
        Assert.Equal(0.9 / 4 * 2.5, gradient[0], 15);
        Assert.Equal(-0.9 / 4 * 2.0, gradient[1], 15);
        AssertMatchesDifferences("Calls", new[] { 2.1, 1.7 }, new object[] { growth }, Gradient("Calls", new[] { 2.1, 1.7 }, new object[] { growth }), 1e-7);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Branches_nested_loops_and_shared_factors_match_their_differences(int seed)
    {
        var random = new Random(seed);
        double[] xs = Enumerable.Range(0, 30).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] ys = xs.Select(x => 0.8 * x + 0.3 + (random.NextDouble() - 0.5) * 3).ToArray();
        double[] point = { 0.7, 0.2 };
        AssertMatchesDifferences("Huber", point, new object[] { xs, ys }, Gradient("Huber", point, new object[] { xs, ys }), 1e-6);
        AssertMatchesTangents("Huber", point, new object[] { xs, ys }, Gradient("Huber", point, new object[] { xs, ys }), random);
        AssertMatchesDifferences("Arms", point, new object[] { xs }, Gradient("Arms", point, new object[] { xs }), 1e-6);
        AssertMatchesTangents("Arms", point, new object[] { xs }, Gradient("Arms", point, new object[] { xs }), random);
        AssertMatchesDifferences("Guarded", new[] { 1.5, 0.5, 0.3 }, new object[] { xs }, Gradient("Guarded", new[] { 1.5, 0.5, 0.3 }, new object[] { xs }), 1e-6);
        AssertMatchesDifferences("Recurrence", point, new object[] { xs }, Gradient("Recurrence", point, new object[] { xs }), 1e-6);

        // Rows: a and the span w; three rows of four, the second stopped early by its break.
        double[] x = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 2).ToArray();
        x[4] = 7;
        double[] w = { 0.5, -1.2, 2.0 };
        double[] dw = new double[3];
        Method("RowsGradient").CreateDelegate<RowsGradient>()(1.3, w, x, 4, out double da, dw);
        Func<double, double[], double> f = (a, weights) => (double)Method("Rows").Invoke(null, new object[] { a, weights, x, 4 })!;
        Assert.Equal((f(1.3 + 1e-6, w) - f(1.3 - 1e-6, w)) / 2e-6, da, 6);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(Differences.Central(at => f(1.3, at), w, r), dw[r], 6);
        }
    }

    [Fact]
    public void The_pullback_scales_by_its_seed_and_adds_to_what_the_adjoints_held()
    {
        double[] xs = { 0.2, 0.9, 1.7 };
        double[] ys = { 1.7, 1.1, 0.6 };
        double[] gradient = Gradient("LeastSquares", new[] { 1.8, 0.5 }, new object[] { xs, ys });
        object[] arguments = { 1.8, 0.5, xs, ys, -2.5, 1.0, 3.0 };
        Method("LeastSquaresPullback").Invoke(null, arguments);
        Assert.Equal(1.0 - 2.5 * gradient[0], (double)arguments[5], 14);
        Assert.Equal(3.0 - 2.5 * gradient[1], (double)arguments[6], 14);
    }

    [Fact]
    public void An_empty_loop_adds_nothing()
    {
        // Arms has a finite value on no data (0): its gradient is 0.
        double[] gradient = Gradient("Arms", new[] { 0.7, 0.2 }, new object[] { Array.Empty<double>() });
        Assert.Equal(new[] { 0.0, 0.0 }, gradient);
    }

    // A span parameter cannot go through reflection's Invoke.
    private delegate double RowsGradient(double a, double[] w, double[] x, int columns, out double da, Span<double> dw);

    /// <summary>The gradient of a method whose differentiable parameters are the scalars first, the data after.</summary>
    private static double[] Gradient(string name, double[] point, object[] data) => GeneratedMembers.Gradient(Compiled.Value, name, point, data);

    private static double Value(string name, double[] point, object[] data) => GeneratedMembers.Value(Compiled.Value, name, point, data);

    private static void AssertMatchesDifferences(string name, double[] point, object[] data, double[] gradient, double tolerance)
    {
        for (int i = 0; i < point.Length; i++)
        {
            double difference = Differences.Central(at => Value(name, at, data), point, i, 1e-6 * Math.Max(1, Math.Abs(point[i])));
            Assert.True(Math.Abs(difference - gradient[i]) <= tolerance * Math.Max(1, Math.Abs(difference)), name + ": ∂/∂x" + i + " " + gradient[i] + " against " + difference);
        }
    }

    private static void AssertMatchesTangents(string name, double[] point, object[] data, double[] gradient, Random random)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            double[] direction = point.Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double tangent = GeneratedMembers.Tangent(Compiled.Value, name, point, direction, data);
            double dot = gradient.Zip(direction, static (g, v) => g * v).Sum();
            Assert.True(Math.Abs(tangent - dot) <= 1e-12 * Math.Max(1, Math.Abs(dot)), name + ": tangent " + tangent + " against ∇f·v " + dot);
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(1, Math.Abs(expected[i])), "component " + i + ": " + actual[i] + " against " + expected[i]);
        }
    }

    private static MethodInfo Method(string name) => Compiled.Value.GetMethod(name)!;
}
