using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AdGen.Checking;

/// <summary>The result of <see cref="GradientCheck.Check(GradientFunction, System.ReadOnlySpan{double}, GradientCheckOptions?)"/>.</summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(
        double value,
        bool valueMatches,
        IReadOnlyList<CoordinateCheck> coordinates,
        IReadOnlyList<CoordinateCheck> worstCoordinates,
        int failedCount,
        long kinkHits,
        IReadOnlyList<KinkSite> kinkSitesHit,
        IReadOnlyList<int> suspectedKinkCoordinates,
        IReadOnlyList<string> warnings,
        GradientCheckOptions options)
    {
        Value = value;
        ValueMatches = valueMatches;
        Coordinates = coordinates;
        WorstCoordinates = worstCoordinates;
        FailedCount = failedCount;
        KinkHits = kinkHits;
        KinkSitesHit = kinkSitesHit;
        SuspectedKinkCoordinates = suspectedKinkCoordinates;
        Warnings = warnings;
        Options = options;
    }

    /// <summary>Whether every component is within tolerance (and, with a separate value function, the values agree).</summary>
    public bool Passed => FailedCount == 0 && ValueMatches;

    /// <summary>f(x) as the gradient function returned it.</summary>
    public double Value { get; }

    /// <summary>
    /// Whether the gradient function's value agrees with the separate value function (within the same tolerances);
    /// true when there is none.
    /// </summary>
    public bool ValueMatches { get; }

    /// <summary>Every coordinate, by index.</summary>
    public IReadOnlyList<CoordinateCheck> Coordinates { get; }

    /// <summary>The coordinates with the largest <see cref="CoordinateCheck.ToleranceRatio"/>, worst first.</summary>
    public IReadOnlyList<CoordinateCheck> WorstCoordinates { get; }

    /// <summary>How many coordinates are outside tolerance.</summary>
    public int FailedCount { get; }

    /// <summary>Kink hits the <see cref="KinkMonitor"/> counted while the gradient was evaluated at x.</summary>
    public long KinkHits { get; }

    /// <summary>The kink sites hit while the gradient was evaluated at x.</summary>
    public IReadOnlyList<KinkSite> KinkSitesHit { get; }

    /// <summary>Whether the monitor saw x at a kink: the gradient there is a conservative choice, and finite differences say nothing about it.</summary>
    public bool AtKink => KinkHits > 0;

    /// <summary>Coordinates whose left and right differences disagree: kinks the monitor cannot see.</summary>
    public IReadOnlyList<int> SuspectedKinkCoordinates { get; }

    /// <summary>Whether either kink test fired; a failure at a kink is not evidence of a wrong gradient.</summary>
    public bool HasKinkWarning => AtKink || SuspectedKinkCoordinates.Count > 0;

    /// <summary>Readable warnings (kinks, value mismatch), empty when there are none.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The step and tolerances the check used.</summary>
    public GradientCheckOptions Options { get; }

    /// <summary>A summary line, the worst coordinates as a table, and the warnings.</summary>
    public override string ToString()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(invariant, $"Gradient check {(Passed ? "passed" : "FAILED")}: ");
        text.Append(FailedCount == 0
            ? string.Create(invariant, $"all {Coordinates.Count} coordinates within ")
            : string.Create(invariant, $"{FailedCount} of {Coordinates.Count} coordinates outside "));
        text.Append(invariant, $"|analytic - numeric| <= {Options.AbsoluteTolerance:G3} + {Options.RelativeTolerance:G3}*|numeric| ");
        text.Append(invariant, $"(central differences, step {Options.Step:G3}*max(1, |x_i|)); f(x) = {Value:G10}.");
        text.AppendLine();
        if (WorstCoordinates.Count > 0)
        {
            text.AppendLine("Worst coordinates:");
            text.AppendLine(string.Format(invariant, "  {0,6} {1,18} {2,18} {3,12} {4,10}  {5}", "index", "analytic", "numeric", "abs error", "ratio", ""));
            foreach (CoordinateCheck coordinate in WorstCoordinates)
            {
                text.AppendLine(string.Format(
                    invariant,
                    "  {0,6} {1,18:G10} {2,18:G10} {3,12:G3} {4,10:G3}  {5}{6}",
                    coordinate.Index,
                    coordinate.Analytic,
                    coordinate.Numeric,
                    coordinate.AbsoluteError,
                    coordinate.ToleranceRatio,
                    coordinate.Passed ? "ok" : "FAIL",
                    coordinate.SuspectedKink ? " (kink?)" : ""));
            }
        }

        foreach (string warning in Warnings)
        {
            text.Append("Warning: ").AppendLine(warning);
        }

        return text.ToString();
    }
}
