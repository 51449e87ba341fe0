using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AdGen.Checking;

/// <summary>
/// Checks derivatives against finite differences, like torch.autograd.gradcheck: <see cref="Check(GradientFunction, ReadOnlySpan{double}, GradientCheckOptions?)"/>
/// compares a gradient coordinate by coordinate with central differences, and
/// <see cref="CheckDotProduct"/> compares forward mode with reverse mode along random directions. Both warn when x is
/// at a kink, where finite differences say nothing about the (conservative) derivative.
/// </summary>
public static class GradientCheck
{
    private static readonly GradientCheckOptions s_defaults = new();

    /// <summary>
    /// Compares the gradient that <paramref name="function"/> writes with central finite differences of the value it
    /// returns, coordinate by coordinate.
    /// </summary>
    /// <param name="function">Returns f(x) and writes ∇f(x); a generated <c>FGradient</c> converts to it.</param>
    /// <param name="x">The point (not modified).</param>
    /// <param name="options">Step and tolerances; null for the defaults.</param>
    /// <returns>Pass or fail, the worst coordinates, and kink warnings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public static GradientCheckReport Check(GradientFunction function, ReadOnlySpan<double> x, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return CheckGradient(function, valueFunction: null, x, options ?? s_defaults);
    }

    /// <summary>
    /// Compares the gradient that <paramref name="gradient"/> writes with central finite differences of
    /// <paramref name="function"/> (typically the original method), and checks that both return the same f(x).
    /// </summary>
    /// <param name="function">f alone, differenced numerically.</param>
    /// <param name="gradient">Returns f(x) and writes ∇f(x).</param>
    /// <param name="x">The point (not modified).</param>
    /// <param name="options">Step and tolerances; null for the defaults.</param>
    /// <returns>Pass or fail, the worst coordinates, and kink warnings.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public static GradientCheckReport Check(ScalarFunction function, GradientFunction gradient, ReadOnlySpan<double> x, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(gradient);
        return CheckGradient(gradient, function, x, options ?? s_defaults);
    }

    /// <summary>
    /// The dot-product test: for <see cref="GradientCheckOptions.Directions"/> random directions v, forward mode's
    /// ∇f·v must equal reverse mode's gradient dotted with v (to rounding), and both must agree with the central
    /// difference of f along v.
    /// </summary>
    /// <param name="tangent">Returns f(x) and ∇f(x)·v; a generated <c>FTangent</c> converts to it.</param>
    /// <param name="gradient">Returns f(x) and writes ∇f(x); a generated <c>FGradient</c> converts to it.</param>
    /// <param name="x">The point (not modified).</param>
    /// <param name="options">Directions, seed and tolerances; null for the defaults.</param>
    /// <returns>Pass or fail per direction, and kink warnings.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public static DotProductTestReport CheckDotProduct(TangentFunction tangent, GradientFunction gradient, ReadOnlySpan<double> x, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tangent);
        ArgumentNullException.ThrowIfNull(gradient);
        options ??= s_defaults;
        Validate(options);

        int length = x.Length;
        double[] point = x.ToArray();
        double[] reverse = new double[length];
        double[] scratch = new double[length];
        double[][] directions = RandomDirections(options.Directions, length, options.Seed);
        var forward = new (double Value, double Tangent)[directions.Length];

        double value;
        KinkHitCounter? counter = KinkHitCounter.Start(options.UseKinkMonitor);
        (long Hits, IReadOnlyList<KinkSite> Sites) kinks = (0, Array.Empty<KinkSite>());
        try
        {
            value = gradient(point, reverse);
            for (int d = 0; d < directions.Length; d++)
            {
                forward[d] = tangent(point, directions[d]);
            }
        }
        finally
        {
            if (counter is not null)
            {
                kinks = counter.Stop();
            }
        }

        bool valuesMatch = true;
        double tangentValue = forward.Length > 0 ? forward[0].Value : value;
        double scale = Math.Max(1, MaxMagnitude(point));
        var checks = new DirectionCheck[directions.Length];
        for (int d = 0; d < directions.Length; d++)
        {
            double[] direction = directions[d];
            if (!Within(forward[d].Value, value, options.ConsistencyTolerance * Math.Max(1, Math.Abs(value))))
            {
                valuesMatch = false;
                tangentValue = forward[d].Value;
            }

            double reverseDot = 0;
            double magnitude = 0;
            for (int i = 0; i < length; i++)
            {
                reverseDot += reverse[i] * direction[i];
                magnitude += Math.Abs(reverse[i] * direction[i]);
            }

            double h = options.Step * scale;
            double numeric = (ValueAlong(gradient, point, direction, h, scratch) - ValueAlong(gradient, point, direction, -h, scratch)) / (2 * h);
            bool consistent = Within(forward[d].Tangent, reverseDot, options.ConsistencyTolerance * Math.Max(1, Math.Max(magnitude, Math.Abs(forward[d].Tangent))));
            bool numericAgrees = Within(reverseDot, numeric, options.AbsoluteTolerance + (options.RelativeTolerance * Math.Abs(numeric)));
            checks[d] = new DirectionCheck(d, forward[d].Tangent, reverseDot, numeric, consistent, numericAgrees);
        }

        var warnings = new List<string>();
        if (kinks.Hits > 0)
        {
            warnings.Add(KinkWarning(kinks.Hits, kinks.Sites, "forward and reverse mode may legitimately apply different conservative rules there"));
        }

        if (!valuesMatch)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The tangent function returned f(x) = {tangentValue:G17} but the gradient function returned {value:G17}."));
        }

        return new DotProductTestReport(value, tangentValue, valuesMatch, checks, kinks.Hits, kinks.Sites, warnings, options);
    }

    private static GradientCheckReport CheckGradient(GradientFunction gradientFunction, ScalarFunction? valueFunction, ReadOnlySpan<double> x, GradientCheckOptions options)
    {
        Validate(options);
        int length = x.Length;
        double[] point = x.ToArray();
        double[] analytic = new double[length];
        double[] scratch = new double[length];

        double value;
        KinkHitCounter? counter = KinkHitCounter.Start(options.UseKinkMonitor);
        (long Hits, IReadOnlyList<KinkSite> Sites) kinks = (0, Array.Empty<KinkSite>());
        try
        {
            value = gradientFunction(point, analytic);
        }
        finally
        {
            if (counter is not null)
            {
                kinks = counter.Stop();
            }
        }

        double Evaluate(double[] at) => valueFunction is null ? gradientFunction(at, scratch) : valueFunction(at);

        double center = valueFunction is null ? value : valueFunction(point);
        bool valueMatches = Within(value, center, options.AbsoluteTolerance + (options.RelativeTolerance * Math.Abs(center)));

        var coordinates = new CoordinateCheck[length];
        var suspectedKinks = new List<int>();
        int failed = 0;
        for (int i = 0; i < length; i++)
        {
            double h = options.Step * Math.Max(1, Math.Abs(point[i]));
            (double numeric, double left, double right) = Differences(Evaluate, point, i, h, center);

            // A smooth function's one-sided differences differ by about h·f'', which shrinks tenfold with the step;
            // across a kink they differ by the jump in slope, which does not.
            bool suspectedKink = false;
            double disagreement = Math.Abs(right - left);
            if (disagreement > options.KinkTolerance * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right))))
            {
                (_, double smallLeft, double smallRight) = Differences(Evaluate, point, i, h / 10, center);
                suspectedKink = Math.Abs(smallRight - smallLeft) > 0.5 * disagreement;
            }

            double error = Math.Abs(analytic[i] - numeric);
            double tolerance = options.AbsoluteTolerance + (options.RelativeTolerance * Math.Abs(numeric));
            double ratio = error == 0 ? 0 : error / tolerance;
            coordinates[i] = new CoordinateCheck(i, analytic[i], numeric, error, ratio, left, right, suspectedKink);
            if (!coordinates[i].Passed)
            {
                failed++;
            }

            if (suspectedKink)
            {
                suspectedKinks.Add(i);
            }
        }

        CoordinateCheck[] worst = coordinates
            .OrderByDescending(static c => double.IsNaN(c.ToleranceRatio) ? double.PositiveInfinity : c.ToleranceRatio)
            .ThenBy(static c => c.Index)
            .Take(options.WorstCount)
            .ToArray();

        var warnings = new List<string>();
        if (kinks.Hits > 0)
        {
            warnings.Add(KinkWarning(kinks.Hits, kinks.Sites, "finite differences are meaningless; check at a nearby point"));
        }

        if (suspectedKinks.Count > 0)
        {
            string listed = string.Join(", ", suspectedKinks.Take(10)) + (suspectedKinks.Count > 10 ? ", ..." : "");
            warnings.Add(kinks.Hits > 0
                ? $"Left and right differences disagree along coordinate(s) {listed} too."
                : $"Left and right differences disagree along coordinate(s) {listed}: a kink the monitor cannot see (a branch, Math.Abs or Math.Max outside generated code?); finite differences there are not derivatives.");
        }

        if (!valueMatches)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"The gradient function returned f(x) = {value:G17} but the value function returned {center:G17}."));
        }

        return new GradientCheckReport(value, valueMatches, coordinates, worst, failed, kinks.Hits, kinks.Sites, suspectedKinks, warnings, options);
    }

    /// <summary>Central, backward and forward differences along coordinate <paramref name="index"/>, with the steps as actually represented.</summary>
    private static (double Central, double Left, double Right) Differences(Func<double[], double> evaluate, double[] point, int index, double h, double center)
    {
        double original = point[index];
        double up = original + h;
        double down = original - h;
        point[index] = up;
        double plus = evaluate(point);
        point[index] = down;
        double minus = evaluate(point);
        point[index] = original;

        double stepUp = up - original;
        double stepDown = original - down;
        return ((plus - minus) / (stepUp + stepDown), (center - minus) / stepDown, (plus - center) / stepUp);
    }

    private static double ValueAlong(GradientFunction function, double[] point, double[] direction, double h, double[] scratch)
    {
        double[] moved = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            moved[i] = point[i] + (h * direction[i]);
        }

        return function(moved, scratch);
    }

    private static double[][] RandomDirections(int count, int length, int seed)
    {
        var random = new Random(seed);
        var directions = new double[count][];
        for (int d = 0; d < count; d++)
        {
            directions[d] = new double[length];
            for (int i = 0; i < length; i++)
            {
                // Box–Muller: a standard normal component, so no coordinate is favoured.
                double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
                directions[d][i] = radius * Math.Cos(2 * Math.PI * random.NextDouble());
            }
        }

        return directions;
    }

    private static string KinkWarning(long hits, IReadOnlyList<KinkSite> sites, string consequence)
    {
        IEnumerable<string> names = sites.Take(5).Select(static site => string.Create(
            CultureInfo.InvariantCulture,
            $"{site.Primitive} in {site.Method} at {site.File}({site.Line},{site.Column})"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"x is at a kink: evaluating the derivative hit {hits} kink(s) counted by KinkMonitor ({string.Join("; ", names)}{(sites.Count > 5 ? "; ..." : "")}); the derivative there is a conservative choice and {consequence}.");
    }

    private static bool Within(double a, double b, double tolerance) => Math.Abs(a - b) <= tolerance;

    private static double MaxMagnitude(double[] values)
    {
        double largest = 0;
        foreach (double value in values)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        return largest;
    }

    private static void Validate(GradientCheckOptions options)
    {
        if (!(options.Step > 0 && double.IsFinite(options.Step)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Step, "Step must be finite and in (0, ∞).");
        }

        if (!(options.AbsoluteTolerance >= 0) || !(options.RelativeTolerance >= 0) || !(options.ConsistencyTolerance >= 0) || !(options.KinkTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "AbsoluteTolerance, RelativeTolerance, ConsistencyTolerance and KinkTolerance must be in [0, ∞).");
        }

        if (options.WorstCount < 0 || options.Directions < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "WorstCount and Directions must be in [0, ∞).");
        }
    }
}
