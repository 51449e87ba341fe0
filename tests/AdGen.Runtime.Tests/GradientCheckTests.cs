using System;
using System.Linq;
using AdGen.Checking;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>Gradient checks and the dot-product test. One class, so that nothing else toggles the global kink monitor meanwhile.</summary>
public sealed class GradientCheckTests
{
    /// <summary>Registered as generated code would register it; hit by the hand-written gradient below at x₀ = 0.</summary>
    private static readonly KinkSite s_absSite = KinkMonitor.Register("Tests.AbsPlusSquare", "GradientCheckTests.cs", 20, 16, "Math.Abs at 0", "derivative 0");

    [Fact]
    public void A_correct_gradient_passes()
    {
        GradientCheckReport report = GradientCheck.Check(TestProblems.RosenbrockGradient, [-1.2, 1.0]);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(0, report.FailedCount);
        Assert.Equal(2, report.Coordinates.Count);
        Assert.Equal(24.2, report.Value, 12);
        Assert.False(report.HasKinkWarning);
        Assert.Empty(report.Warnings);
        Assert.StartsWith("Gradient check passed", report.ToString());
    }

    [Fact]
    public void A_correct_gradient_of_many_variables_passes()
    {
        GradientCheckReport report = GradientCheck.Check(SmoothGradient, Point(12));
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(5, report.WorstCoordinates.Count);
    }

    [Fact]
    public void A_planted_wrong_component_fails_and_is_named_first()
    {
        double Wrong(ReadOnlySpan<double> x, Span<double> g)
        {
            double value = SmoothGradient(x, g);
            g[7] *= 1.01; // a 1 % error in one component
            return value;
        }

        GradientCheckReport report = GradientCheck.Check(Wrong, Point(12));

        Assert.False(report.Passed);
        Assert.Equal(1, report.FailedCount);
        CoordinateCheck worst = report.WorstCoordinates[0];
        Assert.Equal(7, worst.Index);
        Assert.False(worst.Passed);
        Assert.True(worst.ToleranceRatio > 1);
        Assert.Equal(worst.Numeric * 1.01, worst.Analytic, 6);
        Assert.All(report.Coordinates.Where(c => c.Index != 7), c => Assert.True(c.Passed));

        string text = report.ToString();
        Assert.StartsWith("Gradient check FAILED: 1 of 12 coordinates", text);
        Assert.Contains(text.Split('\n'), line => line.TrimStart().StartsWith("7 ") && line.Contains("FAIL"));
    }

    [Fact]
    public void A_wrong_sign_in_the_Rosenbrock_gradient_is_caught()
    {
        static double Wrong(ReadOnlySpan<double> x, Span<double> g)
        {
            double value = TestProblems.RosenbrockGradient(x, g);
            g[0] = (-2 * (1 - x[0])) + (400 * x[0] * (x[1] - (x[0] * x[0]))); // sign slip in the second term
            return value;
        }

        GradientCheckReport report = GradientCheck.Check(Wrong, [-1.2, 1.0]);
        Assert.False(report.Passed);
        Assert.Equal(0, report.WorstCoordinates[0].Index);
        Assert.True(report.Coordinates[1].Passed);
    }

    [Fact]
    public void A_separate_value_function_is_differenced_and_its_value_compared()
    {
        static double Rosenbrock(ReadOnlySpan<double> x) => Math.Pow(1 - x[0], 2) + (100 * Math.Pow(x[1] - (x[0] * x[0]), 2));
        Assert.True(GradientCheck.Check(Rosenbrock, TestProblems.RosenbrockGradient, [0.5, -0.3]).Passed);

        GradientCheckReport shifted = GradientCheck.Check(x => Rosenbrock(x) + 1, TestProblems.RosenbrockGradient, [0.5, -0.3]);
        Assert.False(shifted.Passed);
        Assert.False(shifted.ValueMatches);
        Assert.Equal(0, shifted.FailedCount);
        Assert.Contains(shifted.Warnings, w => w.Contains("value function returned"));
    }

    [Fact]
    public void A_monitored_kink_at_the_point_is_warned_about_and_the_monitor_restored()
    {
        KinkMonitor.Disable();
        long hitsBefore = s_absSite.Hits;

        GradientCheckReport report = GradientCheck.Check(AbsPlusSquareGradient, [0.0, 0.5]);

        Assert.False(KinkMonitor.IsEnabled);
        Assert.Equal(1, report.KinkHits);
        Assert.Equal(hitsBefore + 1, s_absSite.Hits);
        Assert.True(report.AtKink);
        Assert.Same(s_absSite, Assert.Single(report.KinkSitesHit));
        Assert.Contains(report.Warnings, w => w.Contains("x is at a kink") && w.Contains("Math.Abs at 0 in Tests.AbsPlusSquare at GradientCheckTests.cs(20,16)"));

        // |x₀| at 0: the central difference is 0 (and agrees with the rule's 0), but left (−1) and right (+1) do not.
        Assert.Equal([0], report.SuspectedKinkCoordinates);
        Assert.Equal(-1, report.Coordinates[0].Left, 6);
        Assert.Equal(1, report.Coordinates[0].Right, 6);
        Assert.Contains("Warning: x is at a kink", report.ToString());
    }

    [Fact]
    public void An_enabled_monitor_stays_enabled()
    {
        KinkMonitor.Enable();
        try
        {
            GradientCheckReport report = GradientCheck.Check(AbsPlusSquareGradient, [0.0, 0.5]);
            Assert.True(KinkMonitor.IsEnabled);
            Assert.Equal(1, report.KinkHits);
        }
        finally
        {
            KinkMonitor.Disable();
        }
    }

    [Fact]
    public void Away_from_the_kink_there_is_no_warning()
    {
        GradientCheckReport report = GradientCheck.Check(AbsPlusSquareGradient, [0.25, 0.5]);
        Assert.True(report.Passed, report.ToString());
        Assert.False(report.HasKinkWarning);
        Assert.Equal(0, report.KinkHits);
    }

    [Fact]
    public void The_monitor_can_be_left_out()
    {
        GradientCheckReport report = GradientCheck.Check(AbsPlusSquareGradient, [0.0, 0.5], new GradientCheckOptions { UseKinkMonitor = false });
        Assert.Equal(0, report.KinkHits);
        Assert.False(report.AtKink);
        Assert.True(report.HasKinkWarning, "the one-sided differences still see it");
    }

    [Fact]
    public void An_unmonitored_kink_is_seen_by_the_one_sided_differences()
    {
        // ReLU written by hand: no kink site, so only the finite differences can tell.
        static double Relu(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = x[0] > 0 ? 1 : 0;
            g[1] = 2 * x[1];
            return Math.Max(0, x[0]) + (x[1] * x[1]);
        }

        GradientCheckReport report = GradientCheck.Check(Relu, [0.0, 1.0]);

        Assert.False(report.AtKink);
        Assert.Equal([0], report.SuspectedKinkCoordinates);
        Assert.False(report.Passed); // central difference 0.5 against the rule's 0
        Assert.Contains(report.Warnings, w => w.Contains("disagree along coordinate(s) 0"));
    }

    [Fact]
    public void Strong_smooth_curvature_is_not_mistaken_for_a_kink()
    {
        // f = 10⁶x²: one-sided differences differ by 2·10⁶·h = 2 at h = 1e-6, but that shrinks with h.
        static double Stiff(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 2e6 * x[0];
            return 1e6 * x[0] * x[0];
        }

        GradientCheckReport report = GradientCheck.Check(Stiff, [0.0]);
        Assert.Empty(report.SuspectedKinkCoordinates);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Dot_product_test_passes_consistent_forward_and_reverse_modes()
    {
        DotProductTestReport report = GradientCheck.CheckDotProduct(RosenbrockTangent, TestProblems.RosenbrockGradient, [-1.2, 1.0]);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(3, report.Directions.Count);
        Assert.All(report.Directions, d => Assert.Equal(d.Reverse, d.Forward, 10));
        Assert.True(report.ValuesMatch);
        Assert.StartsWith("Dot-product test passed", report.ToString());
    }

    [Fact]
    public void Dot_product_test_catches_a_wrong_tangent()
    {
        static (double, double) Wrong(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
        {
            (double value, double tangent) = RosenbrockTangent(x, v);
            return (value, tangent + (1e-3 * v[1]));
        }

        DotProductTestReport report = GradientCheck.CheckDotProduct(Wrong, TestProblems.RosenbrockGradient, [-1.2, 1.0]);
        Assert.False(report.Passed);
        Assert.All(report.Directions, d => Assert.False(d.Consistent));
        Assert.Contains("FAIL (forward != reverse)", report.ToString());
    }

    [Fact]
    public void Dot_product_test_catches_a_wrong_gradient_that_the_tangent_does_not_share()
    {
        static double Wrong(ReadOnlySpan<double> x, Span<double> g)
        {
            double value = TestProblems.RosenbrockGradient(x, g);
            g[1] *= 0.9;
            return value;
        }

        DotProductTestReport report = GradientCheck.CheckDotProduct(RosenbrockTangent, Wrong, [0.3, 0.7], new GradientCheckOptions { Directions = 5, Seed = 7 });
        Assert.False(report.Passed);
        Assert.Equal(5, report.Directions.Count);
        Assert.Contains(report.Directions, d => !d.Consistent);
        Assert.Contains(report.Directions, d => !d.NumericAgrees);
    }

    [Fact]
    public void Dot_product_test_compares_the_values()
    {
        DotProductTestReport report = GradientCheck.CheckDotProduct(
            (x, v) => (RosenbrockTangent(x, v).Value + 0.5, RosenbrockTangent(x, v).Tangent),
            TestProblems.RosenbrockGradient,
            [-1.2, 1.0]);

        Assert.False(report.ValuesMatch);
        Assert.False(report.Passed);
        Assert.Equal(24.7, report.TangentValue, 12);
    }

    [Fact]
    public void Dot_product_test_is_reproducible_from_its_seed()
    {
        var options = new GradientCheckOptions { Seed = 42 };
        DotProductTestReport first = GradientCheck.CheckDotProduct(RosenbrockTangent, TestProblems.RosenbrockGradient, [0.1, 0.2], options);
        DotProductTestReport second = GradientCheck.CheckDotProduct(RosenbrockTangent, TestProblems.RosenbrockGradient, [0.1, 0.2], options);
        Assert.Equal(first.Directions, second.Directions);
    }

    [Fact]
    public void Dot_product_test_warns_at_a_monitored_kink()
    {
        static (double, double) AbsTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
        {
            if (x[0] == 0 && KinkMonitor.IsEnabled)
            {
                s_absSite.Hit();
            }

            return (Math.Abs(x[0]) + (x[1] * x[1]), (Math.Sign(x[0]) * v[0]) + (2 * x[1] * v[1]));
        }

        DotProductTestReport report = GradientCheck.CheckDotProduct(AbsTangent, AbsPlusSquareGradient, [0.0, 0.5]);
        Assert.True(report.AtKink);
        Assert.Equal(4, report.KinkHits); // one gradient and three tangent evaluations
        Assert.Contains(report.Warnings, w => w.Contains("x is at a kink"));
    }

    [Fact]
    public void Bad_options_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Check(TestProblems.RosenbrockGradient, [0.0, 0.0], new GradientCheckOptions { Step = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Check(TestProblems.RosenbrockGradient, [0.0, 0.0], new GradientCheckOptions { RelativeTolerance = -1 }));
        Assert.Throws<ArgumentNullException>(() => GradientCheck.Check((GradientFunction)null!, [0.0]));
    }

    /// <summary>|x₀| + x₁², with the conservative rule d|x|/dx = 0 at 0 and the hit counted as generated code counts it.</summary>
    private static double AbsPlusSquareGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        if (x[0] == 0 && KinkMonitor.IsEnabled)
        {
            s_absSite.Hit();
        }

        g[0] = Math.Sign(x[0]);
        g[1] = 2 * x[1];
        return Math.Abs(x[0]) + (x[1] * x[1]);
    }

    /// <summary>f = Σ sin(x_i)·x_{i+1} + exp(x_i / 3) (a smooth coupling of neighbours).</summary>
    private static double SmoothGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        double value = 0;
        g.Clear();
        for (int i = 0; i < x.Length; i++)
        {
            double next = x[(i + 1) % x.Length];
            value += (Math.Sin(x[i]) * next) + Math.Exp(x[i] / 3);
            g[i] += (Math.Cos(x[i]) * next) + (Math.Exp(x[i] / 3) / 3);
            g[(i + 1) % x.Length] += Math.Sin(x[i]);
        }

        return value;
    }

    private static (double Value, double Tangent) RosenbrockTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double a = 1 - x[0];
        double b = x[1] - (x[0] * x[0]);
        double da = -v[0];
        double db = v[1] - (2 * x[0] * v[0]);
        return ((a * a) + (100 * b * b), (2 * a * da) + (200 * b * db));
    }

    private static double[] Point(int length)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = Math.Sin(1.1 * (i + 1)) * 1.5;
        }

        return x;
    }
}
