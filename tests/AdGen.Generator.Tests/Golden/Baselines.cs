using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace AdGen.Generator.Tests.Golden;

/// <summary>
/// Reads and compares the golden files under tests/AdGen.Generator.Tests/Baselines/{Test}/{HintName}. They are read
/// from the source tree, not from the build output, so that a rewrite with ADGEN_UPDATE_BASELINES=1 is seen by the
/// next run without a rebuild, and a stale copy in bin/ can never make a test pass.
/// </summary>
public static class Baselines
{
    public const string UpdateVariable = "ADGEN_UPDATE_BASELINES";

    private static readonly Lazy<string> s_root = new(FindSourceRoot);

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The Baselines folder of the test project in the source tree.</summary>
    public static string Root => s_root.Value;

    /// <summary>
    /// Compares the generated files with the baselines of <paramref name="testName"/>, or rewrites the baselines when
    /// ADGEN_UPDATE_BASELINES=1. The set of hint names must equal the set of baseline files.
    /// </summary>
    public static void Verify(string testName, IReadOnlyList<(string HintName, string Text)> generated)
    {
        string folder = Path.Combine(Root, testName);
        if (UpdateRequested)
        {
            Rewrite(folder, generated);
            return;
        }

        Assert.True(Directory.Exists(folder), $"No baselines for '{testName}' at {folder}; run the tests with {UpdateVariable}=1 to create them.");
        string[] expectedNames = Directory.GetFiles(folder).Select(static p => Path.GetFileName(p)!).OrderBy(static n => n, StringComparer.Ordinal).ToArray();
        string[] actualNames = generated.Select(static g => g.HintName).OrderBy(static n => n, StringComparer.Ordinal).ToArray();
        Assert.True(
            expectedNames.SequenceEqual(actualNames, StringComparer.Ordinal),
            $"Generated files [{string.Join(", ", actualNames)}] differ from baselines [{string.Join(", ", expectedNames)}] in {folder}.");

        foreach ((string hintName, string text) in generated)
        {
            string[] expected = SplitLines(File.ReadAllText(Path.Combine(folder, hintName)));
            string[] actual = SplitLines(text);
            string? difference = FirstDifference(expected, actual);
            Assert.True(difference is null, $"{testName}/{hintName}: {difference}\nRun the tests with {UpdateVariable}=1 to accept the new output.");
        }
    }

    public static string[] SplitLines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');

    private static string? FirstDifference(string[] expected, string[] actual)
    {
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            if (!string.Equals(expected[i], actual[i], StringComparison.Ordinal))
            {
                return $"line {i + 1} differs.\n  expected: {expected[i]}\n  actual:   {actual[i]}";
            }
        }

        return expected.Length == actual.Length
            ? null
            : $"expected {expected.Length} lines, generated {actual.Length}; first extra line: {(expected.Length > actual.Length ? expected[actual.Length] : actual[expected.Length])}";
    }

    private static void Rewrite(string folder, IReadOnlyList<(string HintName, string Text)> generated)
    {
        Directory.CreateDirectory(folder);
        foreach (string stale in Directory.GetFiles(folder))
        {
            if (!generated.Any(g => string.Equals(g.HintName, Path.GetFileName(stale), StringComparison.Ordinal)))
            {
                File.Delete(stale);
            }
        }

        foreach ((string hintName, string text) in generated)
        {
            File.WriteAllText(Path.Combine(folder, hintName), text.Replace("\r\n", "\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    private static string FindSourceRoot()
    {
        string relative = Path.Combine("tests", "AdGen.Generator.Tests");
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string project = Path.Combine(directory.FullName, relative);
            if (File.Exists(Path.Combine(project, "AdGen.Generator.Tests.csproj")))
            {
                return Path.Combine(project, "Baselines");
            }
        }

        throw new InvalidOperationException($"Could not find {relative} above {AppContext.BaseDirectory}; the golden tests read baselines from the source tree.");
    }
}
