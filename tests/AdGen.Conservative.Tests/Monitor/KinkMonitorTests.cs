using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Xunit;

namespace AdGen.Conservative.Tests.Monitor;

/// <summary>KinkMonitor is global state: its tests run alone, never in parallel with any other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KinkMonitorCollection
{
    public const string Name = "KinkMonitor";
}

/// <summary>
/// The kink monitor: stable site identities, exact counts (one hit per kink evaluated exactly at its kink, per call
/// of Gradient, Pullback or Tangent: each member differentiates once), the report, Reset, off means no counting, and
/// no count lost under concurrent calls.
/// </summary>
[Collection(KinkMonitorCollection.Name)]
public sealed class KinkMonitorTests : IDisposable
{
    private static readonly string[] SourceLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Monitor", "MonitoredModel.cs"));

    public KinkMonitorTests()
    {
        // Sites register from static field initializers: make sure this type's are there before looking.
        RuntimeHelpers.RunClassConstructor(typeof(MonitoredModel).TypeHandle);
        KinkMonitor.Disable();
        KinkMonitor.Reset();
    }

    public void Dispose()
    {
        KinkMonitor.Disable();
        KinkMonitor.Reset();
    }

    private static KinkSite[] SitesOf(string method) => KinkMonitor.Sites.Where(s => s.Method == "MonitoredModel." + method).OrderBy(static s => s.Column).ToArray();

    private static KinkSite SiteOf(string method) => Assert.Single(SitesOf(method));

    /// <summary>One-based line and column of the first occurrence of <paramref name="call"/> in MonitoredModel.cs.</summary>
    private static (int Line, int Column) Locate(string call, int occurrence = 0)
    {
        int seen = 0;
        for (int i = 0; i < SourceLines.Length; i++)
        {
            int column = -1;
            while ((column = SourceLines[i].IndexOf(call, column + 1, StringComparison.Ordinal)) >= 0)
            {
                if (seen++ == occurrence)
                {
                    return (i + 1, column + 1);
                }
            }
        }

        throw new InvalidOperationException(call + " not found in MonitoredModel.cs");
    }

    [Fact]
    public void EachSiteHasAStableIdentity()
    {
        KinkSite max = SiteOf("RunningMax");
        Assert.Equal("MonitoredModel.cs", max.File);
        Assert.Equal(Locate("Math.Max(m, x[i])"), (max.Line, max.Column));
        Assert.Contains("Math.Max(m, x[i])", max.Primitive, StringComparison.Ordinal);
        Assert.Equal("split 0.5/0.5", max.Rule);

        KinkSite[] relus = SitesOf("ReluDifference");
        Assert.Equal(2, relus.Length);
        Assert.Equal(Locate("AdMath.Relu(x)"), (relus[0].Line, relus[0].Column));
        Assert.Equal(Locate("AdMath.Relu(-x)"), (relus[1].Line, relus[1].Column));
        Assert.All(relus, static s => Assert.Equal("slope 0", s.Rule));

        Assert.Contains("weight 1", SiteOf("Clipped").Rule, StringComparison.Ordinal);
        Assert.Contains("Math.Sqrt(x)", SiteOf("SquareRoot").Primitive, StringComparison.Ordinal);
        Assert.Equal(Locate("Math.Sign(x)"), (SiteOf("SignTimesX").Line, SiteOf("SignTimesX").Column));

        // A branch on a differentiable value: the kink is equality in its condition, the rule the branch taken.
        KinkSite branch = SiteOf("Branch");
        Assert.Equal(Locate("x > 0.0"), (branch.Line, branch.Column));
        Assert.Contains("x > 0.0", branch.Primitive, StringComparison.Ordinal);
        Assert.Equal("the branch the program takes", branch.Rule);

        // Registered once, however many members (Gradient, Pullback, Tangent) use the site.
        Assert.Single(KinkMonitor.Sites, static s => s.Method == "MonitoredModel.RunningMax");
    }

    [Fact]
    public void SwitchedOffItCountsNothing()
    {
        double[] ties = Enumerable.Repeat(5.0, 10).ToArray();
        for (int i = 0; i < 100; i++)
        {
            MonitoredModel.RunningMaxGradient(ties, new double[ties.Length]);
            MonitoredModel.RunningMaxTangent(ties, new double[ties.Length]);
        }

        Assert.Equal(0, SiteOf("RunningMax").Hits);
        Assert.Equal(0, KinkMonitor.TotalHits);
    }

    [Fact]
    public void CountsAreExactOnAConstructedInput()
    {
        KinkMonitor.Enable();
        KinkSite max = SiteOf("RunningMax");

        // [1, 3, 3, 2, 3]: the running max ties exactly twice (3 with 3 at i = 2 and i = 4).
        double[] x = { 1.0, 3.0, 3.0, 2.0, 3.0 };
        MonitoredModel.RunningMaxGradient(x, new double[x.Length]);
        Assert.Equal(2, max.Hits);
        MonitoredModel.RunningMaxTangent(x, new double[x.Length]);
        Assert.Equal(4, max.Hits);
        MonitoredModel.RunningMaxPullback(x, 1.0, new double[x.Length]);
        Assert.Equal(6, max.Hits);

        // k = 9 ties: 9 hits per call.
        double[] ties = Enumerable.Repeat(-2.5, 10).ToArray();
        MonitoredModel.RunningMaxGradient(ties, new double[ties.Length]);
        Assert.Equal(15, max.Hits);

        // Near a kink is not at it.
        double[] near = { 1.0, 1.0 + 1e-15, 1.0 - 1e-15, 1e-300 };
        MonitoredModel.RunningMaxGradient(near, new double[near.Length]);
        Assert.Equal(15, max.Hits);

        // The value alone (the method itself) does not differentiate, so it counts nothing.
        MonitoredModel.RunningMax(ties);
        Assert.Equal(15, max.Hits);

        // ReLU: one hit per entry exactly at 0 (−0.0 included), per call.
        KinkSite relu = SiteOf("ReluSum");
        double[] z = { 0.0, 1.0, -0.0, -1.0, 0.0, 1e-300 };
        MonitoredModel.ReluSumGradient(z, new double[z.Length]);
        Assert.Equal(3, relu.Hits);
        MonitoredModel.ReluSumTangent(z, new double[z.Length]);
        Assert.Equal(6, relu.Hits);

        // Two sites in one expression are counted separately; sqrt's singular point and clamp's bounds count too.
        KinkSite[] pair = SitesOf("ReluDifference");
        MonitoredModel.ReluDifferenceGradient(0.0, out _);
        MonitoredModel.ReluDifferenceGradient(2.0, out _);
        Assert.Equal(new long[] { 1, 1 }, pair.Select(static s => s.Hits));
        MonitoredModel.SquareRootTangent(0.0, 1.0);
        Assert.Equal(1, SiteOf("SquareRoot").Hits);
        MonitoredModel.ClippedGradient(1.0, out _);
        MonitoredModel.ClippedGradient(-1.0, out _);
        MonitoredModel.ClippedGradient(0.5, out _);
        Assert.Equal(2, SiteOf("Clipped").Hits);

        // A branch counts a tie in its condition (x == 0 for x > 0.0), once per call in each mode.
        MonitoredModel.BranchGradient(0.0, out _);
        MonitoredModel.BranchTangent(0.0, 1.0);
        MonitoredModel.BranchGradient(-1.0, out _);
        Assert.Equal(2, SiteOf("Branch").Hits);

        // Sign's jump at 0.
        MonitoredModel.SignTimesXGradient(0.0, out _);
        MonitoredModel.SignTimesXTangent(0.5, 1.0);
        Assert.Equal(1, SiteOf("SignTimesX").Hits);

        Assert.Equal(15 + 6 + 2 + 1 + 2 + 2 + 1, KinkMonitor.TotalHits);
    }

    [Fact]
    public void DisableKeepsTheCountsAndResetClearsThem()
    {
        KinkMonitor.Enable();
        MonitoredModel.ReluDifferenceGradient(0.0, out _);
        KinkMonitor.Disable();
        MonitoredModel.ReluDifferenceGradient(0.0, out _);
        Assert.Equal(2, KinkMonitor.TotalHits);

        KinkMonitor.Reset();
        Assert.Equal(0, KinkMonitor.TotalHits);
        Assert.All(KinkMonitor.Sites, static s => Assert.Equal(0, s.Hits));
        Assert.Equal("no kink hits" + Environment.NewLine, KinkMonitor.Report());

        KinkMonitor.Enable();
        MonitoredModel.ReluDifferenceTangent(0.0, 1.0);
        Assert.Equal(2, KinkMonitor.TotalHits);
    }

    [Fact]
    public void TheReportListsHitSitesMostHitsFirst()
    {
        KinkMonitor.Enable();
        double[] ties = Enumerable.Repeat(1.0, 1205).ToArray();
        MonitoredModel.RunningMaxGradient(ties, new double[ties.Length]); // 1,204 ties
        MonitoredModel.SquareRootGradient(0.0, out _);                     // 1
        double[] zeros = { 0.0, 0.0, 0.0 };
        MonitoredModel.ReluSumGradient(zeros, new double[3]);              // 3

        string[] lines = KinkMonitor.Report().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);

        (int line, int column) = Locate("Math.Max(m, x[i])");
        Assert.StartsWith(FormattableString.Invariant($"MonitoredModel.cs({line},{column}) "), lines[0], StringComparison.Ordinal);
        Assert.Contains(": 1,204 hits, rule split 0.5/0.5", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("[MonitoredModel.RunningMax]", lines[0], StringComparison.Ordinal);

        (line, column) = Locate("AdMath.Relu(x[i])");
        Assert.StartsWith(FormattableString.Invariant($"MonitoredModel.cs({line},{column}) "), lines[1], StringComparison.Ordinal);
        Assert.Contains(": 3 hits, rule slope 0", lines[1], StringComparison.Ordinal);

        (line, column) = Locate("Math.Sqrt(x)");
        Assert.StartsWith(FormattableString.Invariant($"MonitoredModel.cs({line},{column}) "), lines[2], StringComparison.Ordinal);
        Assert.Contains(": 1 hit, rule ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentCallsLoseNoCount()
    {
        KinkMonitor.Enable();
        const int calls = 4000;
        Parallel.For(
            0,
            calls,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            _ =>
            {
                double[] ties = { 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0 };
                MonitoredModel.RunningMaxGradient(ties, new double[ties.Length]); // 9 hits
                MonitoredModel.RunningMaxTangent(ties, new double[ties.Length]);  // 9 hits
                MonitoredModel.ReluSumPullback(new[] { 0.0, 0.0, 0.0 }, 1.0, new double[3]); // 3 hits
                MonitoredModel.ReluDifferenceTangent(0.0, 1.0); // 1 hit on each of two sites
            });

        Assert.Equal(calls * 18L, SiteOf("RunningMax").Hits);
        Assert.Equal(calls * 3L, SiteOf("ReluSum").Hits);
        Assert.All(SitesOf("ReluDifference"), static s => Assert.Equal(calls, s.Hits));
        Assert.Equal(calls * 23L, KinkMonitor.TotalHits);
    }
}
