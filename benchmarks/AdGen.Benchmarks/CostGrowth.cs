using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AdGen.Benchmarks.Problems;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace AdGen.Benchmarks;

/// <summary>
/// How the cost of a full gradient grows with n on Extended Rosenbrock: reverse mode (one FGradient call) against
/// forward mode (n FTangent calls, one per unit direction). Forward mode is measured in full while one sweep costs
/// under a budget, and beyond that extrapolated as n × (the measured time of one tangent pass at that n), which is
/// exact for this code (each pass does the same work whatever the direction); the plot draws the extrapolation dashed.
/// </summary>
public static class CostGrowth
{
    private static readonly int[] s_sizes = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

    public sealed record Point(int N, double F, double Reverse, double Tangent, double ForwardFull, bool ForwardMeasured, double Hand);

    public static void Run(bool quick, string plotPath)
    {
        double budgetSeconds = quick ? 0.5 : 5;
        double sampleSeconds = quick ? 0.02 : 0.1;
        var points = new List<Point>();
        foreach (int n in s_sizes)
        {
            double[] x = Rosenbrock.StartingPoint(n);
            double[] gradient = new double[n];
            double[] direction = new double[n];
            double sink = 0;
            double f = SecondsPerCall(() => sink += Rosenbrock.Value(x), sampleSeconds);
            double reverse = SecondsPerCall(() => sink += Rosenbrock.ValueGradient(x, gradient), sampleSeconds);
            double hand = SecondsPerCall(() => sink += Rosenbrock.HandGradient(x, gradient), sampleSeconds);
            double[] random = Directions.Random(n);
            double tangent = SecondsPerCall(() => sink += Rosenbrock.ValueTangent(x, random).Tangent, sampleSeconds);

            bool measure = n * tangent < budgetSeconds;
            double forward = n * tangent;
            if (measure)
            {
                double[] forwardGradient = new double[n];
                void FullForwardSweep()
                {
                    for (int i = 0; i < n; i++)
                    {
                        direction[i] = 1;
                        forwardGradient[i] = Rosenbrock.ValueTangent(x, direction).Tangent;
                        direction[i] = 0;
                    }
                }

                forward = SecondsPerCall(FullForwardSweep, sampleSeconds);
                Rosenbrock.ValueGradient(x, gradient);
                for (int i = 0; i < n; i++)
                {
                    if (Math.Abs(forwardGradient[i] - gradient[i]) > 1e-9 * (1 + Math.Abs(gradient[i])))
                    {
                        throw new InvalidOperationException($"forward and reverse mode disagree at n = {n}, i = {i}");
                    }
                }
            }

            points.Add(new Point(n, f, reverse, tangent, forward, measure, hand));
            Console.WriteLine($"n = {n,7:N0}: f {RatioTable.Time(f * 1e9),10}, reverse gradient {RatioTable.Time(reverse * 1e9),10} ({reverse / f:0.00} f), by hand {RatioTable.Time(hand * 1e9),10} ({hand / f:0.00} f), one tangent {RatioTable.Time(tangent * 1e9),10} ({tangent / f:0.00} f), forward gradient (n tangents) {RatioTable.Time(forward * 1e9),10} ({forward / f:0} f){(measure ? "" : ", extrapolated")}{(sink == 42 ? "" : "")}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(plotPath)!);
        Plot(points, plotPath);
        File.WriteAllText(Path.ChangeExtension(plotPath, ".tsv"), Tsv(points));
        Console.WriteLine($"Plot written to {plotPath} (data beside it, .tsv). Machine load average: {Program.LoadAverage()}.");
    }

    /// <summary>
    /// Best of five samples of at least <paramref name="sampleSeconds"/> of this thread's CPU time each, after a warm-up:
    /// on a shared machine the least disturbed sample is the most faithful (the same method as benchmarks/adolc).
    /// </summary>
    public static double SecondsPerCall(Action action, double sampleSeconds)
    {
        double start = Priority.ThreadSeconds();
        int calls = 0;
        while (Priority.ThreadSeconds() - start < sampleSeconds || calls < 2)
        {
            action();
            calls++;
        }

        double best = double.PositiveInfinity;
        for (int sample = 0; sample < 5; sample++)
        {
            double begin = Priority.ThreadSeconds();
            for (int c = 0; c < calls; c++)
            {
                action();
            }

            best = Math.Min(best, (Priority.ThreadSeconds() - begin) / calls);
        }

        return best;
    }

    private static string Tsv(List<Point> points)
    {
        var text = new StringBuilder("n\tf_s\treverse_gradient_s\thand_gradient_s\ttangent_s\tforward_gradient_s\tforward_measured\n");
        foreach (Point p in points)
        {
            text.AppendLine(string.Join('\t', p.N.ToString(CultureInfo.InvariantCulture), p.F.ToString("R", CultureInfo.InvariantCulture), p.Reverse.ToString("R", CultureInfo.InvariantCulture), p.Hand.ToString("R", CultureInfo.InvariantCulture),
                p.Tangent.ToString("R", CultureInfo.InvariantCulture), p.ForwardFull.ToString("R", CultureInfo.InvariantCulture), p.ForwardMeasured ? "yes" : "extrapolated"));
        }

        return text.ToString();
    }

    private static void Plot(List<Point> points, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        IPalette palette = new ScottPlot.Palettes.Category10();
        double[] logN = points.Select(p => Math.Log10(p.N)).ToArray();
        List<Point> measured = points.Where(p => p.ForwardMeasured).ToList();
        List<Point> extrapolated = points.SkipWhile(p => p.ForwardMeasured).ToList();
        if (measured.Count > 0 && extrapolated.Count > 0)
        {
            extrapolated.Insert(0, measured[^1]);
        }

        Plot times = multiplot.GetPlot(0);
        Line(times, logN, points.Select(p => p.F * 1e9), palette.GetColor(7), "f", solid: true);
        Line(times, logN, points.Select(p => p.Reverse * 1e9), palette.GetColor(0), "reverse mode: 1 FGradient call", solid: true);
        Line(times, logN, points.Select(p => p.Hand * 1e9), palette.GetColor(2), "hand-written gradient", solid: true);
        Line(times, measured.Select(p => Math.Log10(p.N)).ToArray(), measured.Select(p => p.ForwardFull * 1e9), palette.GetColor(3), "forward mode: n FTangent calls (measured)", solid: true);
        Line(times, extrapolated.Select(p => Math.Log10(p.N)).ToArray(), extrapolated.Select(p => p.ForwardFull * 1e9), palette.GetColor(3), "forward mode: n × one FTangent call (extrapolated)", solid: false);
        Decorate(times, "Full gradient of Extended Rosenbrock: time", "time per full gradient (ns, log scale)");

        Plot ratios = multiplot.GetPlot(1);
        Line(ratios, logN, points.Select(p => p.Reverse / p.F), palette.GetColor(0), "reverse mode / f", solid: true);
        Line(ratios, logN, points.Select(p => p.Hand / p.F), palette.GetColor(2), "hand-written gradient / f", solid: true);
        Line(ratios, measured.Select(p => Math.Log10(p.N)).ToArray(), measured.Select(p => p.ForwardFull / p.F), palette.GetColor(3), "forward mode / f (measured)", solid: true);
        Line(ratios, extrapolated.Select(p => Math.Log10(p.N)).ToArray(), extrapolated.Select(p => p.ForwardFull / p.F), palette.GetColor(3), "forward mode / f (extrapolated)", solid: false);
        var target = ratios.Add.HorizontalLine(Math.Log10(3), 1, Colors.Gray, LinePattern.Dotted);
        target.LegendText = "target: gradient ≤ 3 f";
        Decorate(ratios, "Full gradient cost in units of f", "cost / cost of f (log scale)");

        multiplot.SavePng(path, 1600, 650);
    }

    private static void Line(Plot plot, double[] logN, IEnumerable<double> values, Color color, string label, bool solid)
    {
        double[] logValues = values.Select(Math.Log10).ToArray();
        if (logValues.Length == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(logN, logValues, color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = solid ? 6 : 0;
        line.LinePattern = solid ? LinePattern.Solid : LinePattern.Dashed;
    }

    private static void Decorate(Plot plot, string title, string yLabel)
    {
        plot.Title(title, size: 15);
        plot.XLabel("n (log scale)");
        plot.YLabel(yLabel);
        plot.Font.Set("DejaVu Sans");
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = static exponent => PowerOfTen((int)Math.Round(exponent)),
    };

    private static string PowerOfTen(int exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var text = new StringBuilder("10");
        if (exponent < 0)
        {
            text.Append('⁻');
        }

        foreach (char digit in Math.Abs(exponent).ToString(CultureInfo.InvariantCulture))
        {
            text.Append(superscripts[digit - '0']);
        }

        return text.ToString();
    }
}
