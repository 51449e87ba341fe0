using System;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// In a fused loop, a branch's reverse sweep moves into the branch, so each iteration tests its condition once; and a
/// product of an adjoint that only one branch sets moves into that branch. The moves must give the same derivatives,
/// and must not happen when something in between writes what the moved code reads.
/// </summary>
public sealed class FusedBranchesTests
{
    private const string Source = """
        using System;
        using AdGen;
        public static partial class M
        {
            [Differentiable]
            public static double Huber(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - c;
                    if (r * r <= 1.0)
                    {
                        s += 0.5 * r * r;
                    }
                    else
                    {
                        s += Math.Abs(r) - 0.5;
                    }

                    s += 0.1 * r;
                }

                return s;
            }

            [Differentiable]
            public static double Rescaled(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double u = x[i] * c;
                    if (x[i] > 0.0)
                    {
                        s += u;
                    }
                    else
                    {
                        s -= 0.5 * u;
                    }

                    u = 3.0 * u;
                    s += u * u;
                }

                return s;
            }

            [Differentiable]
            public static double HuberOfAbs(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - c;
                    double a = Math.Abs(r);
                    if (a <= 1.0)
                    {
                        s += 0.5 * r * r;
                    }
                    else
                    {
                        s += a - 0.5;
                    }

                    s += 0.1 * r;
                }

                return s;
            }

            [Differentiable]
            public static double HuberOfAbsRescaled(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - c;
                    double a = Math.Abs(r);
                    if (a <= 1.0)
                    {
                        s += 0.5 * r * r;
                    }
                    else
                    {
                        s += a - 0.5;
                    }

                    r = 2.0 * r;
                    s += r * r;
                }

                return s;
            }

            [Differentiable]
            public static double HuberOfAbsPlusAbs(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - c;
                    double a = Math.Abs(r);
                    if (a <= 1.0)
                    {
                        s += 0.5 * r * r;
                    }
                    else
                    {
                        s += a - 0.5;
                    }

                    a = 3.0 * a;
                    s += a;
                }

                return s;
            }

            [Differentiable]
            public static double HuberOfHalf(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - c;
                    double a = Math.Abs(r);
                    r = 0.5 * r;
                    if (a <= 1.0)
                    {
                        s += r * r;
                    }
                    else
                    {
                        s += a - 0.5;
                    }

                    s += 0.1 * r;
                }

                return s;
            }

            [Differentiable]
            public static double OutsideBand(double[] x, double c)
            {
                double s = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - c;
                    double a = Math.Abs(r);
                    if (a > 1.0)
                    {
                        s += a - 1.0;
                    }

                    s += 0.1 * r;
                }

                return s;
            }

            public static double OutsideBandAt(double[] x, double c, double[] dx, out double dc) => OutsideBandGradient(x, c, dx, out dc);

            public static double HuberOfHalfAt(double[] x, double c, double[] dx, out double dc) => HuberOfHalfGradient(x, c, dx, out dc);

            public static double HuberOfAbsPlusAbsAt(double[] x, double c, double[] dx, out double dc) => HuberOfAbsPlusAbsGradient(x, c, dx, out dc);

            public static double HuberOfAbsAt(double[] x, double c, double[] dx, out double dc) => HuberOfAbsGradient(x, c, dx, out dc);

            public static double HuberOfAbsRescaledAt(double[] x, double c, double[] dx, out double dc) => HuberOfAbsRescaledGradient(x, c, dx, out dc);

            public static double HuberAt(double[] x, double c, double[] dx, out double dc) => HuberGradient(x, c, dx, out dc);

            public static double RescaledAt(double[] x, double c, double[] dx, out double dc) => RescaledGradient(x, c, dx, out dc);
        }
        """;

    private static readonly double[] Point = { -1.5, -0.25, 0.4, 0.8, 2.75 };

    [Fact]
    public void TheBranchOfAFusedLoopIsTestedOnceAndItsReverseSweepIsInside()
    {
        string reverse = ReverseMethod("Huber");
        Assert.Single(Regex.Matches(reverse, Regex.Escape("if (r * r <= 1.0)")));
        Assert.Contains("// this branch's reverse sweep, while its condition is at hand", reverse, StringComparison.Ordinal);
    }

    [Fact]
    public void AMergedBranchGivesTheHandDerivedGradient()
    {
        AssertSumOverResiduals(
            "Huber",
            0.3,
            term: static r => (r * r <= 1.0 ? 0.5 * r * r : Math.Abs(r) - 0.5) + 0.1 * r,
            slope: static r => (r * r <= 1.0 ? r : Math.Sign(r)) + 0.1,
            digits: 14);
    }

    [Fact]
    public void ABranchWhoseAdjointIsRescaledLaterInTheIterationStaysWhereItIs()
    {
        // u = 3u after the branch: the reverse sweep of that update rescales u's adjoint, so the branch's own
        // contribution to it must come after, not inside the branch.
        string reverse = ReverseMethod("Rescaled");
        Assert.Equal(2, Regex.Matches(reverse, Regex.Escape("if (x[i] > 0.0)")).Count);
        Assert.DoesNotContain("this branch's reverse sweep", reverse, StringComparison.Ordinal);

        const double c = -0.7;
        (double value, double[] dx, double dc) = Gradient("Rescaled", c);
        double expectedValue = 0.0;
        double expectedDc = 0.0;
        for (int i = 0; i < Point.Length; i++)
        {
            double u = Point[i] * c;
            expectedValue += (Point[i] > 0.0 ? u : -0.5 * u) + 9 * u * u;
            double byU = (Point[i] > 0.0 ? 1.0 : -0.5) + 18 * u;
            Assert.Equal(c * byU, dx[i], 13);
            expectedDc += Point[i] * byU;
        }

        Assert.Equal(expectedValue, value, 13);
        Assert.Equal(expectedDc, dc, 12);
    }

    [Fact]
    public void AnAdjointOnlyOneBranchSetsIsScaledInsideThatBranch()
    {
        // |r| is taken before the branch, but only the else branch uses it: da is zero after the other one, so the
        // product with the sign of r moves into the else branch, where a hand-written gradient has it.
        string reverse = ReverseMethod("HuberOfAbs");
        int elseBranch = reverse.IndexOf("else", StringComparison.Ordinal);
        int product = reverse.IndexOf("dr += da * ", StringComparison.Ordinal);
        Assert.True(elseBranch >= 0 && product > elseBranch, reverse);
        Assert.Contains("// da is zero outside this branch: what it scales is added here", reverse, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(reverse, Regex.Escape("dr += da * ")));
        // The kink check of |r| stays outside the branch: the monitor counts r == 0 whichever branch runs.
        Assert.True(reverse.IndexOf("r == 0.0", StringComparison.Ordinal) > reverse.LastIndexOf("dr += da * ", StringComparison.Ordinal), reverse);

        AssertSumOverResiduals(
            "HuberOfAbs",
            0.3,
            term: static r => (Math.Abs(r) <= 1.0 ? 0.5 * r * r : Math.Abs(r) - 0.5) + 0.1 * r,
            slope: static r => (Math.Abs(r) <= 1.0 ? r : Math.Sign(r)) + 0.1,
            digits: 14);
    }

    [Fact]
    public void AnAdjointOnlyOneBranchSetsIsScaledInsideItWhenTheBranchIsReplayedFromTheTape()
    {
        // r = 2r after the branch keeps the branch apart from its reverse sweep (which reads r); the reverse sweep tests
        // the taped outcome, and the product da·sign(r), after the restore of r, moves into that test's else branch.
        string reverse = ReverseMethod("HuberOfAbsRescaled");
        Assert.Contains("if (tape.PopBoolean())", reverse, StringComparison.Ordinal);
        Assert.True(reverse.IndexOf("// da is zero outside this branch", StringComparison.Ordinal) > reverse.IndexOf("if (tape.PopBoolean())", StringComparison.Ordinal), reverse);

        AssertSumOverResiduals(
            "HuberOfAbsRescaled",
            -0.4,
            term: static r => (Math.Abs(r) <= 1.0 ? 0.5 * r * r : Math.Abs(r) - 0.5) + 4 * r * r,
            slope: static r => (Math.Abs(r) <= 1.0 ? r : Math.Sign(r)) + 8 * r,
            digits: 13);
    }

    [Fact]
    public void AProductStaysAfterTheBranchWhenItsAdjointIsNotZeroBeforeIt()
    {
        // a = 3a; s += a after the branch: a's adjoint is 3 before the branch is reversed, whichever branch ran, so
        // da·sign(r) must be added after the branch, not only inside the one that adds to da.
        string reverse = ReverseMethod("HuberOfAbsPlusAbs");
        Assert.DoesNotContain("is zero outside this branch", reverse, StringComparison.Ordinal);

        AssertSumOverResiduals(
            "HuberOfAbsPlusAbs",
            0.3,
            term: static r => (Math.Abs(r) <= 1.0 ? 0.5 * r * r : Math.Abs(r) - 0.5) + 3 * Math.Abs(r),
            slope: static r => (Math.Abs(r) <= 1.0 ? r : Math.Sign(r)) + 3 * Math.Sign(r),
            digits: 14);
    }

    [Fact]
    public void AnIfWithoutElseTakesTheProductOfTheAdjointItSets()
    {
        // max(|r| − 1, 0) written as a branch without else: da is zero when it is not taken, so da·sign(r) goes inside.
        string reverse = ReverseMethod("OutsideBand");
        Assert.Contains("// da is zero outside this branch: what it scales is added here", reverse, StringComparison.Ordinal);
        Assert.DoesNotContain("else", reverse, StringComparison.Ordinal);
        AssertSumOverResiduals(
            "OutsideBand",
            0.3,
            term: static r => (Math.Abs(r) > 1.0 ? Math.Abs(r) - 1.0 : 0.0) + 0.1 * r,
            slope: static r => (Math.Abs(r) > 1.0 ? Math.Sign(r) : 0.0) + 0.1,
            digits: 14);
    }

    [Fact]
    public void AProductStaysAfterWhatRescalesItsTargetBetween()
    {
        // r = r/2 between |r| and the branch: its reverse sweep halves r's adjoint and restores r after the branch is
        // reversed, so da·sign(r), which belongs to the r before halving, must be added after it, not in the branch.
        string reverse = ReverseMethod("HuberOfHalf");
        Assert.DoesNotContain("is zero outside this branch", reverse, StringComparison.Ordinal);

        AssertSumOverResiduals(
            "HuberOfHalf",
            -0.2,
            term: static r => (Math.Abs(r) <= 1.0 ? 0.25 * r * r : Math.Abs(r) - 0.5) + 0.05 * r,
            slope: static r => (Math.Abs(r) <= 1.0 ? 0.5 * r : Math.Sign(r)) + 0.05,
            digits: 14);
    }

    /// <summary>f = Σ term(x_i − c) for the methods above: ∂f/∂x_i = slope(r_i) and ∂f/∂c = −Σ slope(r_i).</summary>
    private static void AssertSumOverResiduals(string name, double c, Func<double, double> term, Func<double, double> slope, int digits)
    {
        (double value, double[] dx, double dc) = Gradient(name, c);
        double expectedValue = 0.0;
        double expectedDc = 0.0;
        for (int i = 0; i < Point.Length; i++)
        {
            double r = Point[i] - c;
            expectedValue += term(r);
            Assert.Equal(slope(r), dx[i], digits);
            expectedDc -= slope(r);
        }

        Assert.Equal(expectedValue, value, digits);
        Assert.Equal(expectedDc, dc, digits - 1);
    }

    private static string ReverseMethod(string name)
    {
        string code = GeneratorHarness.Run(Source).GeneratedCode;
        int start = code.IndexOf("private static double " + name + "Reverse(", StringComparison.Ordinal);
        Assert.True(start >= 0, "no reverse sweep for " + name);
        int end = code.IndexOf("public static", start, StringComparison.Ordinal);
        return code.Substring(start, end - start);
    }

    private static (double Value, double[] Dx, double Dc) Gradient(string name, double c)
    {
        MethodInfo gradient = GeneratorHarness.CompileAndLoad(Source).GetType("M")!.GetMethod(name + "At")!;
        object?[] arguments = { Point, c, new double[Point.Length], null };
        double value = (double)gradient.Invoke(null, arguments)!;
        return (value, (double[])arguments[2]!, (double)arguments[3]!);
    }
}
