using System;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace AdGen.Benchmarks;

/// <summary>
/// <c>--probe</c>: a developer's ten-second look at gradient/f, tangent/f and gradient/by hand while changing the
/// generator (Stopwatch, best of seven batches, no TorchSharp). Not a measurement to report: the numbers of
/// docs/benchmarks.md come from BenchmarkDotNet (<c>--quick</c>, <c>--full</c>).
/// </summary>
internal static class Probe
{
    public static void Run(string? only)
    {
        ProblemSizes.Quick = true;
        Console.WriteLine("problem                      f (ns)   gradient/f  tangent/f  gradient/hand");
        foreach ((Type type, string name, int parameter) in new (Type, string, int)[]
        {
            (typeof(RosenbrockBenchmarks), "rosenbrock-10", 10),
            (typeof(RosenbrockBenchmarks), "rosenbrock-1000", 1_000),
            (typeof(RosenbrockBenchmarks), "rosenbrock-100000", 100_000),
            (typeof(MlpBenchmarks), "mlp", 0),
            (typeof(MlpBenchmarks), "mlp-vectorised", 1),
            (typeof(SoftmaxCrossEntropyBenchmarks), "softmax", 0),
            (typeof(SoftmaxCrossEntropyBenchmarks), "softmax-stopped-max", 1),
            (typeof(BlackScholesBenchmarks), "black-scholes", 0),
            (typeof(BlackScholesBenchmarks), "black-scholes-same-program", 0),
            (typeof(MonteCarloBenchmarks), "monte-carlo", 0),
            (typeof(PiecewiseBenchmarks), "piecewise", 1_000),
            (typeof(PiecewiseBenchmarks), "piecewise-same-rules", 1_000),
            (typeof(PiecewiseBenchmarks), "piecewise-100000", 100_000),
            (typeof(LotkaVolterraBenchmarks), "lotka-volterra", 1_000),
        })
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            object benchmarks = Activator.CreateInstance(type)!;
            type.GetProperty("N")?.SetValue(benchmarks, parameter);
            type.GetProperty("Steps")?.SetValue(benchmarks, parameter);
            type.GetProperty("StoppedMax")?.SetValue(benchmarks, parameter == 1);
            type.GetProperty("Vectorised")?.SetValue(benchmarks, parameter == 1);
            type.GetMethod("Setup")!.Invoke(benchmarks, null);
            double f = Time(benchmarks, "F");
            double gradient = Time(benchmarks, "Gradient");
            double tangent = Time(benchmarks, "Tangent");
            double hand = Time(benchmarks, name switch
            {
                _ when name.EndsWith("same-rules", StringComparison.Ordinal) => "HandGradientSameRules",
                _ when name.EndsWith("same-program", StringComparison.Ordinal) => "HandGradientSameProgram",
                _ => "HandGradient",
            });
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-26} {1,10:F1} {2,10:F2} {3,10:F2} {4,12:F2}", name, f, gradient / f, tangent / f, gradient / hand));
        }
    }

    /// <summary>Nanoseconds per call: the best of seven batches of about 30 ms each.</summary>
    private static double Time(object benchmarks, string method)
    {
        var call = (Func<double>)Delegate.CreateDelegate(typeof(Func<double>), benchmarks, benchmarks.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!);
        int calls = 1;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            clock.Restart();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            if (clock.Elapsed.TotalMilliseconds > 30)
            {
                break;
            }

            calls *= 2;
        }

        double best = double.MaxValue;
        for (int batch = 0; batch < 7; batch++)
        {
            clock.Restart();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            best = Math.Min(best, clock.Elapsed.TotalNanoseconds / calls);
        }

        return best;
    }
}
