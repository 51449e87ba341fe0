using System;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Xunit.Sdk;

namespace AdGen.Functional.Tests.Checking;

/// <summary>
/// The oracles every differentiable function is checked against: finite differences (for FGradient and FTangent),
/// the forward/reverse identity ∇f·v = tangent along v, FPullback's accumulation, and the primal value.
/// </summary>
public static class DerivativeCheck
{
    /// <summary>Fixed seed: the points are random but every run checks the same ones.</summary>
    public const int Seed = 1234;

    public const int PointCount = 6;

    /// <summary>Each coordinate of FGradient against a central finite difference of the function.</summary>
    public static void GradientMatchesFiniteDifferences<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        foreach (T[] x in Points(function))
        {
            // Garbage in the buffer: FGradient must overwrite it, not accumulate into it.
            T[] gradient = Enumerable.Repeat(T.CreateChecked(1234.5), x.Length).ToArray();
            KeepsTapeBalanced(function, x, "FGradient", () => function.Gradient(x, gradient));
            double value = double.CreateChecked(function.Value(x));
            for (int i = 0; i < x.Length; i++)
            {
                T[] probe = (T[])x.Clone();
                T h = T.CreateChecked(precision.RelativeStep * Math.Max(1.0, Math.Abs(double.CreateChecked(x[i]))));
                double finiteDifference = FourthOrderDifference(t =>
                {
                    probe[i] = x[i] + t;
                    return function.Value(probe);
                }, h);
                double automatic = double.CreateChecked(gradient[i]);
                if (!WithinFiniteDifferenceTolerance(automatic, finiteDifference, value, precision))
                {
                    throw Failure(function, x, $"∂f/∂x[{i}]: FGradient gives {Show(automatic)}, finite differences give {Show(finiteDifference)}");
                }
            }
        }
    }

    /// <summary>FTangent along a random direction against a central finite difference along that direction.</summary>
    public static void TangentMatchesFiniteDifferences<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        var random = new Random(Seed + 1);
        foreach (T[] x in Points(function))
        {
            // Each coordinate of the direction is scaled by max(1, |xᵢ|), as the per-coordinate steps are: a step fit
            // for a large coordinate would otherwise swamp a small one (a spot price of 100 beside a rate of 0.03).
            T[] direction = Direction<T>(random, x.Length);
            for (int i = 0; i < x.Length; i++)
            {
                direction[i] *= T.Max(T.One, T.Abs(x[i]));
            }

            double automatic = double.CreateChecked(function.Tangent(x, direction).Tangent);
            double value = double.CreateChecked(function.Value(x));
            T h = T.CreateChecked(precision.RelativeStep);
            T[] probe = new T[x.Length];
            double finiteDifference = FourthOrderDifference(t =>
            {
                for (int i = 0; i < x.Length; i++)
                {
                    probe[i] = x[i] + t * direction[i];
                }

                return function.Value(probe);
            }, h);
            if (!WithinFiniteDifferenceTolerance(automatic, finiteDifference, value, precision))
            {
                throw Failure(function, x, $"along {Show(direction)}: FTangent gives {Show(automatic)}, finite differences give {Show(finiteDifference)}");
            }
        }
    }

    /// <summary>The same directional derivative computed both ways: ∇f·v from FGradient and FTangent along v.</summary>
    public static void ForwardAndReverseAgree<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        var random = new Random(Seed + 2);
        foreach (T[] x in Points(function))
        {
            T[] direction = Direction<T>(random, x.Length);
            var gradient = new T[x.Length];
            function.Gradient(x, gradient);
            double reverse = 0;
            double scale = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double term = double.CreateChecked(gradient[i]) * double.CreateChecked(direction[i]);
                reverse += term;
                scale += Math.Abs(term);
            }

            double forward = double.CreateChecked(function.Tangent(x, direction).Tangent);
            if (!(Math.Abs(forward - reverse) <= precision.IdentityRelative * scale) && !(forward == 0 && reverse == 0))
            {
                throw Failure(function, x, $"along {Show(direction)}: ∇f·v from FGradient is {Show(reverse)}, FTangent gives {Show(forward)} (scale {Show(scale)})");
            }
        }
    }

    /// <summary>FPullback adds seed·∇f into adjoints that already hold values.</summary>
    public static void PullbackAccumulates<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        Precision precision = Precision.For<T>();
        var random = new Random(Seed + 3);
        foreach (T[] x in Points(function))
        {
            var gradient = new T[x.Length];
            function.Gradient(x, gradient);
            double seed = (0.5 + 1.5 * random.NextDouble()) * (random.Next(2) == 0 ? 1 : -1);
            T[] initial = Sampling.Fill(new T[x.Length], random, -1.0, 1.0);
            T[] adjoint = (T[])initial.Clone();
            KeepsTapeBalanced(function, x, "FPullback", () => function.Pullback(x, T.CreateChecked(seed), adjoint));
            for (int i = 0; i < x.Length; i++)
            {
                double contribution = double.CreateChecked(T.CreateChecked(seed) * gradient[i]);
                double expected = double.CreateChecked(initial[i]) + contribution;
                double actual = double.CreateChecked(adjoint[i]);
                double tolerance = precision.IdentityRelative * (Math.Abs(double.CreateChecked(initial[i])) + Math.Abs(contribution));
                if (!(Math.Abs(actual - expected) <= tolerance))
                {
                    throw Failure(function, x, $"adjoint[{i}] started at {Show(initial[i])}, seed {Show(seed)}, ∂f/∂x[{i}] = {Show(gradient[i])}: expected {Show(expected)}, FPullback left {Show(actual)}");
                }
            }
        }
    }

    /// <summary>The value FGradient and FTangent return is exactly the function's own value.</summary>
    public static void ValuesEqualThePrimal<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(Seed + 4);
        foreach (T[] x in Points(function))
        {
            T expected = function.Value(x);
            T fromGradient = function.Gradient(x, new T[x.Length]);
            T fromTangent = function.Tangent(x, Direction<T>(random, x.Length)).Value;
            if (!fromGradient.Equals(expected) || !fromTangent.Equals(expected))
            {
                throw Failure(function, x, $"f = {Show(expected)}, FGradient returns {Show(fromGradient)}, FTangent returns {Show(fromTangent)}");
            }
        }
    }

    /// <summary>Reverse mode pops exactly what it pushed: the thread's tape is left as the call found it.</summary>
    private static void KeepsTapeBalanced<T>(DerivativeCase<T> function, T[] x, string member, Action call)
        where T : struct, IFloatingPointIeee754<T>
    {
        Tape tape = Tape.Current;
        (int values, int integers, int blocks) = (tape.ValueCount, tape.IntegerCount, tape.BlockCount);
        call();
        if (tape.ValueCount != values || tape.IntegerCount != integers || tape.BlockCount != blocks)
        {
            throw Failure(function, x, $"{member} left the tape at {tape.ValueCount} values, {tape.IntegerCount} integers and {tape.BlockCount} blocks, it found {values}, {integers} and {blocks}");
        }
    }

    private static T[][] Points<T>(DerivativeCase<T> function)
        where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(Seed);
        var points = new T[PointCount][];
        for (int i = 0; i < PointCount; i++)
        {
            points[i] = function.Sample(random, i);
        }

        return points;
    }

    /// <summary>A random direction with every coordinate in ±[0.25, 1]: no coordinate is left out.</summary>
    private static T[] Direction<T>(Random random, int length)
        where T : struct, IFloatingPointIeee754<T>
    {
        var direction = new T[length];
        for (int i = 0; i < length; i++)
        {
            double magnitude = 0.25 + 0.75 * random.NextDouble();
            direction[i] = T.CreateChecked(random.Next(2) == 0 ? magnitude : -magnitude);
        }

        return direction;
    }

    /// <summary>(8(g(h) − g(−h)) − (g(2h) − g(−2h))) / 12h with the step as actually represented in T.</summary>
    private static double FourthOrderDifference<T>(Func<T, T> along, T h)
        where T : struct, IFloatingPointIeee754<T>
    {
        double plusOne = double.CreateChecked(along(h));
        double minusOne = double.CreateChecked(along(-h));
        double plusTwo = double.CreateChecked(along(h + h));
        double minusTwo = double.CreateChecked(along(-(h + h)));
        return (8.0 * (plusOne - minusOne) - (plusTwo - minusTwo)) / (12.0 * double.CreateChecked(h));
    }

    private static bool WithinFiniteDifferenceTolerance(double automatic, double finiteDifference, double value, Precision precision) =>
        Math.Abs(automatic - finiteDifference)
        <= precision.FiniteDifferenceRelative * Math.Max(Math.Abs(automatic), Math.Abs(finiteDifference))
        + precision.FiniteDifferenceAbsolute * Math.Max(1.0, Math.Abs(value));

    private static XunitException Failure<T>(DerivativeCase<T> function, T[] x, string detail)
        where T : struct, IFloatingPointIeee754<T> =>
        new($"{function.Name} ({typeof(T).Name}) at x = {Show(x)}: {detail}");

    private static string Show<T>(T[] vector)
        where T : struct, IFloatingPointIeee754<T> =>
        "[" + string.Join(", ", vector.Select(static c => Show(c))) + "]";

    private static string Show<T>(T number)
        where T : struct, IFloatingPointIeee754<T> =>
        number.ToString("R", CultureInfo.InvariantCulture);
}
