using System;
using System.IO;

namespace AdGen.Package.Tests;

/// <summary>Locates the checkout these tests were built from.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFileName = "AdGen.sln";

    /// <summary>The folder that holds AdGen.sln, found by walking up from the test assembly's folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} in '{AppContext.BaseDirectory}' or any folder above it; run these tests from a checkout.");
    }
}
