using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace AdGen.Package.Tests;

[Collection(PackedPackageCollection.Name)]
public sealed class PackageLayoutTests(PackedPackageFixture package)
{
    [Fact]
    public void Package_holds_the_runtime_with_docs_in_lib_and_the_generator_in_analyzers()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        string[] entries = archive.Entries.Select(entry => entry.FullName).ToArray();

        Assert.Contains("lib/net8.0/AdGen.dll", entries);
        Assert.Contains("lib/net8.0/AdGen.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/AdGen.Generator.dll", entries);
        Assert.Contains("README.md", entries);

        // The generator must reach the compiler only: as a lib/ asset it would be copied into every consumer's output.
        string[] assemblies = entries.Where(entry => entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Order().ToArray();
        Assert.Equal(["analyzers/dotnet/cs/AdGen.Generator.dll", "lib/net8.0/AdGen.dll"], assemblies);
    }

    [Fact]
    public void Packed_readme_is_the_repository_readme()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        using var reader = new StreamReader(archive.GetEntry("README.md")!.Open());

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")), reader.ReadToEnd());
    }

    [Fact]
    public void Nuspec_names_AdGen_and_depends_neither_on_Roslyn_nor_on_the_generator_project()
    {
        XElement metadata = ReadNuspecMetadata();
        XNamespace ns = metadata.Name.Namespace;

        Assert.Equal("AdGen", metadata.Element(ns + "id")?.Value);
        Assert.Equal(package.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);

        string[] dependencyIds = metadata.Descendants(ns + "dependency")
            .Select(dependency => (string?)dependency.Attribute("id") ?? "")
            .ToArray();
        Assert.DoesNotContain(dependencyIds, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(dependencyIds, id => id.StartsWith("AdGen", StringComparison.OrdinalIgnoreCase));
    }

    private XElement ReadNuspecMetadata()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        ZipArchiveEntry nuspec = Assert.Single(
            archive.Entries,
            entry => !entry.FullName.Contains('/') && entry.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using Stream stream = nuspec.Open();
        XElement root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }
}
