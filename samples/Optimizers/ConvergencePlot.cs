using System;
using System.Collections.Generic;
using AdGen.Optimizers;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace AdGen.Samples.Optimizers;

/// <summary>Draws f against steps, one panel per problem, on a log scale.</summary>
internal static class ConvergencePlot
{
    /// <summary>Values below this are drawn at it: a few optimizers reach 1e-100 and would flatten everyone else.</summary>
    public const double Floor = 1e-20;

    public static void Save(string path, IReadOnlyList<Problem> problems, IReadOnlyList<Contestant> contestants, MinimizationResult<double>[,] results)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(problems.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        IPalette palette = new ScottPlot.Palettes.Category10();

        for (int p = 0; p < problems.Count; p++)
        {
            Plot plot = multiplot.GetPlot(p);
            for (int c = 0; c < contestants.Count; c++)
            {
                IReadOnlyList<MinimizationRecord> history = results[p, c].History;
                var steps = new double[history.Count];
                var logValues = new double[history.Count];
                for (int i = 0; i < history.Count; i++)
                {
                    steps[i] = history[i].Step;
                    logValues[i] = Math.Log10(Math.Max(history[i].Value, Floor));
                }

                var line = plot.Add.ScatterLine(steps, logValues, palette.GetColor(c));
                line.LineWidth = c == contestants.Count - 1 ? 3 : 1.5f;
                line.LegendText = contestants[c].Label;
            }

            plot.Title(problems[p].Name, size: 15);
            plot.XLabel("step");
            plot.YLabel("f (log scale, floored at 10⁻²⁰)");
            plot.Font.Set("DejaVu Sans");
            plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = static exponent => PowerOfTen((int)Math.Round(exponent)),
            };
            plot.Axes.SetLimitsY(Math.Log10(Floor) - 0.5, 2);
            plot.Axes.SetLimitsX(0, results[p, 0].History.Count - 1);
            plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
            // One legend serves both panels: the colours are the same.
            if (p == 0)
            {
                plot.ShowLegend(Alignment.LowerLeft);
            }
            else
            {
                plot.HideLegend();
            }
        }

        multiplot.SavePng(path, 1800, 720);
    }

    private static string PowerOfTen(int exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var text = new System.Text.StringBuilder("10");
        if (exponent < 0)
        {
            text.Append('⁻');
        }

        foreach (char digit in Math.Abs(exponent).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            text.Append(superscripts[digit - '0']);
        }

        return text.ToString();
    }
}
