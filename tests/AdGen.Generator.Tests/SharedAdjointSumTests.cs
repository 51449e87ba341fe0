using System;
using System.Linq;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// Adjoint sums that add the same value in every iteration once their factors are out share one sum: in
/// <c>a · exp(b + c · x)</c>, ∂a and ∂b both add <c>r · exp</c> (a factored out of ∂b). The oracles: gradients derived
/// by hand, the forward/reverse identity ∇f·v = tangent, central differences, and programs whose equal values sit in
/// different branches and must stay apart.
/// </summary>
public sealed class SharedAdjointSumTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class S
        {
            // A growth curve fitted by least squares: ∂a and ∂b share their sum.
            [Differentiable]
            public static double ExpFit(double a, double b, double c, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double loss = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = a * Math.Exp(b + c * xs[i]) - ys[i];
                    loss += r * r;
                }

                return 0.5 * loss;
            }

            // a and b multiply the same value in one statement: twins without any factor of their own.
            [Differentiable]
            public static double Both(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    s += (a + b) * Math.Exp(xs[i]);
                }

                return s;
            }

            // The same value goes to a in one arm and to b in the other: the sums must stay apart.
            [Differentiable]
            public static double Arms(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double e = Math.Exp(xs[i]);
                    if (xs[i] > 0)
                    {
                        s += a * e;
                    }
                    else
                    {
                        s += b * e;
                    }
                }

                return s;
            }

            // Skipped iterations: a's contribution comes before the continue, b's after it.
            [Differentiable]
            public static double Skips(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double e = Math.Exp(xs[i]);
                    s += b * e;
                    if (xs[i] > 0.5)
                    {
                        continue;
                    }

                    s += a * e;
                }

                return s;
            }

            // A break between b's contribution and a's: in the iteration that breaks, only b's is made.
            [Differentiable]
            public static double Stops(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double e = Math.Exp(xs[i]);
                    s += b * e;
                    if (xs[i] > 0.5)
                    {
                        break;
                    }

                    s += a * e;
                }

                return s;
            }

            // e is overwritten between the two uses: the same name, two values.
            [Differentiable]
            public static double Overwrites(double a, double b, [NoDerivative] double[] xs)
            {
                double s = 0;
                double e = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    e = Math.Exp(xs[i]);
                    s += b * e;
                    e = Math.Exp(2 * xs[i]);
                    s += a * e;
                }

                return s;
            }

            // c's values cannot be compared (e changes between its two uses); p and q, after it by name, still share.
            [Differentiable]
            public static double Mixed(double c, double p, double q, [NoDerivative] double[] xs)
            {
                double s = 0;
                double e = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    e = Math.Exp(xs[i]);
                    s += c * e;
                    e = Math.Exp(2 * xs[i]);
                    s += c * e + (p + q) * Math.Exp(3 * xs[i]);
                }

                return s;
            }
        }
        """;

    private static readonly Lazy<Type> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source).GetType("S")!);
    private static readonly Lazy<string> Code = new(() => GeneratorHarness.Run(Source).GeneratedCode);

    private static readonly double[] Xs = Enumerable.Range(0, 40).Select(static i => -1.0 + 0.05 * i).ToArray();
    private static readonly double[] Ys = Xs.Select(static x => 2.0 * Math.Exp(0.3 + 0.8 * x) + 0.1 * Math.Sin(7 * x)).ToArray();

    [Fact]
    public void TwinsShareOneSumAndSayWhichTheyShare()
    {
        string expFit = GeneratorHarness.Section(Code.Value, "private static double ExpFitReverse", "return result;");
        Assert.Contains("// db adds what da adds in every iteration: its sum is da's", expFit);
        Assert.Contains("db += ", expFit);
        Assert.DoesNotContain("dbUnscaled", expFit);
        Assert.Contains("dcUnscaled", expFit);

        Assert.Contains("// db adds what da adds in every iteration", GeneratorHarness.Section(Code.Value, "private static double BothReverse", "return result;"));
        Assert.DoesNotContain("adds in every iteration", GeneratorHarness.Section(Code.Value, "private static double ArmsReverse", "return result;"));
        Assert.DoesNotContain("adds in every iteration", GeneratorHarness.Section(Code.Value, "private static double SkipsReverse", "return result;"));
    }

    [Theory]
    [InlineData(2.0, 0.3, 0.8)]
    [InlineData(-1.5, 0.7, -0.4)]
    [InlineData(0.0, 0.1, 1.2)]
    public void ExpFitMatchesItsGradientByHand(double a, double b, double c)
    {
        double da = 0;
        double db = 0;
        double dc = 0;
        for (int i = 0; i < Xs.Length; i++)
        {
            double e = Math.Exp(b + c * Xs[i]);
            double r = a * e - Ys[i];
            da += r * e;
            db += r * a * e;
            dc += r * a * e * Xs[i];
        }

        double[] gradient = Gradient("ExpFit", new[] { a, b, c }, Xs, Ys);
        Assert.Equal(da, gradient[0], 1e-12 * (1 + Math.Abs(da)));
        Assert.Equal(db, gradient[1], 1e-12 * (1 + Math.Abs(db)));
        Assert.Equal(dc, gradient[2], 1e-12 * (1 + Math.Abs(dc)));
        AssertOracles("ExpFit", new[] { a, b, c }, Xs, Ys);
    }

    [Fact]
    public void SumsOfOneStatementMatchTheirGradientByHand()
    {
        double sum = Xs.Sum(Math.Exp);
        double[] gradient = Gradient("Both", new[] { 0.7, -0.2 }, Xs);
        Assert.Equal(sum, gradient[0], 1e-12);
        Assert.Equal(sum, gradient[1], 1e-12);
        AssertOracles("Both", new[] { 0.7, -0.2 }, Xs);
    }

    [Fact]
    public void EqualValuesInDifferentArmsStayApart()
    {
        double[] gradient = Gradient("Arms", new[] { 0.7, -0.2 }, Xs);
        Assert.Equal(Xs.Where(static x => x > 0).Sum(Math.Exp), gradient[0], 1e-12);
        Assert.Equal(Xs.Where(static x => x <= 0).Sum(Math.Exp), gradient[1], 1e-12);
        AssertOracles("Arms", new[] { 0.7, -0.2 }, Xs);
    }

    [Fact]
    public void EqualValuesAcrossAContinueStayApart()
    {
        double[] gradient = Gradient("Skips", new[] { 0.7, -0.2 }, Xs);
        Assert.Equal(Xs.Where(static x => x <= 0.5).Sum(Math.Exp), gradient[0], 1e-12);
        Assert.Equal(Xs.Sum(Math.Exp), gradient[1], 1e-12);
        AssertOracles("Skips", new[] { 0.7, -0.2 }, Xs);
    }

    [Fact]
    public void EqualValuesAcrossABreakStayApart()
    {
        int stop = Array.FindIndex(Xs, static x => x > 0.5);
        double[] gradient = Gradient("Stops", new[] { 0.7, -0.2 }, Xs);
        Assert.Equal(Xs.Take(stop).Sum(Math.Exp), gradient[0], 1e-12);
        Assert.Equal(Xs.Take(stop + 1).Sum(Math.Exp), gradient[1], 1e-12);
        AssertOracles("Stops", new[] { 0.7, -0.2 }, Xs);
        Assert.DoesNotContain("adds in every iteration", GeneratorHarness.Section(Code.Value, "private static double StopsReverse", "return result;"));
    }

    [Fact]
    public void AVariableOverwrittenBetweenTwoContributionsKeepsThemApart()
    {
        // Both sums add `e` in the reverse loop, which restores e from the tape between them.
        double[] gradient = Gradient("Overwrites", new[] { 0.7, -0.2 }, Xs);
        Assert.Equal(Xs.Sum(static x => Math.Exp(2 * x)), gradient[0], 1e-11);
        Assert.Equal(Xs.Sum(Math.Exp), gradient[1], 1e-12);
        AssertOracles("Overwrites", new[] { 0.7, -0.2 }, Xs);
        Assert.DoesNotContain("adds in every iteration", GeneratorHarness.Section(Code.Value, "private static double OverwritesReverse", "return result;"));
    }

    [Fact]
    public void ASumWhoseValuesCannotBeComparedLeavesTheOthersToShare()
    {
        double[] gradient = Gradient("Mixed", new[] { 0.7, -0.2, 1.1 }, Xs);
        Assert.Equal(Xs.Sum(static x => Math.Exp(x) + Math.Exp(2 * x)), gradient[0], 1e-11);
        Assert.Equal(Xs.Sum(static x => Math.Exp(3 * x)), gradient[1], 1e-11);
        Assert.Equal(Xs.Sum(static x => Math.Exp(3 * x)), gradient[2], 1e-11);
        AssertOracles("Mixed", new[] { 0.7, -0.2, 1.1 }, Xs);
        Assert.Contains("// dq adds what dp adds in every iteration", GeneratorHarness.Section(Code.Value, "private static double MixedReverse", "return result;"));
    }

    private static double[] Gradient(string name, double[] point, params object[] data) => GeneratedMembers.Gradient(Compiled.Value, name, point, data);

    /// <summary>Central differences, and ∇f·v against the tangent along a direction that weighs each input differently.</summary>
    private static void AssertOracles(string name, double[] point, params object[] data)
    {
        double[] gradient = Gradient(name, point, data);
        double F(double[] at) => GeneratedMembers.Value(Compiled.Value, name, at, data);
        for (int i = 0; i < point.Length; i++)
        {
            double difference = Differences.Central(F, point, i);
            Assert.Equal(difference, gradient[i], 1e-5 * (1 + Math.Abs(difference)));
        }

        double[] direction = point.Select(static (_, i) => 0.3 + 0.45 * i).ToArray();
        double expected = gradient.Zip(direction, static (g, v) => g * v).Sum();
        Assert.Equal(expected, GeneratedMembers.Tangent(Compiled.Value, name, point, direction, data), 1e-11 * (1 + Math.Abs(expected)));
    }
}
