using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace AdGen;

/// <summary>
/// Counts, per kink site of generated code, how often a derivative was evaluated exactly at the kink (where the
/// result depends on a conservative rule rather than on a gradient). Off by default; when off, each site costs one
/// predictable branch on <see cref="IsEnabled"/>.
/// </summary>
public static class KinkMonitor
{
    private static readonly object s_gate = new();
    private static readonly List<KinkSite> s_sites = new();

    /// <summary>Whether generated code counts kink hits. Read by generated code at every kink site.</summary>
    public static bool IsEnabled;

    /// <summary>Switches counting on.</summary>
    public static void Enable() => IsEnabled = true;

    /// <summary>Switches counting off (counts are kept).</summary>
    public static void Disable() => IsEnabled = false;

    /// <summary>Registers a kink site. Generated code calls this once per site, from a static field initializer.</summary>
    public static KinkSite Register(string method, string file, int line, int column, string primitive, string rule)
    {
        var site = new KinkSite(method, file, line, column, primitive, rule);
        lock (s_gate)
        {
            s_sites.Add(site);
        }

        return site;
    }

    /// <summary>Every site registered so far (sites register when their containing type is first used).</summary>
    public static IReadOnlyList<KinkSite> Sites
    {
        get
        {
            lock (s_gate)
            {
                return s_sites.ToArray();
            }
        }
    }

    /// <summary>The sum of the hits of every site.</summary>
    public static long TotalHits
    {
        get
        {
            long total = 0;
            foreach (KinkSite site in Sites)
            {
                total += site.Hits;
            }

            return total;
        }
    }

    /// <summary>Sets every count to zero.</summary>
    public static void Reset()
    {
        foreach (KinkSite site in Sites)
        {
            site.Reset();
        }
    }

    /// <summary>A report of the sites that were hit, most hits first, one line per site.</summary>
    public static string Report()
    {
        var hit = new List<KinkSite>();
        foreach (KinkSite site in Sites)
        {
            if (site.Hits > 0)
            {
                hit.Add(site);
            }
        }

        hit.Sort(static (a, b) => b.Hits.CompareTo(a.Hits));
        var text = new StringBuilder();
        foreach (KinkSite site in hit)
        {
            text.AppendLine(site.ToString());
        }

        return text.Length == 0 ? "no kink hits" + Environment.NewLine : text.ToString();
    }
}

/// <summary>One kink site of generated code: a nonsmooth primitive at a source location and the rule applied there.</summary>
public sealed class KinkSite
{
    private long _hits;

    internal KinkSite(string method, string file, int line, int column, string primitive, string rule)
    {
        Method = method;
        File = file;
        Line = line;
        Column = column;
        Primitive = primitive;
        Rule = rule;
    }

    /// <summary>The differentiated method, e.g. <c>Model.Loss</c>.</summary>
    public string Method { get; }

    /// <summary>The source file's name.</summary>
    public string File { get; }

    /// <summary>One-based line of the primitive in the source.</summary>
    public int Line { get; }

    /// <summary>One-based column of the primitive in the source.</summary>
    public int Column { get; }

    /// <summary>The primitive and its kink, e.g. <c>Math.Max tie</c>.</summary>
    public string Primitive { get; }

    /// <summary>The rule applied at the kink, e.g. <c>split 0.5/0.5</c>.</summary>
    public string Rule { get; }

    /// <summary>Exact kink hits counted while the monitor was on.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Counts one hit (thread-safe). Called by generated code.</summary>
    public void Hit() => Interlocked.Increment(ref _hits);

    internal void Reset() => Interlocked.Exchange(ref _hits, 0);

    /// <inheritdoc/>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0}({1},{2}) {3}: {4:N0} {7}, rule {5} [{6}]",
        File,
        Line,
        Column,
        Primitive,
        Hits,
        Rule,
        Method,
        Hits == 1 ? "hit" : "hits");
}
