using System;
using System.Globalization;
using System.IO;
using AdGen.Optimizers;
using AdGen.Samples.Optimizers;

// Minimises two small problems with every optimizer and plots f against steps.
// Usage: dotnet run --project samples/Optimizers -c Release [-- output.png]
// The default output is docs/images/optimizers.png under the repository root.
const int Steps = 3000;

string output = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(FindRepositoryRoot(), "docs", "images", "optimizers.png");
Problem[] problems = Problems.All;
Contestant[] contestants = Contestants.All;
var results = new MinimizationResult<double>[problems.Length, contestants.Length];

for (int p = 0; p < problems.Length; p++)
{
    Console.WriteLine(problems[p].Name);
    for (int c = 0; c < contestants.Length; c++)
    {
        Optimizer optimizer = contestants[c].Create();
        var options = new MinimizerOptions
        {
            MaxIterations = Steps,
            GradientTolerance = 0,
            Schedule = contestants[c].Schedule(Steps),
        };
        MinimizationResult<double> result = Minimizer.Minimize(problems[p].Objective, problems[p].Start, optimizer, options);
        results[p, c] = result;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {contestants[c].Label,-40} f = {result.Value,9:0.00e+00} at ({result.Point[0]:F6}, {result.Point[1]:F6}) after {result.Iterations} steps, {result.Elapsed.TotalMilliseconds:F1} ms"));
    }
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
ConvergencePlot.Save(output, problems, contestants, results);
Console.WriteLine($"Wrote {output}");

static string FindRepositoryRoot()
{
    for (DirectoryInfo? directory = new(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "AdGen.sln")))
        {
            return directory.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
