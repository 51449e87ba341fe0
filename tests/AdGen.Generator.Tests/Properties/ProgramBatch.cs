using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AdGen.Generator.Tests.Properties;

public enum FailureKind
{
    /// <summary>The generator threw (GeneratorRunResult.Exception): a generator bug.</summary>
    GeneratorException,

    /// <summary>The generator reported a diagnostic on a program that only uses supported constructs.</summary>
    UnexpectedDiagnostic,

    /// <summary>The generated code does not compile, or compiles with a warning.</summary>
    GeneratedCodeDoesNotCompile,

    /// <summary>The adapters do not compile against the generated members: the generated API breaks its contract.</summary>
    ContractMismatch,

    /// <summary>A generated member threw where F did not.</summary>
    DerivativeThrew,

    /// <summary>Value, gradient, tangent or pullback disagree with F, finite differences or each other.</summary>
    WrongDerivative,

    /// <summary>The random program itself is invalid (a bug in the test's program generator, not in AdGen).</summary>
    InvalidTestProgram,
}

public sealed record ProgramFailure(GeneratedProgram Program, FailureKind Kind, string Message, string GeneratedCode)
{
    public override string ToString() => Kind + " in " + Program.TypeName + ": " + Message;
}

/// <summary>Counts of what the checker did, to show the property ran and to bound how often points were skipped.</summary>
public sealed class CheckStatistics
{
    public int ProgramsChecked { get; set; }

    public int PointsChecked { get; set; }

    /// <summary>Points where two finite-difference step sizes disagreed (a branch boundary within reach): tried elsewhere.</summary>
    public int NonSmoothPoints { get; set; }

    /// <summary>Points where F was not finite (the bound analysis of the program generator was too loose).</summary>
    public int NonFinitePoints { get; set; }

    /// <summary>Programs for which no point passed the smoothness test: not checked against finite differences.</summary>
    public int ProgramsWithoutSmoothPoint { get; set; }

    public int Compilations { get; set; }

    public TimeSpan GeneratorTime { get; set; }

    public TimeSpan EmitTime { get; set; }

    public TimeSpan CheckTime { get; set; }

    /// <summary>Generated FGradients that store a gradient span instead of clearing it and adding into it (first round only).</summary>
    public int StoredGradients { get; set; }

    /// <summary>Generated loops whose adjoint sums leave out factors that hold still in the loop (first round only).</summary>
    public int FactoredLoops { get; set; }

    /// <summary>Places where a loop's factoring found adjoint sums adding what another adds, and shared its sum (first round only).</summary>
    public int SharedSums { get; set; }

    public void Add(CheckStatistics other)
    {
        StoredGradients += other.StoredGradients;
        FactoredLoops += other.FactoredLoops;
        SharedSums += other.SharedSums;
        ProgramsChecked += other.ProgramsChecked;
        PointsChecked += other.PointsChecked;
        NonSmoothPoints += other.NonSmoothPoints;
        NonFinitePoints += other.NonFinitePoints;
        ProgramsWithoutSmoothPoint += other.ProgramsWithoutSmoothPoint;
        Compilations += other.Compilations;
        GeneratorTime += other.GeneratorTime;
        EmitTime += other.EmitTime;
        CheckTime += other.CheckTime;
    }
}

/// <summary>
/// Generates, compiles and checks many programs in one compilation. A program whose generation or compilation
/// fails is recorded and dropped, and the rest is compiled again, so one bug does not hide the other programs.
/// </summary>
public static class ProgramBatch
{
    private static readonly Regex GeneratedTypeName = new(@"\.(?<type>P\d+F?)(Lib)?\.AdGen\.g\.cs$", RegexOptions.Compiled);

    public static List<ProgramFailure> CompileAndCheck(IReadOnlyList<GeneratedProgram> programs, ulong pointSeed, CheckStatistics statistics)
    {
        var failures = new List<ProgramFailure>();
        var active = programs.ToList();
        for (int round = 0; round < 20 && active.Count > 0; round++)
        {
            statistics.Compilations++;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(active.Select(static p => p.Source).ToArray());
            GeneratorOutput output = GeneratorHarness.Run(compilation);
            statistics.GeneratorTime += clock.Elapsed;
            if (round == 0)
            {
                statistics.StoredGradients += output.GeneratedSources.Sum(static source =>
                    Regex.Matches(source.Text, " (is|are) stored, not added to").Count);
                statistics.FactoredLoops += output.GeneratedSources.Sum(static source =>
                    Regex.Matches(source.Text, "leave (it|them) out and are scaled once after it").Count);
                statistics.SharedSums += output.GeneratedSources.Sum(static source =>
                    Regex.Matches(source.Text, " adds? what \\w+ adds in every iteration").Count);
            }

            var rejected = new HashSet<GeneratedProgram>();

            if (output.RunResult.Results.Any(static r => r.Exception is not null))
            {
                // The driver does not say which method made the generator throw: find out one program at a time.
                foreach (GeneratedProgram program in active)
                {
                    GeneratorOutput single = GeneratorHarness.Run(program.Source);
                    Exception? exception = single.RunResult.Results.Select(static r => r.Exception).FirstOrDefault(static e => e is not null);
                    if (exception is not null)
                    {
                        failures.Add(new ProgramFailure(program, FailureKind.GeneratorException, exception.ToString(), string.Empty));
                        rejected.Add(program);
                    }
                }
            }

            // Hidden and info diagnostics (kink notes) are expected; a warning or an error on a supported program is not.
            foreach (IGrouping<GeneratedProgram?, Diagnostic> group in output.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).GroupBy(d => ProgramOf(d, active)))
            {
                string message = string.Join("\n", group.Take(10));
                if (group.Key is null)
                {
                    throw new InvalidOperationException("Generator diagnostics outside any program:\n" + message);
                }

                if (rejected.Add(group.Key))
                {
                    failures.Add(new ProgramFailure(group.Key, FailureKind.UnexpectedDiagnostic, message, GeneratedCodeOf(output, group.Key)));
                }
            }

            if (rejected.Count > 0)
            {
                active.RemoveAll(rejected.Contains);
                continue;
            }

            clock.Restart();
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = output.Compilation.Emit(stream);
            statistics.EmitTime += clock.Elapsed;
            List<Diagnostic> problems = result.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (result.Success && problems.Count == 0)
            {
                stream.Position = 0;
                var context = new AssemblyLoadContext("AdGenProperties", isCollectible: true);
                try
                {
                    clock.Restart();
                    Assembly assembly = context.LoadFromStream(stream);
                    foreach (GeneratedProgram program in active)
                    {
                        ProgramFailure? failure = DerivativeChecker.Check(program, assembly, pointSeed, statistics, () => GeneratedCodeOf(output, program));
                        if (failure is not null)
                        {
                            failures.Add(failure);
                        }
                    }

                    statistics.CheckTime += clock.Elapsed;
                }
                finally
                {
                    context.Unload();
                }

                return failures;
            }

            foreach (IGrouping<GeneratedProgram?, Diagnostic> group in problems.GroupBy(d => ProgramOf(d, active)))
            {
                string message = string.Join("\n", group.Take(10));
                if (group.Key is null)
                {
                    throw new InvalidOperationException("Compilation failed outside any program:\n" + message);
                }

                bool inGenerated = group.Any(static d => IsGenerated(d.Location.SourceTree));
                bool inTestProgram = group.Any(d => !IsGenerated(d.Location.SourceTree) && !IsInAdapters(d, group.Key));
                FailureKind kind = inGenerated ? FailureKind.GeneratedCodeDoesNotCompile
                    : inTestProgram ? FailureKind.InvalidTestProgram
                    : FailureKind.ContractMismatch;
                failures.Add(new ProgramFailure(group.Key, kind, message, GeneratedCodeOf(output, group.Key)));
                rejected.Add(group.Key);
            }

            active.RemoveAll(rejected.Contains);
        }

        return failures;
    }

    private static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.EndsWith(".AdGen.g.cs", StringComparison.Ordinal);

    private static bool IsInAdapters(Diagnostic diagnostic, GeneratedProgram program)
    {
        string? text = diagnostic.Location.SourceTree?.ToString();
        int start = text?.IndexOf("public static class " + program.CheckTypeName, StringComparison.Ordinal) ?? -1;
        return start >= 0 && diagnostic.Location.SourceSpan.Start >= start;
    }

    private static GeneratedProgram? ProgramOf(Diagnostic diagnostic, List<GeneratedProgram> active)
    {
        // AdGen's diagnostics carry external locations (a path, no tree): go by the path either way.
        string? path = diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path;
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        Match match = GeneratedTypeName.Match(path);
        if (match.Success)
        {
            string type = match.Groups["type"].Value;
            return active.FirstOrDefault(p => p.TypeName == type);
        }

        string file = Path.GetFileNameWithoutExtension(path);
        return file.StartsWith("Source", StringComparison.Ordinal) && int.TryParse(file.AsSpan("Source".Length), out int index) && index < active.Count
            ? active[index]
            : null;
    }

    private static string GeneratedCodeOf(GeneratorOutput output, GeneratedProgram program) => string.Join(
        "\n",
        output.GeneratedSources
            .Where(s => GeneratedTypeName.Match(s.HintName.StartsWith('.') ? s.HintName : "." + s.HintName) is { Success: true } m && m.Groups["type"].Value == program.TypeName)
            .Select(static s => "==== " + s.HintName + "\n" + WithLineNumbers(s.Text)));

    private static string WithLineNumbers(string text) => string.Join(
        "\n",
        text.Replace("\r\n", "\n").Split('\n').Select(static (line, i) => (i + 1).ToString().PadLeft(4) + "  " + line));
}
