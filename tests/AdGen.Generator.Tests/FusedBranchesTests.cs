using System;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>
/// In a fused loop, a branch's reverse sweep moves into the branch, so each iteration tests its condition once. The
/// move must give the same derivatives, and must not happen when something between the two tests writes what the
/// branch's reverse sweep reads.
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
        const double c = 0.3;
        (double value, double[] dx, double dc) = Gradient("Huber", c);
        double expectedValue = 0.0;
        double expectedDc = 0.0;
        for (int i = 0; i < Point.Length; i++)
        {
            double r = Point[i] - c;
            expectedValue += (r * r <= 1.0 ? 0.5 * r * r : Math.Abs(r) - 0.5) + 0.1 * r;
            double slope = (r * r <= 1.0 ? r : Math.Sign(r)) + 0.1;
            Assert.Equal(slope, dx[i], 14);
            expectedDc -= slope;
        }

        Assert.Equal(expectedValue, value, 14);
        Assert.Equal(expectedDc, dc, 13);
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

    private static string ReverseMethod(string name)
    {
        string code = string.Concat(GeneratorHarness.Run(Source).GeneratedSources.Select(static s => s.Text));
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
