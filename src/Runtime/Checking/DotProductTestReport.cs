using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AdGen.Checking;

/// <summary>The result of <see cref="GradientCheck.CheckDotProduct"/>.</summary>
public sealed class DotProductTestReport
{
    internal DotProductTestReport(
        double value,
        double tangentValue,
        bool valuesMatch,
        IReadOnlyList<DirectionCheck> directions,
        long kinkHits,
        IReadOnlyList<KinkSite> kinkSitesHit,
        IReadOnlyList<string> warnings,
        GradientCheckOptions options)
    {
        Value = value;
        TangentValue = tangentValue;
        ValuesMatch = valuesMatch;
        Directions = directions;
        KinkHits = kinkHits;
        KinkSitesHit = kinkSitesHit;
        Warnings = warnings;
        Options = options;
    }

    /// <summary>Whether the values agree and every direction passed.</summary>
    public bool Passed
    {
        get
        {
            if (!ValuesMatch)
            {
                return false;
            }

            foreach (DirectionCheck direction in Directions)
            {
                if (!direction.Passed)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>f(x) as the gradient function returned it.</summary>
    public double Value { get; }

    /// <summary>f(x) as the tangent function returned it (for the first direction).</summary>
    public double TangentValue { get; }

    /// <summary>Whether the tangent function's value equals the gradient function's (within the consistency tolerance).</summary>
    public bool ValuesMatch { get; }

    /// <summary>One entry per random direction.</summary>
    public IReadOnlyList<DirectionCheck> Directions { get; }

    /// <summary>Kink hits the <see cref="KinkMonitor"/> counted while the derivatives were evaluated at x.</summary>
    public long KinkHits { get; }

    /// <summary>The kink sites hit while the derivatives were evaluated at x.</summary>
    public IReadOnlyList<KinkSite> KinkSitesHit { get; }

    /// <summary>Whether the monitor saw x at a kink, where forward and reverse rules may legitimately differ.</summary>
    public bool AtKink => KinkHits > 0;

    /// <summary>Readable warnings, empty when there are none.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The tolerances the test used.</summary>
    public GradientCheckOptions Options { get; }

    /// <summary>A summary line, one line per direction, and the warnings.</summary>
    public override string ToString()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(invariant, $"Dot-product test {(Passed ? "passed" : "FAILED")}: forward vs reverse within {Options.ConsistencyTolerance:G3} (relative), ");
        text.Append(invariant, $"reverse vs central differences within {Options.AbsoluteTolerance:G3} + {Options.RelativeTolerance:G3}*|numeric|; f(x) = {Value:G10}");
        text.AppendLine(ValuesMatch ? "." : string.Create(invariant, $", but the tangent function returned f(x) = {TangentValue:G10}."));
        text.AppendLine(string.Format(invariant, "  {0,4} {1,22} {2,22} {3,22}  {4}", "v", "forward", "reverse", "numeric", ""));
        foreach (DirectionCheck direction in Directions)
        {
            text.AppendLine(string.Format(
                invariant,
                "  {0,4} {1,22:G15} {2,22:G15} {3,22:G10}  {4}",
                direction.Index,
                direction.Forward,
                direction.Reverse,
                direction.Numeric,
                direction.Passed ? "ok" : direction.Consistent ? "FAIL (numeric)" : "FAIL (forward != reverse)"));
        }

        foreach (string warning in Warnings)
        {
            text.Append("Warning: ").AppendLine(warning);
        }

        return text.ToString();
    }
}
