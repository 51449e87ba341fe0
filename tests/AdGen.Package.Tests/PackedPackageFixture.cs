using System;
using System.IO;
using System.Linq;
using Xunit;

namespace AdGen.Package.Tests;

/// <summary>
/// Packs src/Runtime/AdGen.csproj once per test run into a temporary feed, under a version no earlier run used, so
/// that no NuGet cache can serve a stale AdGen to the consumer projects.
/// </summary>
public sealed class PackedPackageFixture : IDisposable
{
    private readonly TemporaryDirectory workspace = new("package");

    public PackedPackageFixture()
    {
        Version = $"0.1.0-test.{DateTime.UtcNow.Ticks}.{Environment.ProcessId}";
        FeedDirectory = workspace.Combine("feed");
        Directory.CreateDirectory(FeedDirectory);

        ArtifactsDirectory = workspace.Combine("artifacts");

        string runtimeProject = Path.Combine(RepositoryRoot.Path, "src", "Runtime", "AdGen.csproj");
        PackResult = Pack(runtimeProject, FeedDirectory);

        PackagePaths = Directory.GetFiles(FeedDirectory, "*.nupkg").Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The version given to this run's package.</summary>
    public string Version { get; }

    /// <summary>Where the packs of this run put their bin and obj folders.</summary>
    public string ArtifactsDirectory { get; }

    /// <summary>The folder the package was packed into, usable as a NuGet source.</summary>
    public string FeedDirectory { get; }

    public ProcessResult PackResult { get; }

    /// <summary>Every .nupkg the pack produced (exactly one when packaging works).</summary>
    public string[] PackagePaths { get; }

    /// <summary>The one AdGen package, or a test failure that shows the pack output.</summary>
    public string PackagePath
    {
        get
        {
            Assert.True(PackResult.Succeeded, PackResult.Describe());
            string expected = Path.Combine(FeedDirectory, $"AdGen.{Version}.nupkg");
            Assert.True(
                PackagePaths.SequenceEqual([expected]),
                $"Expected only {expected}, found [{string.Join(", ", PackagePaths)}].{Environment.NewLine}{PackResult.Describe()}");
            return expected;
        }
    }

    /// <summary>
    /// Packs <paramref name="projectOrSolution"/> under this run's version into <paramref name="outputDirectory"/>.
    /// The artifacts path keeps bin/obj out of the checkout, so the pack neither disturbs nor is disturbed by the
    /// solution build that runs these tests, and proves the package does not depend on the checkout's bin folders;
    /// sharing it between packs lets a second pack reuse the first one's build.
    /// </summary>
    public ProcessResult Pack(string projectOrSolution, string outputDirectory) => DotnetCli.Dotnet(
        RepositoryRoot.Path,
        [
            "pack", projectOrSolution, "-c", "Release", "-o", outputDirectory, $"-p:Version={Version}",
            "--artifacts-path", ArtifactsDirectory, .. DotnetCli.IsolatedBuildArguments,
        ]);

    /// <summary>A scratch folder for one test (a consumer project, a pack output), removed with the fixture.</summary>
    public string CreateScratchDirectory(string name)
    {
        string path = workspace.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => workspace.Dispose();
}

/// <summary>The tests that consume the packed package share one pack and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackageFixture>
{
    public const string Name = "Packed AdGen package";
}
