using System;
using System.IO;
using System.Linq;
using Xunit;

namespace AdGen.Package.Tests;

[Collection(PackedPackageCollection.Name)]
public sealed class SolutionPackTests(PackedPackageFixture package)
{
    [Fact]
    public void Packing_the_whole_solution_produces_exactly_one_package_named_AdGen()
    {
        _ = package.PackagePath; // the runtime pack's build is reused; fail on its output first if it went wrong
        string output = package.CreateScratchDirectory("solution-pack");

        // As `dotnet pack -c Release -o DIR` at the repository root: every project of the solution is asked to pack.
        ProcessResult pack = package.Pack(Path.Combine(RepositoryRoot.Path, "AdGen.sln"), output);

        Assert.True(pack.Succeeded, pack.Describe());
        string[] produced = Directory.GetFiles(output).Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([$"AdGen.{package.Version}.nupkg"], produced);
    }
}
