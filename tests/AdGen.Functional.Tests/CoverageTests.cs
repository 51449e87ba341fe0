using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AdGen.Functional.Tests.Cases;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>Guards the oracle tests themselves: no [Differentiable] function in this assembly escapes them.</summary>
public sealed class CoverageTests
{
    private static readonly MethodInfo[] DifferentiableMethods = typeof(CoverageTests).Assembly.GetTypes()
        .SelectMany(static type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(static method => method.GetCustomAttribute<DifferentiableAttribute>() is not null)
        .ToArray();

    // Private methods cannot be called from the catalog: each is checked through a [Differentiable] caller.
    private static readonly MethodInfo[] CallableMethods = DifferentiableMethods.Where(static method => !method.IsPrivate).ToArray();

    [Fact]
    public void AtLeastFortyFunctionsAreChecked() => Assert.True(DifferentiableMethods.Length >= 40, $"only {DifferentiableMethods.Length} [Differentiable] functions");

    [Fact]
    public void EveryDifferentiableFunctionHasACase()
    {
        IEnumerable<string> names = Catalog.Double.Keys.Concat(Catalog.Single.Keys)
            .Concat(ReverseOptimizationCases.Double.Keys).Concat(ReverseOptimizationCases.Single.Keys).Concat(ReverseOptimizationCases.CheckedByFacts).Concat(StopGradientTests.CheckedByHand);
        string[] withoutCase = CallableMethods
            .Select(static method => method.DeclaringType!.Name + "." + method.Name)
            .Where(qualified => !names.Any(name => name == qualified || name.StartsWith(qualified + "(", StringComparison.Ordinal)))
            .ToArray();
        Assert.Empty(withoutCase);
    }

    [Fact]
    public void EveryDifferentiableFunctionHasItsThreeGeneratedMembers()
    {
        string[] missing = DifferentiableMethods
            .SelectMany(static method => new[] { "Gradient", "Tangent", "Pullback" }
                .Where(suffix => !method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Any(member => member.Name == method.Name + suffix))
                .Select(suffix => method.DeclaringType!.Name + "." + method.Name + suffix))
            .ToArray();
        Assert.Empty(missing);
    }
}
