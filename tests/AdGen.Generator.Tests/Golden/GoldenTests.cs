using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests.Golden;

/// <summary>
/// Golden files of the generated code: the output of every program in <see cref="GoldenPrograms"/> must match its
/// baselines, compile without warnings, and be the same whatever the run and whatever the culture.
/// </summary>
public class GoldenTests
{
    public static IEnumerable<object[]> Programs => GoldenPrograms.Names;

    [Theory]
    [MemberData(nameof(Programs))]
    public void GeneratedCodeMatchesBaselines(string program)
    {
        GeneratorOutput output = GeneratorHarness.Run(GoldenPrograms.All[program]);
        Assert.Empty(output.Diagnostics.Where(static d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden));
        Assert.All(output.RunResult.Results, static r => Assert.Null(r.Exception));
        Baselines.Verify(program, output.GeneratedSources.ToList());
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void GeneratedCodeCompilesAndLoads(string program)
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad(GoldenPrograms.All[program]);

        // Every [Differentiable] method got its three members.
        MethodInfo[] differentiable = assembly.GetTypes()
            .SelectMany(static t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(static m => m.CustomAttributes.Any(static a => a.AttributeType.FullName == "AdGen.DifferentiableAttribute"))
            .ToArray();
        Assert.NotEmpty(differentiable);
        foreach (MethodInfo method in differentiable)
        {
            foreach (string suffix in new[] { "Gradient", "Tangent", "Pullback" })
            {
                Assert.Contains(
                    method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static),
                    m => m.Name == method.Name + suffix);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void GenerationIsDeterministic(string program)
    {
        string source = GoldenPrograms.All[program];
        List<(string HintName, string Text)> first = GeneratorHarness.Run(source).GeneratedSources.ToList();
        List<(string HintName, string Text)> second = GeneratorHarness.Run(source).GeneratedSources.ToList();
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void GenerationIgnoresTheCurrentCulture()
    {
        // Swedish writes 0,5 and, with this clone, −1 (U+2212): any culture-sensitive formatting or parsing of a
        // number would change the output or break it.
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        Assert.Equal(",", culture.NumberFormat.NumberDecimalSeparator);

        foreach ((string program, string source) in GoldenPrograms.All.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            List<(string HintName, string Text)> invariant = RunUnderCulture(CultureInfo.InvariantCulture, source);
            List<(string HintName, string Text)> swedish = RunUnderCulture(culture, source);
            Assert.True(invariant.SequenceEqual(swedish), $"The output of '{program}' depends on the culture.");
            Assert.DoesNotContain(swedish, static f => f.Text.Contains('\u2212'));
        }

        // The check has teeth only if the programs' output contains fractional and negative literals.
        string all = string.Concat(GoldenPrograms.All.Values.SelectMany(static s => GeneratorHarness.Run(s).GeneratedSources).Select(static f => f.Text));
        Assert.Contains("0.5", all);
        Assert.Contains("-2.5", all);
    }

    private static List<(string HintName, string Text)> RunUnderCulture(CultureInfo culture, string source)
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return GeneratorHarness.Run(source).GeneratedSources.ToList();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    [Fact]
    public void EveryBaselineFolderBelongsToAGoldenProgram()
    {
        // A renamed or deleted program must not leave baselines behind that nothing checks.
        string[] folders = System.IO.Directory.Exists(Baselines.Root)
            ? System.IO.Directory.GetDirectories(Baselines.Root).Select(static d => System.IO.Path.GetFileName(d)!).ToArray()
            : Array.Empty<string>();
        Assert.All(folders, folder => Assert.True(GoldenPrograms.All.ContainsKey(folder), $"Baselines/{folder} has no program in GoldenPrograms."));
    }
}
