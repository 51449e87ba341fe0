using System;
using System.Reflection;
using Xunit;

namespace AdGen.Generator.Tests;

public class SmokeTests
{
    [Fact]
    public void GradientOfProductMatchesHandDerivative()
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using AdGen;
            public static partial class M
            {
                [Differentiable]
                public static double F(double a, double b) => a * b + Math.Sin(a);
            }
            """);
        MethodInfo gradient = assembly.GetType("M")!.GetMethod("FGradient")!;
        object?[] arguments = { 2.0, 3.0, null, null };
        double value = (double)gradient.Invoke(null, arguments)!;
        Assert.Equal(6.0 + Math.Sin(2.0), value, 12);
        Assert.Equal(3.0 + Math.Cos(2.0), (double)arguments[2]!, 12);
        Assert.Equal(2.0, (double)arguments[3]!, 12);
    }
}
