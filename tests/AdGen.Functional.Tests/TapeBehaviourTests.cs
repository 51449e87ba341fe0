using System;
using System.Linq;
using System.Threading.Tasks;
using AdGen.Functional.Tests.Functions;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>How reverse mode's tape behaves under the ways users call gradients: concurrently, after a failed call, at length.</summary>
public sealed class TapeBehaviourTests
{
    [Fact]
    public void GradientsOnManyThreadsMatchTheSequentialOnes()
    {
        double[][] points = Enumerable.Range(0, 64)
            .Select(static seed =>
            {
                var random = new Random(seed);
                return Enumerable.Range(0, 6).Select(_ => 0.2 + random.NextDouble()).Select(v => random.Next(2) == 0 ? v : -v).ToArray();
            })
            .ToArray();
        double[][] sequential = points.Select(static x => Gradient(x)).ToArray();
        var parallel = new double[points.Length][];
        Parallel.For(0, points.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Gradient(points[i]));
        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }

        static double[] Gradient(double[] x)
        {
            var gradient = new double[x.Length + 1];
            Calls.InterleavedTapesGradient(x, 0.4, gradient.AsSpan(0, x.Length), out gradient[^1]);
            return gradient;
        }
    }

    [Fact]
    public void ACallThatThrowsMidSweepDoesNotCorruptTheNextOne()
    {
        double[] x = { 0.5, -1.2, 0.8, 1.5 };
        var expected = new double[x.Length];
        Loops.EulerPendulumGradient(0.5, -0.2, 9.81, 50, out double expectedAngle, out _, out _);
        Arrays.RosenbrockGradient(x, expected);

        // y shorter than x: the forward sweep indexes past the end of y on the third pass, after taping two passes.
        Tape tape = Tape.Current;
        (int valuesBefore, int integersBefore, int blocksBefore) = (tape.ValueCount, tape.IntegerCount, tape.BlockCount);
        Assert.Throws<IndexOutOfRangeException>(() => Arrays.MixedParametersGradient(0.7, new[] { 0.1, 0.2, 0.3, 0.4 }, new[] { 0.5, 0.6 }, 0.0, 3, out _, new double[4], new double[2]));
        Assert.True(tape.ValueCount > valuesBefore || tape.BlockCount > blocksBefore, "the failed call should have taped values before throwing (else this test tests nothing)");

        var gradient = new double[x.Length];
        Arrays.RosenbrockGradient(x, gradient);
        Assert.Equal(expected, gradient);
        Loops.EulerPendulumGradient(0.5, -0.2, 9.81, 50, out double angle, out _, out _);
        Assert.Equal(expectedAngle, angle);

        // What the failed call left is the caller's to discard; later tests on this thread start clean.
        tape.Truncate(valuesBefore, integersBefore, blocksBefore);
    }

    [Fact]
    public void LongLoopsGrowTheTapeOnceThenAllocateNothing()
    {
        double first = Loops.EulerPendulumGradient(0.3, 0.1, 9.81, 20_000, out double firstAngle, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double again = 0.0;
        double angle = 0.0;
        for (int i = 0; i < 20; i++)
        {
            again = Loops.EulerPendulumGradient(0.3, 0.1, 9.81, 20_000, out angle, out _, out _);
        }

        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(first, again);
        Assert.Equal(firstAngle, angle);
    }
}
