using System;
using System.Collections.Generic;
using System.IO;

namespace AdGen.Package.Tests;

/// <summary>
/// A console project in a temp folder that references AdGen only through the packed package, with its own NuGet
/// config and package cache, built the way a user builds.
/// </summary>
internal sealed class ConsumerProject
{
    public const string ProjectName = "Consumer";

    private readonly string packagesCache;

    public ConsumerProject(PackedPackageFixture package, string name, string programSource)
    {
        Directory = package.CreateScratchDirectory(name);
        packagesCache = package.CreateScratchDirectory($"{name}-packages");

        // Empty Directory.Build.* and Directory.Packages.props stop MSBuild from importing anything above the temp folder.
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), NuGetConfig(package.FeedDirectory));
        File.WriteAllText(Path.Combine(Directory, $"{ProjectName}.csproj"), ProjectFile(package.Version));
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), programSource);
    }

    public string Directory { get; }

    public string OutputDirectory => Path.Combine(Directory, "bin", "Release", "net10.0");

    public ProcessResult Build() => DotnetCli.Dotnet(
        Directory,
        ["build", $"{ProjectName}.csproj", "-c", "Release", .. DotnetCli.IsolatedBuildArguments],
        CacheEnvironment());

    public ProcessResult Run() => DotnetCli.Dotnet(
        Directory,
        [Path.Combine(OutputDirectory, $"{ProjectName}.dll")],
        CacheEnvironment(),
        TimeSpan.FromMinutes(1));

    /// <summary>A private global-packages folder: the consumer restores the package it was given, never a cached one.</summary>
    private Dictionary<string, string> CacheEnvironment() => new()
    {
        ["NUGET_PACKAGES"] = packagesCache,
    };

    private static string NuGetConfig(string feedDirectory) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="adgen-test-feed" value="{feedDirectory}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <!-- AdGen comes from the freshly packed feed only, whatever nuget.org holds under that name. -->
          <packageSourceMapping>
            <packageSource key="adgen-test-feed">
              <package pattern="AdGen" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    private static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="AdGen" Version="{version}" />
          </ItemGroup>
        </Project>
        """;
}
