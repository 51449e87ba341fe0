using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Property: every randomly generated supported program is differentiated without diagnostics, its generated code
/// compiles without warnings, and its gradient, tangent and pullback agree with each other and with finite
/// differences. The run seed is random unless ADGEN_PROPERTY_SEED is set; failures print it with the program's
/// index (ADGEN_PROPERTY_PROGRAM replays that program alone) and a minimised version of the program.
/// </summary>
public sealed class RandomProgramProperties
{
    private const int DefaultProgramCount = 1000;
    private const int BatchSize = 100;
    private const int FloatTwinEvery = 6;

    private readonly ITestOutputHelper _output;

    public RandomProgramProperties(ITestOutputHelper output) => _output = output;

    [Fact]
    public void RandomProgramsHaveConsistentDerivatives()
    {
        ulong seed = Environment.GetEnvironmentVariable("ADGEN_PROPERTY_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64();
        int count = Environment.GetEnvironmentVariable("ADGEN_PROPERTY_PROGRAMS") is { Length: > 0 } countText
            ? int.Parse(countText, CultureInfo.InvariantCulture)
            : DefaultProgramCount;
        GeneratorSettings settings = KnownGeneratorBugs.Settings();
        IEnumerable<int> indices = Environment.GetEnvironmentVariable("ADGEN_PROPERTY_PROGRAM") is { Length: > 0 } only
            ? new[] { int.Parse(only, CultureInfo.InvariantCulture) }
            : Enumerable.Range(0, count);

        var clock = Stopwatch.StartNew();
        TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        List<GeneratedProgram> programs = indices.Select(i => RandomProgramGenerator.Generate(i, ChoiceSource.FromSeed((uint)i, seed), settings)).ToList();
        if (settings.Has(Feature.FloatPrograms))
        {
            // Every sixth program also gets a float twin, checked against the double program in the same batch.
            programs.AddRange(programs.Where(static p => p.Index % FloatTwinEvery == 0).Select(p => RandomProgramGenerator.GenerateFloatTwin(p, settings)).ToList());
        }

        TimeSpan generation = clock.Elapsed;

        // Batches are independent: compile two at a time so that the generator (single-threaded) and the
        // compiler's emit phase of different batches overlap on two cores.
        var statistics = new CheckStatistics();
        var failures = new List<ProgramFailure>();
        var gate = new object();
        Parallel.ForEach(
            programs.GroupBy(static p => p.Index / BatchSize).Select(static g => g.ToArray()),
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            batch =>
            {
                var batchStatistics = new CheckStatistics();
                List<ProgramFailure> batchFailures = ProgramBatch.CompileAndCheck(batch, seed, batchStatistics);
                lock (gate)
                {
                    statistics.Add(batchStatistics);
                    failures.AddRange(batchFailures);
                }
            });
        failures.Sort(static (a, b) => a.Program.Index.CompareTo(b.Program.Index));

        TimeSpan checking = clock.Elapsed - generation;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        _output.WriteLine("seed " + seed + ", " + settings);
        _output.WriteLine(programs.Count + " programs generated in " + generation.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s; "
            + statistics.Compilations + " compilations; checked in " + checking.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s (generator "
            + statistics.GeneratorTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s, emit " + statistics.EmitTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)
            + " s, numeric checks " + statistics.CheckTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s, summed over threads); process CPU "
            + cpu.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
        _output.WriteLine(statistics.ProgramsChecked + " programs checked at " + statistics.PointsChecked + " points; non-smooth points " + statistics.NonSmoothPoints
            + ", non-finite points " + statistics.NonFinitePoints + ", programs without a smooth point " + statistics.ProgramsWithoutSmoothPoint
            + "; loops storing a gradient span " + statistics.StoredGradients + "; loops with factored adjoint sums " + statistics.FactoredLoops + "; shared adjoint sums " + statistics.SharedSums);
        _output.WriteLine("feature coverage: " + string.Join(", ", Enum.GetValues<Feature>().Select(f => f + " " + programs.Count(p => p.UsedFeatures.Contains(f)))));
        _output.WriteLine("average program size: " + programs.Average(static p => p.Source.Length).ToString("F0", CultureInfo.InvariantCulture) + " characters");

        if (failures.Count > 0)
        {
            string report = Report(failures, programs.Count, seed, settings);
            _output.WriteLine(report);
            Assert.Fail(report);
        }

        Assert.True(statistics.ProgramsChecked >= Math.Min(count, DefaultProgramCount) || programs.Count < DefaultProgramCount, "too few programs checked");
        Assert.True(statistics.ProgramsWithoutSmoothPoint * 50 <= statistics.ProgramsChecked, "too many programs without a smooth point: " + statistics.ProgramsWithoutSmoothPoint);
        Assert.True(statistics.NonFinitePoints * 100 <= statistics.PointsChecked + statistics.NonFinitePoints, "too many non-finite values: " + statistics.NonFinitePoints);
    }

    /// <summary>Groups failures by symptom and shows the smallest program of each, minimised.</summary>
    private static string Report(List<ProgramFailure> failures, int programCount, ulong seed, GeneratorSettings settings)
    {
        var report = new StringBuilder();
        report.AppendLine(failures.Count + " of " + programCount + " programs failed (seed " + seed + "; replay one with ADGEN_PROPERTY_SEED=" + seed + " ADGEN_PROPERTY_PROGRAM=<index>).");
        List<IGrouping<string, ProgramFailure>> groups = failures.GroupBy(Symptom).OrderByDescending(static g => g.Count()).ToList();
        foreach (IGrouping<string, ProgramFailure> group in groups)
        {
            report.AppendLine("  " + group.Key + " (" + group.Count() + "): programs " + string.Join(", ", group.OrderBy(static f => f.Program.Index).Select(static f => f.Program.TypeName).Take(30)));
        }

        var clock = Stopwatch.StartNew();
        foreach (IGrouping<string, ProgramFailure> group in groups)
        {
            ProgramFailure failure = group.MinBy(static f => f.Program.Source.Length)!;
            report.AppendLine();
            report.AppendLine("=== " + group.Key + ": program " + failure.Program.TypeName);
            report.AppendLine(failure.Message);
            report.AppendLine(failure.Program.SourceWithLineNumbers());
            ProgramFailure? minimal = Environment.GetEnvironmentVariable("ADGEN_PROPERTY_MINIMIZE") == "0" || clock.Elapsed > TimeSpan.FromSeconds(60)
                ? null
                : ProgramMinimizer.Minimize(failure, settings, seed, TimeSpan.FromSeconds(20));
            if (minimal is not null)
            {
                report.AppendLine("--- minimised:");
                report.AppendLine(minimal.Message);
                report.AppendLine(minimal.Program.SourceWithLineNumbers());
                report.AppendLine(minimal.GeneratedCode);
            }
            else
            {
                report.AppendLine(failure.GeneratedCode);
            }
        }

        return report.ToString();
    }

    /// <summary>A short description of how a program failed, without the program-specific details.</summary>
    private static string Symptom(ProgramFailure failure)
    {
        string message = failure.Message;
        switch (failure.Kind)
        {
            case FailureKind.GeneratedCodeDoesNotCompile:
            case FailureKind.InvalidTestProgram:
            case FailureKind.ContractMismatch:
            case FailureKind.UnexpectedDiagnostic:
                var codes = System.Text.RegularExpressions.Regex.Matches(message, @"(error|warning) (?<id>(CS|ADG)\d+)")
                    .Select(static m => m.Groups["id"].Value).Distinct().Order();
                return failure.Kind + " " + string.Join("+", codes);
            case FailureKind.DerivativeThrew:
                return failure.Kind + " " + System.Text.RegularExpressions.Regex.Match(message, @"System\.\w+(\.\w+)*Exception").Value;
            default:
                string head = message.Split(new[] { " at ", ":", "(" }, 2, StringSplitOptions.None)[0];
                return failure.Kind + " " + System.Text.RegularExpressions.Regex.Replace(head, @"-?\d+(\.\d+)?(E-?\d+)?", "#");
        }
    }
}
