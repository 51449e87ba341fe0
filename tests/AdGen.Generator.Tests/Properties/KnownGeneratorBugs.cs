using System;
using System.Linq;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Grammar features switched off while a generator bug they trigger is open (each names its report in the bug
/// list), so the property keeps checking everything else. Empty when AdGen has no known bug. For exploring,
/// ADGEN_PROPERTY_DISABLE takes a comma-separated list of features and function names (Math.Cbrt) to switch off,
/// and ADGEN_PROPERTY_ENABLE one of features to switch back on (to check whether a bug listed here is fixed).
/// </summary>
public static class KnownGeneratorBugs
{
    private static readonly (string FeatureOrFunction, string Bug)[] Open = Array.Empty<(string, string)>();

    public static GeneratorSettings Settings()
    {
        var settings = new GeneratorSettings();
        string extra = Environment.GetEnvironmentVariable("ADGEN_PROPERTY_DISABLE") ?? string.Empty;
        string[] enabled = (Environment.GetEnvironmentVariable("ADGEN_PROPERTY_ENABLE") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string name in Open.Select(static o => o.FeatureOrFunction).Except(enabled).Concat(extra.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (name.StartsWith("Math.", StringComparison.Ordinal))
            {
                settings.DisabledFunctions.Add(name.Substring("Math.".Length));
            }
            else
            {
                settings.DisabledFeatures.Add(Enum.Parse<Feature>(name));
            }
        }

        return settings;
    }
}
