using System;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using AdGen.Functional.Tests.Cases;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using Xunit;
using Xunit.Sdk;

namespace AdGen.Functional.Tests;

/// <summary>
/// The reverse-mode optimizations (taped expensive temporaries, conditions evaluated again, reverse loops from their
/// bounds, zero-adjoint guards, register promotion, fusion of the last loop) against the usual oracles, FPullback
/// with seed 2.5 into nonzero adjoints, and aliased scalar adjoints.
/// </summary>
public sealed class ReverseOptimizationDoubleTests
{
    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void GradientMatchesFiniteDifferences(string function) => DerivativeCheck.GradientMatchesFiniteDifferences(ReverseOptimizationCases.Double[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void TangentMatchesFiniteDifferences(string function) => DerivativeCheck.TangentMatchesFiniteDifferences(ReverseOptimizationCases.Double[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void ForwardAndReverseAgree(string function) => DerivativeCheck.ForwardAndReverseAgree(ReverseOptimizationCases.Double[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void PullbackAccumulates(string function) => DerivativeCheck.PullbackAccumulates(ReverseOptimizationCases.Double[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void PullbackWithSeed2Point5AddsIntoNonzeroAdjoints(string function) => ReverseOptimizationChecks.PullbackAddsScaledGradient(ReverseOptimizationCases.Double[function], 2.5);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void ValuesEqualThePrimal(string function) => DerivativeCheck.ValuesEqualThePrimal(ReverseOptimizationCases.Double[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleABNames), MemberType = typeof(ReverseOptimizationCases))]
    public void PullbackWithOneVariableForBothScalarAdjointsAddsBothPartials(string function) => ReverseOptimizationChecks.AliasedPullback(ReverseOptimizationCases.DoubleABByName[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.DoubleABNames), MemberType = typeof(ReverseOptimizationCases))]
    public void GradientWithOneVariableForBothScalarAdjointsGetsTheirSum(string function) => ReverseOptimizationChecks.AliasedGradient(ReverseOptimizationCases.DoubleABByName[function]);

    /// <summary>
    /// An inactive ReLU unit whose inner loop has infinite partials (x³ with x = 1e120 overflows): the reverse sweep skips
    /// the inner loop because its only adjoint is zero, so 0·∞ contributes 0 instead of NaN (AdGen's 0·∞ = 0 rule).
    /// </summary>
    [Fact]
    public void InactiveUnitSkipsItsInnerLoopSoAnInfinitePartialTimesZeroAdjointGivesZeroNotNaN()
    {
        double[] w = { -1.0 };
        double[] x = { 1e120 };
        var dw = new double[1];
        var dx = new double[1];
        double value = ReverseOpt.ReluOfCubesGradient(w, x, dw, dx);
        Assert.Equal(0.0, value);
        Assert.Equal(0.0, dw[0]);
        Assert.Equal(0.0, dx[0]);

        // The pullback adds exactly nothing to what the adjoints held.
        dw[0] = 0.25;
        dx[0] = -0.5;
        ReverseOpt.ReluOfCubesPullback(w, x, 2.5, dw, dx);
        Assert.Equal(0.25, dw[0]);
        Assert.Equal(-0.5, dx[0]);
    }

    /// <summary>The guard skips only inactive units: an active unit beside an inactive one gets its exact gradient.</summary>
    [Fact]
    public void ReluLayerGradientOfActiveAndInactiveUnitsIsExact()
    {
        // Unit 0: z = 1 + 2·1 + 0.5·2 = 4 (active); unit 1: z = −1 − 1·1 − 0.5·2 = −3 (inactive). n = 2 inputs.
        double[] w = { 2.0, 0.5, -1.0, -0.5, 1.0, -1.0 };
        double[] x = { 1.0, 2.0 };
        var dw = new double[w.Length];
        var dx = new double[x.Length];
        double value = ReverseOpt.ReluLayerGradient(w, x, 2, dw, dx);
        Assert.Equal(4.0 * 4.0 + 0.5 * 4.0, value);
        double slope = 2.0 * 4.0 + 0.5; // d(h² + h/2)/dh at h = 4
        Assert.Equal(new[] { slope * 1.0, slope * 2.0, 0.0, 0.0, slope, 0.0 }, dw);
        Assert.Equal(new[] { slope * 2.0, slope * 0.5 }, dx);
    }

    /// <summary>ConsumeBuffer against every oracle: a skipped inner reverse loop would leave its adjoint element resets undone.</summary>
    [Fact]
    public void ConsumeBufferAgainstEveryOracle()
    {
        DerivativeCase<double> function = ReverseOptimizationCases.ConsumeBuffer;
        DerivativeCheck.GradientMatchesFiniteDifferences(function);
        DerivativeCheck.TangentMatchesFiniteDifferences(function);
        DerivativeCheck.ForwardAndReverseAgree(function);
        DerivativeCheck.PullbackAccumulates(function);
        ReverseOptimizationChecks.PullbackAddsScaledGradient(function, 2.5);
        DerivativeCheck.ValuesEqualThePrimal(function);
    }

    /// <summary>
    /// ConsumeBuffer at x = (0.25, 0.25, 0.5), a = 1: the units see s = 1, 2, 3, so unit 0 is inactive and f = 0.5 + 1.5.
    /// Each x[j] reaches units 1 and 2 with weights 2a and 3a: ∂f/∂x[j] = 5, ∂f/∂a = 5·Σx = 5. Skipping unit 0's
    /// consume loop (its sum's adjoint is zero) would leave unit 1's buffer adjoint in place and give 6.
    /// </summary>
    [Fact]
    public void ZeroingALocalBufferResetsItsAdjointsEvenInAnInactiveUnit()
    {
        double[] x = { 0.25, 0.25, 0.5 };
        var dx = new double[3];
        double value = ReverseOpt.ConsumeBufferGradient(x, 1.0, dx, out double da);
        Assert.Equal(2.0, value, 14);
        Assert.Equal(new[] { 5.0, 5.0, 5.0 }, dx.Select(static d => Math.Round(d, 12)).ToArray());
        Assert.Equal(5.0, da, 12);
    }

    /// <summary>
    /// An empty loop <c>for (i = 0; i &lt; end; i++)</c> with end = int.MinValue: the reverse loop starts at end − 1, which
    /// overflows to int.MaxValue, so it must not run from there.
    /// </summary>
    [Fact]
    public void EmptyLoopWithBoundIntMinValueHasTheGradientOfNoIterations()
    {
        double[] x = { 0.3, 0.7 };
        var gradient = new double[2];
        double value = ReverseOpt.RangeLessGradient(x, 0, int.MinValue, gradient);
        Assert.Equal(0.8, value);
        Assert.Equal(new[] { 1.0, 0.0 }, gradient);
    }

    /// <summary>Counting down, <c>for (i = start; i &gt; end; i--)</c> with end = int.MaxValue is empty; end + 1 overflows.</summary>
    [Fact]
    public void EmptyCountdownWithBoundIntMaxValueHasTheGradientOfNoIterations()
    {
        double[] x = { 0.3, 0.7 };
        var gradient = new double[2];
        double value = ReverseOpt.RangeDownGradient(x, 1, int.MaxValue, gradient);
        Assert.Equal(0.8, value);
        Assert.Equal(new[] { 1.0, 0.0 }, gradient);
    }
}

/// <summary>The float versions (fusion, float adjoints by reference) against the single-precision oracles.</summary>
public sealed class ReverseOptimizationSingleTests
{
    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void GradientMatchesFiniteDifferences(string function) => DerivativeCheck.GradientMatchesFiniteDifferences(ReverseOptimizationCases.Single[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void TangentMatchesFiniteDifferences(string function) => DerivativeCheck.TangentMatchesFiniteDifferences(ReverseOptimizationCases.Single[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void ForwardAndReverseAgree(string function) => DerivativeCheck.ForwardAndReverseAgree(ReverseOptimizationCases.Single[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void PullbackAccumulates(string function) => DerivativeCheck.PullbackAccumulates(ReverseOptimizationCases.Single[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void PullbackWithSeed2Point5AddsIntoNonzeroAdjoints(string function) => ReverseOptimizationChecks.PullbackAddsScaledGradient(ReverseOptimizationCases.Single[function], 2.5);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleNames), MemberType = typeof(ReverseOptimizationCases))]
    public void ValuesEqualThePrimal(string function) => DerivativeCheck.ValuesEqualThePrimal(ReverseOptimizationCases.Single[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleABNames), MemberType = typeof(ReverseOptimizationCases))]
    public void PullbackWithOneVariableForBothScalarAdjointsAddsBothPartials(string function) => ReverseOptimizationChecks.AliasedPullback(ReverseOptimizationCases.SingleABByName[function]);

    [Theory]
    [MemberData(nameof(ReverseOptimizationCases.SingleABNames), MemberType = typeof(ReverseOptimizationCases))]
    public void GradientWithOneVariableForBothScalarAdjointsGetsTheirSum(string function) => ReverseOptimizationChecks.AliasedGradient(ReverseOptimizationCases.SingleABByName[function]);
}

/// <summary>
/// Kink counts inside fused loops equal those of the same loop unfused, of FTangent and of the exact ties; and the zero-
/// adjoint guard never skips a count. KinkMonitor is global: these tests run alone, and only they call these functions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReverseOptimizationKinkCollection
{
    public const string Name = "ReverseOptimizationKinks";
}

[Collection(ReverseOptimizationKinkCollection.Name)]
public sealed class ReverseOptimizationKinkTests : IDisposable
{
    public ReverseOptimizationKinkTests()
    {
        RuntimeHelpers.RunClassConstructor(typeof(ReverseOpt).TypeHandle);
        KinkMonitor.Disable();
        KinkMonitor.Reset();
    }

    public void Dispose()
    {
        KinkMonitor.Disable();
        KinkMonitor.Reset();
    }

    /// <summary>The method's Abs and Max sites (KinksUnfused also has the Log site of its result, never hit here).</summary>
    private static KinkSite[] SitesOf(string method) =>
        KinkMonitor.Sites
            .Where(s => s.Method == "ReverseOpt." + method && (s.Primitive.Contains("Abs", StringComparison.Ordinal) || s.Primitive.Contains("Max", StringComparison.Ordinal)))
            .OrderBy(static s => s.Primitive, StringComparer.Ordinal)
            .ToArray();

    private static long[] Hits(string method) => SitesOf(method).Select(static s => s.Hits).ToArray();

    private static long[] Counted(string method, Action call)
    {
        KinkMonitor.Reset();
        KinkMonitor.Enable();
        call();
        KinkMonitor.Disable();
        return Hits(method);
    }

    [Fact]
    public void KinkCountsInAFusedLoopEqualThoseOfTheUnfusedLoopAndOfTheTangent()
    {
        // Three entries equal c: three ties of Abs(x[i] − c) and three of Max(x[i], c).
        const double c = 1.0;
        double[] x = { 0.5, 1.0, 1.0, -2.0, 1.0, 3.0 };
        var g = new double[x.Length];
        var v = Enumerable.Repeat(1.0, x.Length).ToArray();
        long[] expected = { 3, 3 };
        foreach (string method in new[] { nameof(ReverseOpt.KinksFused), nameof(ReverseOpt.KinksUnfused) })
        {
            Assert.Equal(2, SitesOf(method).Length);
        }

        Assert.Equal(expected, Counted(nameof(ReverseOpt.KinksFused), () => ReverseOpt.KinksFusedGradient(x, c, g, out _)));
        Assert.Equal(expected, Counted(nameof(ReverseOpt.KinksFused), () => { double dc = 0.5; ReverseOpt.KinksFusedPullback(x, c, 2.5, g, ref dc); }));
        Assert.Equal(expected, Counted(nameof(ReverseOpt.KinksFused), () => ReverseOpt.KinksFusedTangent(x, c, v, 1.0)));
        Assert.Equal(expected, Counted(nameof(ReverseOpt.KinksUnfused), () => ReverseOpt.KinksUnfusedGradient(x, c, g, out _)));
        Assert.Equal(expected, Counted(nameof(ReverseOpt.KinksUnfused), () => { double dc = 0.5; ReverseOpt.KinksUnfusedPullback(x, c, 2.5, g, ref dc); }));
        Assert.Equal(expected, Counted(nameof(ReverseOpt.KinksUnfused), () => ReverseOpt.KinksUnfusedTangent(x, c, v, 1.0)));
    }

    [Fact]
    public void AtKinksTheFusedAndUnfusedGradientsApplyTheSameRules()
    {
        // Unfused = log(1 + s²) of the fused s: its gradient is the fused one times 2s / (1 + s²), rule for rule.
        const double c = 1.0;
        double[] x = { 0.5, 1.0, 1.0, -2.0, 1.0, 3.0 };
        var fused = new double[x.Length];
        var unfused = new double[x.Length];
        double s = ReverseOpt.KinksFusedGradient(x, c, fused, out double dcFused);
        ReverseOpt.KinksUnfusedGradient(x, c, unfused, out double dcUnfused);
        double factor = 2.0 * s / (1.0 + s * s);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(fused[i] * factor, unfused[i], 12);
        }

        Assert.Equal(dcFused * factor, dcUnfused, 12);

        // At x[i] = c: d/dx of |x − c|·x is 0·x + |0| = 0 (Abs slope 0), Max splits 0.5/0.5.
        Assert.Equal(0.5, fused[1], 15);
        // Away from the kinks: x = 0.5 < c gives d/dx (c − x)·x = c − 2x = 0, Max gives 0.
        Assert.Equal(0.0, fused[0], 15);
    }

    [Fact]
    public void AHelperCalledInALoopIsNotCalledAgainByTheReverseSweep()
    {
        double[] w = { 0.5, -1.0, 2.0, 0.25 };
        var gradient = new double[w.Length];
        Tickets.Reset();
        double value = ReverseOpt.NumberedSumGradient(w, gradient);
        const double S = 0.5 * 1 - 1.0 * 2 + 2.0 * 3 + 0.25 * 4;
        Assert.Equal(S * S, value);
        Assert.Equal(new[] { 2 * S * 1, 2 * S * 2, 2 * S * 3, 2 * S * 4 }, gradient);
        Assert.Equal(5, Tickets.Next());

        var adjoint = new double[w.Length];
        Tickets.Reset();
        ReverseOpt.NumberedSumPullback(w, 0.5, adjoint);
        Assert.Equal(new[] { S * 1, S * 2, S * 3, S * 4 }, adjoint);
    }

    [Fact]
    public void KinksInTheInnerLoopOfAnInactiveUnitAreStillCounted()
    {
        // Both units are inactive (z ≈ −1, −2): their reverse inner loops get zero adjoints, but every tie counts.
        const double c = 0.7;
        double[] x = { 0.7, 0.7, 0.3 };
        var g = new double[x.Length];
        var v = Enumerable.Repeat(1.0, x.Length).ToArray();
        long[] tangent = Counted(nameof(ReverseOpt.KinksInInactiveUnit), () => ReverseOpt.KinksInInactiveUnitTangent(x, c, v, 1.0));
        Assert.Equal(4, tangent.Sum());
        Assert.Equal(tangent, Counted(nameof(ReverseOpt.KinksInInactiveUnit), () => ReverseOpt.KinksInInactiveUnitGradient(x, c, g, out _)));
        Assert.Equal(tangent, Counted(nameof(ReverseOpt.KinksInInactiveUnit), () => { double dc = 0; ReverseOpt.KinksInInactiveUnitPullback(x, c, 2.5, g, ref dc); }));
        Assert.All(g, static d => Assert.Equal(0.0, d));
    }
}

/// <summary>The checks these tests add to <see cref="DerivativeCheck"/>.</summary>
public static class ReverseOptimizationChecks
{
    /// <summary>FPullback with the given seed adds seed·∇f into adjoints that start at nonzero values (±(0.5 + 0.1·i)).</summary>
    public static void PullbackAddsScaledGradient<T>(DerivativeCase<T> function, double seed)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        foreach (T[] x in Points(function))
        {
            var gradient = new T[x.Length];
            function.Gradient(x, gradient);
            T[] initial = Enumerable.Range(0, x.Length).Select(static i => T.CreateChecked((i % 2 == 0 ? 1 : -1) * (0.5 + 0.1 * i))).ToArray();
            T[] adjoint = (T[])initial.Clone();
            function.Pullback(x, T.CreateChecked(seed), adjoint);
            for (int i = 0; i < x.Length; i++)
            {
                double contribution = double.CreateChecked(T.CreateChecked(seed) * gradient[i]);
                double expected = double.CreateChecked(initial[i]) + contribution;
                double actual = double.CreateChecked(adjoint[i]);
                double tolerance = precision.IdentityRelative * (Math.Abs(double.CreateChecked(initial[i])) + Math.Abs(contribution));
                if (!(Math.Abs(actual - expected) <= tolerance))
                {
                    throw new XunitException($"{function.Name} at x = {Show(x)}: adjoint[{i}] started at {initial[i]}, seed {seed}, ∂f/∂x[{i}] = {gradient[i]}: expected {expected:R}, FPullback left {actual:R}");
                }
            }
        }
    }

    /// <summary><c>FPullback(x, a, b, 2.5, dx, ref g, ref g)</c> adds 2.5·(∂f/∂a + ∂f/∂b) into g.</summary>
    public static void AliasedPullback<T>(SpanABCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        foreach (T[] point in Points(function.Flat))
        {
            (T[] x, T a, T b) = Split(point);
            var dx = new T[x.Length];
            function.Gradient(x, a, b, dx, out T da, out T db);
            T seed = T.CreateChecked(2.5);
            T start = T.CreateChecked(0.75);
            T g = start;
            var dxAliased = new T[x.Length];
            function.Pullback(x, a, b, seed, dxAliased, ref g, ref g);
            double expected = double.CreateChecked(start) + double.CreateChecked(seed * da) + double.CreateChecked(seed * db);
            double tolerance = precision.IdentityRelative * 4 * (Math.Abs(double.CreateChecked(start)) + Math.Abs(double.CreateChecked(seed * da)) + Math.Abs(double.CreateChecked(seed * db)));
            if (!(Math.Abs(double.CreateChecked(g) - expected) <= tolerance))
            {
                throw new XunitException($"{function.Name} at {Show(point)}: ∂f/∂a = {da}, ∂f/∂b = {db}; FPullback(seed 2.5, ref g, ref g) from g = 0.75 left {g}, expected {expected:R}");
            }

            double largest = dx.Length == 0 ? 0 : dx.Max(static d => Math.Abs(double.CreateChecked(d)));
            for (int i = 0; i < x.Length; i++)
            {
                double want = double.CreateChecked(seed * dx[i]);
                if (!(Math.Abs(double.CreateChecked(dxAliased[i]) - want) <= precision.IdentityRelative * 10 * (Math.Abs(want) + largest)))
                {
                    throw new XunitException($"{function.Name} at {Show(point)}: with aliased scalar adjoints dx[{i}] = {dxAliased[i]}, expected {want:R}");
                }
            }
        }
    }

    /// <summary><c>FGradient(x, a, b, dx, out g, out g)</c> leaves ∂f/∂a + ∂f/∂b in g (both are zeroed first, then accumulated).</summary>
    public static void AliasedGradient<T>(SpanABCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        foreach (T[] point in Points(function.Flat))
        {
            (T[] x, T a, T b) = Split(point);
            var dx = new T[x.Length];
            function.Gradient(x, a, b, dx, out T da, out T db);
            T g;
            T value = function.Gradient(x, a, b, new T[x.Length], out g, out g);
            double expected = double.CreateChecked(da) + double.CreateChecked(db);
            double tolerance = precision.IdentityRelative * 4 * (Math.Abs(double.CreateChecked(da)) + Math.Abs(double.CreateChecked(db)));
            if (!(Math.Abs(double.CreateChecked(g) - expected) <= tolerance) || !value.Equals(function.Value(x, a, b)))
            {
                throw new XunitException($"{function.Name} at {Show(point)}: ∂f/∂a = {da}, ∂f/∂b = {db}; FGradient(out g, out g) gave {g} (expected {expected:R}) and value {value}");
            }
        }
    }

    private static (T[] X, T A, T B) Split<T>(T[] point) => (point[..^2], point[^2], point[^1]);

    /// <summary>The same points as <see cref="DerivativeCheck"/> uses.</summary>
    private static T[][] Points<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(DerivativeCheck.Seed);
        return Enumerable.Range(0, DerivativeCheck.PointCount).Select(i => function.Sample(random, i)).ToArray();
    }

    private static string Show<T>(T[] vector)
        where T : struct, IFloatingPointIeee754<T> =>
        "[" + string.Join(", ", vector.Select(static c => c.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
