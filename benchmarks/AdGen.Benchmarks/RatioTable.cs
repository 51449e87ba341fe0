using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AdGen.Benchmarks;

/// <summary>The timings of one problem (one parameter set of one benchmark class), all from the same run.</summary>
public sealed record ProblemResult(string Key, string Problem, Dictionary<string, Measurement> ByMethod)
{
    public double Mean(string method) => ByMethod.TryGetValue(method, out Measurement? m) ? m.MeanNanoseconds : double.NaN;

    public long? Bytes(string method) => ByMethod.TryGetValue(method, out Measurement? m) ? m.BytesPerCall : null;
}

public sealed record Measurement(double MeanNanoseconds, double StandardErrorNanoseconds, long? BytesPerCall);

/// <summary>Turns BenchmarkDotNet summaries into the ratio table of issue 5 (markdown on the console and in a file, plus TSV).</summary>
public static class RatioTable
{
    public static IReadOnlyList<ProblemResult> Collect(Summary summary, Func<BenchmarkCase, string> key, Func<BenchmarkCase, string> problemName)
    {
        var results = new List<ProblemResult>();
        foreach (IGrouping<string, BenchmarkReport> group in summary.Reports.GroupBy(r => key(r.BenchmarkCase)))
        {
            var byMethod = new Dictionary<string, Measurement>();
            foreach (BenchmarkReport report in group)
            {
                if (report.ResultStatistics is null)
                {
                    continue;
                }

                byMethod[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] = new Measurement(
                    report.ResultStatistics.Mean,
                    report.ResultStatistics.StandardError,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
            }

            results.Add(new ProblemResult(group.Key, problemName(group.First().BenchmarkCase), byMethod));
        }

        return results;
    }

    public static string Markdown(IReadOnlyList<ProblemResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| problem | f | gradient | tangent | by hand | TorchSharp | gradient/f | tangent/f | gradient/by hand | TorchSharp/AdGen | B/gradient | B/TorchSharp |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (ProblemResult r in results)
        {
            double f = r.Mean("F"), gradient = r.Mean("Gradient"), tangent = r.Mean("Tangent"), hand = r.Mean("HandGradient"), torch = r.Mean("TorchGradient");
            text.AppendLine(string.Join(" | ",
                "| " + r.Problem,
                Time(f), Time(gradient), Time(tangent), Time(hand), Time(torch),
                Ratio(gradient / f), Ratio(tangent / f), Ratio(gradient / hand), Ratio(torch / gradient),
                BytesText(r.Bytes("Gradient")), BytesText(r.Bytes("TorchGradient")) + " |"));
        }

        return text.ToString();
    }

    /// <summary>Any table of one baseline and its variants (the kink-monitor comparison).</summary>
    public static string Simple(Summary summary)
    {
        var text = new StringBuilder();
        text.AppendLine("| variant | mean | ratio | B/call |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        BenchmarkReport? baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
        double baseMean = baseline?.ResultStatistics?.Mean ?? double.NaN;
        foreach (BenchmarkReport report in summary.Reports)
        {
            double mean = report.ResultStatistics?.Mean ?? double.NaN;
            text.AppendLine($"| {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} | {Time(mean)} | {Ratio(mean / baseMean)} | {BytesText(report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase))} |");
        }

        return text.ToString();
    }

    /// <summary>Tab-separated nanoseconds and bytes, read by benchmarks/run-all.sh to join ADOL-C's numbers.</summary>
    public static string Tsv(IReadOnlyList<ProblemResult> results)
    {
        var text = new StringBuilder("key\tproblem\tf_ns\tgradient_ns\ttangent_ns\thand_ns\ttorch_ns\tgradient_bytes\n");
        foreach (ProblemResult r in results)
        {
            text.Append(r.Key).Append('\t').Append(r.Problem).Append('\t')
                .AppendJoin('\t', new[] { "F", "Gradient", "Tangent", "HandGradient", "TorchGradient" }.Select(m => r.Mean(m).ToString("R", CultureInfo.InvariantCulture)))
                .Append('\t').Append(r.Bytes("Gradient")?.ToString(CultureInfo.InvariantCulture) ?? "").Append('\n');
        }

        return text.ToString();
    }

    public static void Save(string folder, string name, string content)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), content);
    }

    public static string Time(double nanoseconds) => double.IsNaN(nanoseconds) ? "–"
        : nanoseconds < 1e3 ? nanoseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ns"
        : nanoseconds < 1e6 ? (nanoseconds / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " µs"
        : nanoseconds < 1e9 ? (nanoseconds / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : (nanoseconds / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–"
        : ratio >= 100 ? ratio.ToString("0", CultureInfo.InvariantCulture)
        : ratio >= 10 ? ratio.ToString("0.0", CultureInfo.InvariantCulture)
        : ratio.ToString("0.00", CultureInfo.InvariantCulture);

    private static string BytesText(long? bytes) => bytes is null ? "–" : bytes.Value.ToString("N0", CultureInfo.InvariantCulture);
}
