using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// The last loop's sweeps are fused when what follows it gives its sums their adjoints from values known before it
/// runs. A factor computed after the loop from inputs alone (a discount) is computed before it, and the adjoint of
/// that factor, which reads the loop's sum, runs after the fused loop. Twins with the same arithmetic keep two sweeps
/// (the factor reads an element, which could throw, so it stays after the loop); a helper called after the loop with
/// the sum adds into the sum's adjoint, so that loop must not be fused.
/// </summary>
public sealed class FusionAfterLoopTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class F
        {
            [Differentiable]
            public static double Discounted(double spot, double rate, double time, double[] draws)
            {
                double drift = (rate - 0.02) * time;
                double sum = 0;
                for (int p = 0; p < draws.Length; p++)
                {
                    double terminal = spot * Math.Exp(drift + 0.3 * draws[p]);
                    sum += Math.Max(terminal - 1.0, 0);
                }

                double discount = Math.Exp(-rate * time);
                double scale = discount / draws.Length;
                return scale * sum + 0.1 * discount;
            }

            [Differentiable]
            public static double DiscountedTwin(double spot, double rate, double time, double[] draws, [NoDerivative] double[] one)
            {
                double drift = (rate - 0.02) * time;
                double sum = 0;
                for (int p = 0; p < draws.Length; p++)
                {
                    double terminal = spot * Math.Exp(drift + 0.3 * draws[p]);
                    sum += Math.Max(terminal - 1.0, 0);
                }

                double discount = Math.Exp(-rate * time) * one[0];
                double scale = discount / draws.Length;
                return scale * sum + 0.1 * discount;
            }

            // An integer division could throw: it stays after the loop, which throws first when n passes the end of x.
            [Differentiable]
            public static double Divided(double[] x, int n, int k)
            {
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += x[i] * x[i];
                }

                double scale = 1.0 / (n / k);
                return scale * sum;
            }

            [Differentiable]
            public static double Soft(double a, double b) => Math.Log(1 + Math.Exp(a * b));

            // The helper's pullback adds into the sum's adjoint, which the loop's reverse sweep reads.
            [Differentiable]
            public static double ThroughHelper(double spot, double rate, double[] draws)
            {
                double sum = 0;
                for (int p = 0; p < draws.Length; p++)
                {
                    sum += spot * draws[p] * draws[p];
                }

                double discount = Math.Exp(-rate);
                return discount * sum + Soft(sum, rate);
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("F")!);

    private delegate double DiscountedGradient(double spot, double rate, double time, double[] draws, out double dspot, out double drate, out double dtime, Span<double> ddraws);

    private delegate double DiscountedTwinGradient(double spot, double rate, double time, double[] draws, double[] one, out double dspot, out double drate, out double dtime, Span<double> ddraws);

    private delegate double ThroughHelperGradient(double spot, double rate, double[] draws, out double dspot, out double drate, Span<double> ddraws);

    [Fact]
    public void The_discount_moves_before_the_loop_and_its_adjoint_after_it()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        string discounted = GeneratorHarness.Section(code, "private static double DiscountedReverse(", "DiscountedTangent(");
        Assert.Contains("// the loop, each iteration followed by its reverse sweep", discounted, StringComparison.Ordinal);
        Assert.Contains("// the reverse sweep of what follows the loop that reads the loop's results", discounted, StringComparison.Ordinal);
        Assert.True(
            discounted.IndexOf("double discount = global::System.Math.Exp(-rate * time);", StringComparison.Ordinal) < discounted.IndexOf("for (int p = 0;", StringComparison.Ordinal),
            "the discount is computed before the loop");
        Assert.DoesNotContain("the loop, each iteration followed by its reverse sweep", GeneratorHarness.Section(code, "private static double DiscountedTwinReverse(", "DiscountedTwinTangent("), StringComparison.Ordinal);
        Assert.DoesNotContain("the loop, each iteration followed by its reverse sweep", GeneratorHarness.Section(code, "private static double ThroughHelperReverse(", "ThroughHelperTangent("), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 1)]
    [InlineData(3, 7)]
    public void Fused_gradients_equal_the_twins_and_central_differences(int seed, int paths)
    {
        var random = new Random(seed);
        double[] draws = Enumerable.Range(0, paths).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        (double spot, double rate, double time) = (1.1, 0.05, 0.8);
        double[] ddraws = new double[paths], twinDraws = new double[paths];
        double value = Method("DiscountedGradient").CreateDelegate<DiscountedGradient>()(spot, rate, time, draws, out double dspot, out double drate, out double dtime, ddraws);
        double twin = Method("DiscountedTwinGradient").CreateDelegate<DiscountedTwinGradient>()(spot, rate, time, draws, new[] { 1.0 }, out double tspot, out double trate, out double ttime, twinDraws);
        Assert.Equal(twin, value);

        // The fused loop adds the adjoints in the forward order, the twin's reverse loop in the opposite one.
        Assert.Equal(tspot, dspot, 12);
        Assert.Equal(trate, drate, 12);
        Assert.Equal(ttime, dtime, 12);
        for (int i = 0; i < paths; i++)
        {
            Assert.Equal(twinDraws[i], ddraws[i], 12);
        }

        Func<double[], double> f = x => (double)Method("Discounted").Invoke(null, new object[] { x[0], x[1], x[2], draws })!;
        double[] gradient = { dspot, drate, dtime };
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Differences.Central(f, new[] { spot, rate, time }, i), gradient[i], 6);
        }
    }

    [Fact]
    public void A_helper_reading_the_sum_after_the_loop_gets_its_share_of_the_gradient()
    {
        double[] draws = { 0.3, -0.7, 1.2, 0.05 };
        double[] ddraws = new double[draws.Length];
        Method("ThroughHelperGradient").CreateDelegate<ThroughHelperGradient>()(0.9, 0.2, draws, out double dspot, out double drate, ddraws);
        Func<double, double, double[], double> f = (spot, rate, x) => (double)Method("ThroughHelper").Invoke(null, new object[] { spot, rate, x })!;
        Assert.Equal((f(0.9 + 1e-6, 0.2, draws) - f(0.9 - 1e-6, 0.2, draws)) / 2e-6, dspot, 6);
        Assert.Equal((f(0.9, 0.2 + 1e-6, draws) - f(0.9, 0.2 - 1e-6, draws)) / 2e-6, drate, 6);
        for (int i = 0; i < draws.Length; i++)
        {
            Assert.Equal(Differences.Central(at => f(0.9, 0.2, at), draws, i), ddraws[i], 6);
        }
    }

    [Fact]
    public void What_could_throw_stays_after_the_loop()
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        string divided = GeneratorHarness.Section(code, "private static double DividedReverse(", "DividedTangent(");
        Assert.True(
            divided.IndexOf("double scale = 1.0 / (double)(n / k);", StringComparison.Ordinal) > divided.IndexOf("for (int i = 0;", StringComparison.Ordinal),
            "the integer division stays after the loop");
        var gradient = Method("DividedGradient").CreateDelegate<DividedGradient>();
        Assert.Throws<IndexOutOfRangeException>(() => gradient(new[] { 1.0, 2.0 }, 3, 0, new double[2]));
        Assert.Throws<IndexOutOfRangeException>(() => Method("Divided").CreateDelegate<Func<double[], int, int, double>>()(new[] { 1.0, 2.0 }, 3, 0));
        Assert.Throws<DivideByZeroException>(() => gradient(new[] { 1.0, 2.0 }, 2, 0, new double[2]));
    }

    private delegate double DividedGradient(double[] x, int n, int k, Span<double> dx);

    private static MethodInfo Method(string name) => Compiled.Value.GetMethod(name)!;
}
