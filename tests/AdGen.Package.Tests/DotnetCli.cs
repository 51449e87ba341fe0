using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace AdGen.Package.Tests;

/// <summary>The exit code and the interleaved stdout/stderr of one finished process.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything a failure message needs to be understood without re-running the test.</summary>
    public string Describe() => $"`{CommandLine}` exited with {ExitCode}. Output:{Environment.NewLine}{Output}";
}

/// <summary>Runs the .NET CLI (or a built program) as a child process with a bounded wait.</summary>
internal static class DotnetCli
{
    /// <summary>Generous for a cold restore on a busy two-core machine, but a hung build still fails the test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Arguments for every build the tests start: no MSBuild nodes or compiler servers outlive the command (they
    /// would keep our output pipes open and pile up on the CI machine).
    /// </summary>
    public static readonly string[] IsolatedBuildArguments = ["-nodeReuse:false", "-p:UseSharedCompilation=false"];

    /// <summary>The dotnet host that runs these tests (so the child uses the same SDK install), else the one on PATH.</summary>
    private static string DotnetExecutable
    {
        get
        {
            string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(hostPath) && File.Exists(hostPath) ? hostPath : "dotnet";
        }
    }

    public static ProcessResult Dotnet(
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null) =>
        Run(DotnetExecutable, workingDirectory, arguments, environment, timeout ?? DefaultTimeout);

    private static ProcessResult Run(
        string fileName,
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        ScrubInheritedBuildEnvironment(startInfo.Environment);
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (environment is not null)
        {
            foreach ((string name, string value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        string commandLine = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {timeout.TotalMinutes} minutes. Output so far:{Environment.NewLine}{Snapshot(output)}");
        }

        process.WaitForExit(); // drains the asynchronous output readers
        return new ProcessResult(commandLine, process.ExitCode, Snapshot(output));
    }

    /// <summary>
    /// `dotnet test` hands its test host MSBuild variables that point at its own build (MSBuildExtensionsPath,
    /// MSBUILD_EXE_PATH, ...); a nested build must resolve its SDK afresh, as a user's command line would.
    /// </summary>
    private static void ScrubInheritedBuildEnvironment(IDictionary<string, string?> environment)
    {
        var inherited = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string name = (string)entry.Key;
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase))
            {
                inherited.Add(name);
            }
        }

        foreach (string name in inherited)
        {
            environment.Remove(name);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
