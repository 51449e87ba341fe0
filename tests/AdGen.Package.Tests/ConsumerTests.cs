using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace AdGen.Package.Tests;

/// <summary>Fresh console projects that use AdGen only through the packed package, as users do.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ConsumerTests(PackedPackageFixture package)
{
    /// <summary>
    /// Product(a, b) = a²b + sin b, WeightedSquares(x) = Σ (i+1)·xᵢ², Composite(a, b) = 3·Product(a, b) + b, with every
    /// result printed as name=value in round-trip format.
    /// </summary>
    private const string WorkingProgram = """
        using System;
        using System.Globalization;
        using AdGen;

        namespace Consumer;

        public static partial class Functions
        {
            [Differentiable]
            public static double Product(double a, double b) => a * a * b + Math.Sin(b);

            [Differentiable]
            public static double WeightedSquares(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    sum += (i + 1) * x[i] * x[i];
                }

                return sum;
            }

            [Differentiable]
            public static double Composite(double a, double b) => 3.0 * Product(a, b) + b;

            [Differentiable(MaxTieWeight = 1)]
            public static double Kinked(double x, double y, [NoDerivative] double slopeAtZero) =>
                AdMath.Relu(x, slopeAtZero) + Math.Max(x, y) + (x > 0 ? Math.Sqrt(x) : 0.0);
        }

        public static class Program
        {
            public static void Main()
            {
                double product = Functions.ProductGradient(2.0, 3.0, out double productDa, out double productDb);
                Print("product", product);
                Print("product.da", productDa);
                Print("product.db", productDb);

                (double tangentValue, double tangent) = Functions.ProductTangent(2.0, 3.0, 1.0, 0.5);
                Print("product.tangent.value", tangentValue);
                Print("product.tangent", tangent);

                double accumulatedDa = 1.0;
                double accumulatedDb = -1.0;
                Functions.ProductPullback(2.0, 3.0, 2.0, ref accumulatedDa, ref accumulatedDb);
                Print("product.pullback.da", accumulatedDa);
                Print("product.pullback.db", accumulatedDb);

                double[] x = { 1.0, 2.0, 3.0 };
                double[] gradient = { 99.0, 99.0, 99.0 };
                Print("squares", Functions.WeightedSquaresGradient(x, gradient));
                for (int i = 0; i < gradient.Length; i++)
                {
                    Print($"squares.d{i}", gradient[i]);
                }

                Print("squares.tangent", Functions.WeightedSquaresTangent(x, new double[] { 1.0, -1.0, 0.5 }).Tangent);

                double composite = Functions.CompositeGradient(2.0, 3.0, out double compositeDa, out double compositeDb);
                Print("composite", composite);
                Print("composite.da", compositeDa);
                Print("composite.db", compositeDb);
                Print("composite.tangent", Functions.CompositeTangent(2.0, 3.0, 0.0, 1.0).Tangent);

                // Kinks: at x = y = 0, ReLU'(0) is the run-time slope, the Max tie goes to x, the sqrt branch is not taken.
                KinkMonitor.Enable();
                Functions.KinkedGradient(0.0, 0.0, 1.0, out double kinkDx, out double kinkDy);
                Print("kink.dx", kinkDx);
                Print("kink.dy", kinkDy);
                Print("kink.tangent", Functions.KinkedTangent(0.0, 0.0, 0.0, 1.0, 1.0).Tangent);
                long hits = 0;
                foreach (KinkSite site in KinkMonitor.Sites)
                {
                    hits += site.Hits;
                }

                Print("kink.hits", hits);
            }

            private static void Print(string name, double value) =>
                Console.WriteLine($"{name}={value.ToString("R", CultureInfo.InvariantCulture)}");
        }
        """;

    /// <summary>try/catch is outside what AdGen differentiates (ADG0005 today).</summary>
    private const string UnsupportedProgram = """
        using System;
        using AdGen;

        namespace Consumer;

        public static partial class Functions
        {
            [Differentiable]
            public static double Guarded(double x)
            {
                try
                {
                    return x * x;
                }
                catch (InvalidOperationException)
                {
                    return 0.0;
                }
            }
        }

        public static class Program
        {
            public static void Main() => Console.WriteLine(Functions.Guarded(2.0));
        }
        """;

    [Fact]
    public void Consumer_builds_against_the_package_and_prints_hand_computed_values_and_derivatives()
    {
        _ = package.PackagePath; // fails with the pack output if the pack went wrong
        var consumer = new ConsumerProject(package, "consumer-working", WorkingProgram);

        ProcessResult build = consumer.Build();
        Assert.True(build.Succeeded, build.Describe());
        ProcessResult run = consumer.Run();
        Assert.True(run.Succeeded, run.Describe());
        Dictionary<string, double> printed = ParseNameValueLines(run.Output);

        // Hand derivation at (a, b) = (2, 3): Product = a²b + sin b = 12 + sin 3, ∂a = 2ab = 12, ∂b = a² + cos b = 4 + cos 3.
        double sin3 = Math.Sin(3.0);
        double cos3 = Math.Cos(3.0);
        var expected = new Dictionary<string, double>
        {
            ["product"] = 12.0 + sin3,
            ["product.da"] = 12.0,
            ["product.db"] = 4.0 + cos3,
            // Direction (1, 0.5): 12·1 + (4 + cos 3)·0.5.
            ["product.tangent.value"] = 12.0 + sin3,
            ["product.tangent"] = 12.0 + 0.5 * (4.0 + cos3),
            // Pullback adds seed·∇ (seed 2) to the (1, -1) already there.
            ["product.pullback.da"] = 1.0 + 2.0 * 12.0,
            ["product.pullback.db"] = -1.0 + 2.0 * (4.0 + cos3),
            // x = (1, 2, 3): 1·1 + 2·4 + 3·9 = 36, ∇ = 2(i+1)xᵢ = (2, 8, 18) (overwriting the 99s), ∇·(1, -1, 0.5) = 3.
            ["squares"] = 36.0,
            ["squares.d0"] = 2.0,
            ["squares.d1"] = 8.0,
            ["squares.d2"] = 18.0,
            ["squares.tangent"] = 3.0,
            // Composite = 3·Product + b: 39 + 3 sin 3, ∂a = 3·12 = 36, ∂b = 3(4 + cos 3) + 1.
            ["composite"] = 39.0 + 3.0 * sin3,
            ["composite.da"] = 36.0,
            ["composite.db"] = 13.0 + 3.0 * cos3,
            ["composite.tangent"] = 13.0 + 3.0 * cos3,
            // Gradient with run-time ReLU'(0) = 1 and the Max tie all to x: ∂x = 1 + 1 = 2, ∂y = 0;
            // tangent along (1, 1) with ReLU'(0) = 0: 0 + 1 = 1.
            ["kink.dx"] = 2.0,
            ["kink.dy"] = 0.0,
            ["kink.tangent"] = 1.0,
            // Each call hits relu at 0, the max tie and the branch x > 0 at equality: 3 sites, 2 calls.
            ["kink.hits"] = 6.0,
        };

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), printed.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, double value) in expected)
        {
            double tolerance = 1e-12 * Math.Max(1.0, Math.Abs(value));
            Assert.True(
                Math.Abs(printed[name] - value) <= tolerance,
                $"{name}: expected {value:R}, printed {printed[name]:R}{Environment.NewLine}{run.Output}");
        }

        // The generator ran inside the consumer's compiler (one file per type, shown by EmitCompilerGeneratedFiles) and
        // stayed out of its output, which needs only the runtime.
        string generated = Assert.Single(Directory.GetFiles(
            Path.Combine(consumer.Directory, "obj"), "Consumer.Functions.AdGen.g.cs", SearchOption.AllDirectories));
        Assert.Contains("ProductGradient", File.ReadAllText(generated));
        Assert.True(File.Exists(Path.Combine(consumer.OutputDirectory, "AdGen.dll")));
        Assert.False(File.Exists(Path.Combine(consumer.OutputDirectory, "AdGen.Generator.dll")));
        Assert.Empty(Directory.GetFiles(consumer.OutputDirectory, "Microsoft.CodeAnalysis*.dll"));
    }

    [Fact]
    public void Unsupported_construct_fails_the_consumer_build_with_an_ADG_error_at_the_construct()
    {
        _ = package.PackagePath;
        var consumer = new ConsumerProject(package, "consumer-unsupported", UnsupportedProgram);

        ProcessResult build = consumer.Build();

        Assert.False(build.Succeeded, build.Describe());
        int tryLine = UnsupportedProgram.Split('\n').ToList().FindIndex(line => line.Trim() == "try") + 1;
        Assert.Matches(new Regex($@"Program\.cs\({tryLine},\d+\): error ADG\d{{4}}:"), build.Output);
    }

    private static Dictionary<string, double> ParseNameValueLines(string output)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
            {
                values.Add(line[..separator], double.Parse(line[(separator + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        return values;
    }
}
