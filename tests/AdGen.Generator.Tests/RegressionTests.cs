using System;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

/// <summary>Bugs found while building AdGen, each checked against central finite differences.</summary>
public class RegressionTests
{
    private static double[] Gradient(Assembly assembly, double[] x, double limit)
    {
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("ArrayGradient")!;
        var dx = new double[x.Length];
        gradient.Invoke(null, new object[] { x, limit, dx });
        return dx;
    }

    private static double[] FiniteDifferences(Assembly assembly, double[] x, double limit)
    {
        MethodInfo f = assembly.GetType("M")!.GetMethod("F")!;
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = Differences.Central(at => (double)f.Invoke(null, new object[] { at, limit })!, x, i);
        }

        return result;
    }

    [Theory]
    [InlineData("""
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0.0) { sum += 2.0 * x[i]; }
            else { if (sum > limit) { sum += 3.0 * x[i]; } else { sum += x[i] * x[i]; } }
        }
        return sum;
        """)]
    [InlineData("""
        double acc = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            acc = acc + x[i] * limit;
            if (acc > 100.0) { return acc * 0.5; }
        }
        return acc;
        """)]
    [InlineData("""
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            if (v < 0) continue;
            if (sum > 10 * limit) break;
            sum += v * v;
        }
        return sum;
        """)]
    public void NestedControlFlowInLoopsMatchesFiniteDifferencesAndLeavesTheTapeEmpty(string body)
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad(
            "using System; using AdGen; public static partial class M { [Differentiable] public static double F(double[] x, double limit) { " + body + " }"
            + " public static double ArrayGradient(double[] x, double limit, double[] dx) => FGradient(x, limit, dx, out _); }");
        double[] x = { 1, 2, 0.5, -1, 3, 30, 50, 3 };
        int valuesBefore = Tape.Current.ValueCount;
        int integersBefore = Tape.Current.IntegerCount;
        int blocksBefore = Tape.Current.BlockCount;
        double[] gradient = Gradient(assembly, x, 2.0);
        double[] expected = FiniteDifferences(assembly, x, 2.0);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(gradient[i] - expected[i]) < 1e-5, $"coordinate {i}: {gradient[i]} vs {expected[i]}");
        }

        Assert.Equal(valuesBefore, Tape.Current.ValueCount);
        Assert.Equal(integersBefore, Tape.Current.IntegerCount);
        Assert.Equal(blocksBefore, Tape.Current.BlockCount);
    }

    /// <summary>
    /// Found by the random-program property when adjoints began to be declared where they are used: the adjoint of
    /// <c>choice</c> gets no contribution (CopySign(0, choice) is flat in it), one branch reads it and the other only
    /// resets it. Declared in both branches, the second would be a local never read (CS0219 under warnings as errors).
    /// </summary>
    [Fact]
    public void AdjointThatOneBranchOnlyResetsStaysDeclaredOutsideTheBranch()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static float F(float b)
                {
                    float choice = b < 0f ? b : 0f;
                    return b + 0.5f * MathF.CopySign(0f, choice);
                }
            }
            """);
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("FGradient")!;
        object[] arguments = { -0.75f, 0f };
        gradient.Invoke(null, arguments);
        Assert.Equal(1f, (float)arguments[1]);
    }

    /// <summary>
    /// Found by the damaged-program property: the user's <c>+t &gt; t</c> compiles, but the lowering drops the unary
    /// plus, and the generated branch and its kink check read <c>t &gt; t</c> and <c>t == t</c>, which the compiler
    /// rejects under warnings as errors (CS1718). The same for a tie check of <c>Math.Max(t, t)</c>.
    /// </summary>
    [Fact]
    public void ValueComparedWithItselfStillCompiles()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double t, int n)
                {
                    double v = 0.0;
                    for (int i = 0; i < n; i++)
                    {
                        if (t >= 2.0 || +t > t)
                        {
                            continue;
                        }
                        v += t * t + Math.Max(t, +t);
                    }
                    return v;
                }
            }
            """);
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("FGradient")!;
        object[] arguments = { 1.5, 3, 0.0 };
        double value = (double)gradient.Invoke(null, arguments)!;
        Assert.Equal(3 * (2.25 + 1.5), value, 12);

        // d/dt (t² + max(t, t)) = 2t + 1 at every tie split (the two halves add up), three times.
        Assert.Equal(3 * (3.0 + 1.0), (double)arguments[2], 12);
    }

    /// <summary>
    /// Found by the damaged-program property: a local that nothing reads, set by a conditional of two constants. The
    /// user's code compiles cleanly, but the lowering turns it into <c>if</c> branches that assign only constants,
    /// which is CS0219 under warnings as errors. Unread pure locals are now dropped; the branch and its kink check stay.
    /// A conditional inside an expression (<c>-(c ? 3.0 : 2.75)</c>) goes to a temporary that only the unread local
    /// reads: dropped in a second round (seed 9QxZYeZjiEG2). So is an integer constant that only an unread local read
    /// (seed ey4vS3jp7Gd1).
    /// </summary>
    [Fact]
    public void UnreadLocalSetByAConditionalOfConstantsCompiles()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double a, double u)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        double unread = (-3.0 - i) > u ? (Math.E * -0.75) : -Math.PI;
                    }
                    double alsoUnread = u < 0.0 ? 1.5 : -2.0;
                    double negated = -(u < 0.75 ? 3.0 : 2.75);
                    int count = 2;
                    double readsCount = Math.Tanh(count - u);
                    return a * u;
                }
            }
            """);
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("FGradient")!;
        object[] arguments = { 1.25, -0.5, 0.0, 0.0 };
        Assert.Equal(-0.625, (double)gradient.Invoke(null, arguments)!);
        Assert.Equal(-0.5, (double)arguments[2]);
        Assert.Equal(1.25, (double)arguments[3]);
    }

    /// <summary>An unread local whose value may throw stays: the derivatives throw where the method does.</summary>
    [Fact]
    public void UnreadLocalThatMayThrowIsKept()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double[] x)
                {
                    double unread = x[3];
                    return 2.0 * x[0];
                }

                public static double Gradient(double[] x, double[] dx) => FGradient(x, dx);
            }
            """);
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("Gradient")!;
        var thrown = Assert.Throws<TargetInvocationException>(() => gradient.Invoke(null, new object[] { new[] { 1.0 }, new double[1] }));
        Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
        object[] arguments = { new[] { 1.0, 2.0, 3.0, 4.0 }, new double[4] };
        gradient.Invoke(null, arguments);
        Assert.Equal(new[] { 2.0, 0.0, 0.0, 0.0 }, (double[])arguments[1]);
    }

    /// <summary>
    /// Found by the damaged-program property: a fused last loop whose iteration runs an inner do-while loop inside a
    /// branch. The inner loop's trip count was declared in the branch of the forward sweep and read, without being
    /// taped, by the reverse sweep in another block (CS0103). Only counts declared at the iteration's own level are now
    /// read directly; the others go through the tape (seed aOV_pPJR9nj2).
    /// </summary>
    [Fact]
    public void TripCountOfALoopInABranchOfAFusedLoopIsTaped()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double d, double[] x)
                {
                    double v = 0.0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0.5)
                        {
                            int k = 0;
                            do
                            {
                                k++;
                                v += 0.25 * Math.Sin(x[i] * d);
                            }
                            while (k < 3 && d > 0.0);
                        }
                    }
                    return v;
                }

                public static double Gradient(double d, double[] x, double[] dx, out double dd) => FGradient(d, x, out dd, dx);
            }
            """);
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("Gradient")!;
        double d = 0.75;
        double[] x = { 0.25, 0.9, -0.5 };
        object?[] arguments = { d, x, new double[3], null };
        double value = (double)gradient.Invoke(null, arguments)!;
        double[] dx = (double[])arguments[2]!;
        double expectedDd = 0.0;
        double expectedValue = 0.0;
        foreach (int i in new[] { 0, 2 })
        {
            expectedValue += 3 * 0.25 * Math.Sin(x[i] * d);
            expectedDd += 3 * 0.25 * Math.Cos(x[i] * d) * x[i];
            Assert.Equal(3 * 0.25 * Math.Cos(x[i] * d) * d, dx[i], 12);
        }

        Assert.Equal(expectedValue, value, 12);
        Assert.Equal(0.0, dx[1]);
        Assert.Equal(expectedDd, (double)arguments[3]!, 12);
    }

    /// <summary>
    /// Found reviewing UnreadLocals: an unread local declared among a for loop's initializers is not a write the pass
    /// removes, and the pass repeated forever (the generator hung). It now stops when a round changes nothing.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task UnreadLocalInAForInitializerDoesNotHangTheGenerator()
    {
        var compile = System.Threading.Tasks.Task.Run(() => GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    double s = 0.0;
                    int i = 0;
                    for (double t = x; i < n; i++)
                    {
                        s += x * x;
                    }
                    return s;
                }
            }
            """));
        Assembly assembly = await compile.WaitAsync(TimeSpan.FromSeconds(120));
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("FGradient")!;
        object[] arguments = { 1.5, 3, 0.0 };
        Assert.Equal(3 * 2.25, (double)gradient.Invoke(null, arguments)!, 12);
        Assert.Equal(3 * 3.0, (double)arguments[2], 12);
    }

    /// <summary>
    /// A fused loop's branch called a helper on a temporary in one arm (its pullback adds into the temporary's adjoint
    /// by reference) and scaled it in the other; the product after the branch that passes the temporary's adjoint on
    /// (|x|'s sign) was moved into the other arm, as if the adjoint were only set there, and the helper's share of the
    /// gradient was lost (0 instead of 6.75 and 12 below). Writes through ref arguments now count.
    /// </summary>
    [Fact]
    public void APullbackInOneArmStillReachesWhatFollowsTheBranch()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double H(double a) => a * a * a;

                [Differentiable]
                public static double F(double[] x, double limit)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double a = Math.Abs(x[i]);
                        double r;
                        if (x[i] > limit)
                        {
                            r = H(a);
                        }
                        else
                        {
                            r = 2 * a;
                        }

                        sum += r;
                    }

                    return sum;
                }

                public static double ArrayGradient(double[] x, double limit, double[] dx) => FGradient(x, limit, dx, out _);
            }
            """);
        double[] x = { 1.5, -0.5, 2.0, 0.3, -1.7 };
        double[] gradient = Gradient(assembly, x, 1.0);
        Assert.Equal(6.75, gradient[0], 12);
        Assert.Equal(12.0, gradient[2], 12);
        double[] expected = FiniteDifferences(assembly, x, 1.0);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], gradient[i], 5);
        }
    }
}
