using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AdGen.Benchmarks;

/// <summary>
/// Modes:
/// <list type="bullet">
/// <item><c>--quick</c>: every problem and the kink-monitor comparison with a short job (about two minutes), then the ratio table.</item>
/// <item><c>--full</c>: the same with a longer job (the numbers in docs/benchmarks.md).</item>
/// <item><c>--growth [--plot path]</c>: reverse vs forward mode cost on Extended Rosenbrock for n = 10 … 10⁵, and the PNG plot.</item>
/// <item><c>--generator</c>: the generator's own time per run and per incremental edit (GeneratorDriver timings).</item>
/// <item><c>--write-synthetic-project dir [count]</c>: the 200-method project that benchmarks/generator-build-time.sh builds.</item>
/// <item><c>--verify</c>: only the agreement checks that <c>--quick</c> and <c>--full</c> run before timing anything.</item>
/// <item><c>--probe [problem]</c>: a ten-second Stopwatch look at the ratios while changing the generator (not for reporting).</item>
/// <item><c>--write-kink-free-copy</c>: refresh Problems/PiecewiseWithoutKinkChecks.cs from the generated code.</item>
/// <item>anything else goes to BenchmarkSwitcher, e.g. <c>--filter *OptimizerStep* --job short</c>.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        switch (mode)
        {
            case "--quick":
            case "--full":
                RunProblems(quick: mode == "--quick");
                return 0;
            case "--growth":
                Priority.Raise();
                CostGrowth.Run(quick: args.Contains("--quick"), plotPath: OptionValue(args, "--plot") ?? Path.Combine(RepositoryRoot(), "docs", "images", "rosenbrock-cost-growth.png"));
                return 0;
            case "--generator":
                Priority.Raise();
                GeneratorTiming.Run();
                return 0;
            case "--write-synthetic-project":
                SyntheticProject.Write(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
                return 0;
            case "--verify":
                Verification.Run(ProblemSizes.OdeSteps);
                return 0;
            case "--probe":
                Priority.Raise();
                Probe.Run(args.Length > 1 ? args[1] : null);
                return 0;
            case "--write-kink-free-copy":
                KinkFreeCopy.Write(Path.Combine(RepositoryRoot(), "benchmarks", "AdGen.Benchmarks"));
                return 0;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }

    private static void RunProblems(bool quick)
    {
        ProblemSizes.Quick = quick;
        var clock = Stopwatch.StartNew();
        Verification.Run(ProblemSizes.OdeSteps);
        IConfig config = Config(quick);

        // Keys match benchmarks/adolc/adolc_bench.cpp, for the combined table of benchmarks/run-all.sh.
        var problems = new (Type Type, Func<BenchmarkCase, string> Key, Func<BenchmarkCase, string> Name)[]
        {
            (typeof(RosenbrockBenchmarks), c => $"rosenbrock-{c.Parameters["N"]}", c => $"1. Extended Rosenbrock n = {c.Parameters["N"]:N0}"),
            (typeof(MlpBenchmarks), c => (bool)c.Parameters["Vectorised"] ? "mlp-vectorised" : "mlp", c => $"2. MLP 784-128-10, batch {ProblemSizes.MlpBatch}" + ((bool)c.Parameters["Vectorised"] ? ", with TensorPrimitives.Dot" : string.Empty)),
            (typeof(SoftmaxCrossEntropyBenchmarks), c => (bool)c.Parameters["StoppedMax"] ? "softmax-stopped-max" : "softmax", c => $"3. softmax cross-entropy, {ProblemSizes.Classes:N0} classes" + ((bool)c.Parameters["StoppedMax"] ? ", max through AdMath.StopGradient" : string.Empty)),
            (typeof(BlackScholesBenchmarks), _ => "black-scholes", _ => "4a. Black–Scholes call, closed form"),
            (typeof(MonteCarloBenchmarks), _ => "monte-carlo", _ => $"4b. Monte Carlo call, {ProblemSizes.Paths:N0} paths"),
            (typeof(PiecewiseBenchmarks), c => (int)c.Parameters["N"] == ProblemSizes.PiecewiseLength ? "piecewise" : $"piecewise-{c.Parameters["N"]}", c => $"5. piecewise max/abs/branches, n = {c.Parameters["N"]:N0}"),
            (typeof(LotkaVolterraBenchmarks), _ => "lotka-volterra", c => $"6. Lotka–Volterra RK4, {c.Parameters["Steps"]:N0} steps"),
        };

        Priority.Raise();
        var results = new List<ProblemResult>();
        foreach ((Type type, Func<BenchmarkCase, string> key, Func<BenchmarkCase, string> name) in problems)
        {
            Summary summary = BenchmarkRunner.Run(type, config);
            results.AddRange(RatioTable.Collect(summary, key, name));
        }

        Summary kink = BenchmarkRunner.Run(typeof(KinkMonitorBenchmarks), config);

        var report = new StringBuilder();
        report.AppendLine(quick
            ? "Quick mode: short job (3 warm-ups, 8 iterations of ~100 ms, in-process), Lotka–Volterra with 1,000 steps instead of 10,000."
            : "Full mode: 3 warm-ups, 10 iterations of ~250 ms (at least one call each), in-process.");
        report.AppendLine($"Machine: {Environment.ProcessorCount} cores, {MachineDescription()}; load average before the run: {LoadAverage()}.");
        report.AppendLine();
        report.Append(RatioTable.Markdown(results));
        report.AppendLine();
        foreach (ProblemResult piecewise in results.Where(static r => r.Key.StartsWith("piecewise", StringComparison.Ordinal)))
        {
            double sameRules = piecewise.Mean("HandGradientSameRules");
            report.AppendLine($"{piecewise.Problem}, by hand with AdGen's rules at the kinks (Math.Max for the value, max ties split 0.5/0.5): {RatioTable.Time(sameRules)}, "
                + $"{RatioTable.Ratio(sameRules / piecewise.Mean("HandGradient"))} times the hand-written gradient; AdGen's gradient is {RatioTable.Ratio(piecewise.Mean("Gradient") / sameRules)} times it.");
        }

        foreach (ProblemResult closedForm in results.Where(static r => r.Key == "black-scholes"))
        {
            double sameProgram = closedForm.Mean("HandGradientSameProgram");
            report.AppendLine($"{closedForm.Problem}, by hand through the approximated Φ (the derivative of the program as written): {RatioTable.Time(sameProgram)}, "
                + $"{RatioTable.Ratio(sameProgram / closedForm.Mean("HandGradient"))} times the hand-written Greeks; AdGen's gradient is {RatioTable.Ratio(closedForm.Mean("Gradient") / sameProgram)} times it.");
        }

        report.AppendLine();

        report.AppendLine("Kink monitor, gradient of problem 5:");
        report.AppendLine();
        report.Append(RatioTable.Simple(kink));

        string folder = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
        string suffix = quick ? "quick" : "full";
        RatioTable.Save(folder, $"adgen-ratios-{suffix}.md", report.ToString());
        RatioTable.Save(folder, $"adgen-ratios-{suffix}.tsv", RatioTable.Tsv(results));
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"Written to {folder}/adgen-ratios-{suffix}.md and .tsv; total {clock.Elapsed.TotalSeconds:0} s.");
    }

    /// <summary>
    /// In-process: the out-of-process toolchain would rebuild this project (and copy libtorch's 600 MB) for every run.
    /// Both jobs measure each call with BenchmarkDotNet's usual pilot, warm-up, overhead subtraction and statistics.
    /// </summary>
    private static IConfig Config(bool quick)
    {
        Job job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1);
        job = quick
            ? job.WithWarmupCount(3).WithIterationCount(8).WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Quick")
            : job.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Full");
        return DefaultConfig.Instance.AddJob(job.AsDefault()).WithOptions(ConfigOptions.DisableLogFile);
    }

    public static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AdGen.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public static string MachineDescription()
    {
        try
        {
            string? model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return model is null ? "unknown CPU" : model[(model.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? OptionValue(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
