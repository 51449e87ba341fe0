using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using AdGen.Benchmarks.Problems;
using BenchmarkDotNet.Attributes;

namespace AdGen.Benchmarks;

/// <summary>
/// What the kink monitor costs (issue 3). The generator always emits a check
/// <c>if (global::AdGen.KinkMonitor.IsEnabled &amp;&amp; …)</c> at every kink site, so "without the monitor" is a copy of
/// the generated gradient of <see cref="Piecewise"/> with those blocks removed (<see cref="PiecewiseWithoutKinkChecks"/>,
/// written by <see cref="KinkFreeCopy.Write"/>). The piecewise problem is the worst case: three kink sites in a loop
/// whose body is otherwise a handful of flops.
/// </summary>
[MemoryDiagnoser]
public class KinkMonitorBenchmarks
{
    private double[] _x = [];
    private double[] _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        _x = Piecewise.RandomPoint(ProblemSizes.PiecewiseLength);
        _gradient = new double[_x.Length];
    }

    [Benchmark(Baseline = true, Description = "no kink checks (hand-edited copy)")]
    public double WithoutChecks() => PiecewiseWithoutKinkChecks.ValueGradient(_x, _gradient);

    [Benchmark(Description = "monitor compiled in, off (default)")]
    public double MonitorOff() => Piecewise.ValueGradient(_x, _gradient);

    [Benchmark(Description = "monitor on")]
    public double MonitorOn()
    {
        KinkMonitor.IsEnabled = true;
        double value = Piecewise.ValueGradient(_x, _gradient);
        KinkMonitor.IsEnabled = false;
        return value;
    }
}

/// <summary>Writes <see cref="PiecewiseWithoutKinkChecks"/> from the generated code (run after a generator change).</summary>
public static class KinkFreeCopy
{
    public static void Write(string projectDirectory)
    {
        string generated = Path.Combine(projectDirectory, "obj", "Release", "net10.0", "generated", "AdGen.Generator",
            "AdGen.Generator.DifferentiableGenerator", "AdGen.Benchmarks.Problems.Piecewise.AdGen.g.cs");
        string source = File.ReadAllText(generated);
        var methods = new StringBuilder();
        foreach (string signature in new[] { "public static double ValueGradient(", "private static double ValueReverse(" })
        {
            methods.Append(methods.Length > 0 ? "        " : "").Append(ExtractMethod(source, signature)).AppendLine().AppendLine();
        }

        // A kink block is the comment line, the if line, and its braced body of one statement.
        string method = Regex.Replace(methods.ToString().TrimEnd(), @"[ \t]*// kink:[^\n]*\n[ \t]*if \(global::AdGen\.KinkMonitor\.IsEnabled[^\n]*\n[ \t]*\{[^\n]*\n[^\n]*\n[ \t]*\}[^\n]*\n", "");
        // So are the locals the loops read the sites from, and the comment above them.
        method = Regex.Replace(method, @"[ \t]*// the kink sites counted in loops[^\n]*\n", "");
        method = Regex.Replace(method, @"[ \t]*global::AdGen\.KinkSite \w+ = s_kink_\w+;\n", "");
        if (method.Contains("KinkMonitor", StringComparison.Ordinal) || method.Contains("KinkSite", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the generated kink checks changed shape; update KinkFreeCopy");
        }

        var file = new StringBuilder();
        file.AppendLine("// A copy of the generated Piecewise.ValueGradient with the kink-monitor checks removed, for KinkMonitorBenchmarks.");
        file.AppendLine("// Written by `dotnet run -c Release --project benchmarks/AdGen.Benchmarks -- --write-kink-free-copy`; do not edit.");
        file.AppendLine("#nullable enable");
        file.AppendLine();
        file.AppendLine("namespace AdGen.Benchmarks.Problems;");
        file.AppendLine();
        file.AppendLine("public static class PiecewiseWithoutKinkChecks");
        file.AppendLine("{");
        file.AppendLine("    " + method.Replace("\n    ", "\n", StringComparison.Ordinal));
        file.AppendLine("}");
        string target = Path.Combine(projectDirectory, "Problems", "PiecewiseWithoutKinkChecks.cs");
        File.WriteAllText(target, file.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Console.WriteLine($"Wrote {target}");
    }

    /// <summary>A generated method, from its signature to its closing brace at the member indentation, with the attributes it needs.</summary>
    private static string ExtractMethod(string source, string signature)
    {
        int start = source.IndexOf(signature, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"'{signature}' not found in the generated code; update KinkFreeCopy");
        }

        int end = source.IndexOf("\n        }\n", start, StringComparison.Ordinal) + "\n        }".Length;
        string method = source[start..end];
        return signature.StartsWith("private", StringComparison.Ordinal)
            ? "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]\n        " + method
            : method;
    }
}
