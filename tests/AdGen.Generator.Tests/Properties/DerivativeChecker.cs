using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Checks one compiled program at random points: FGradient and FTangent return F's value, ∇f·v from FGradient
/// equals FTangent's tangent along v, FPullback adds seed·∇f, and the gradient and the tangent agree with central
/// finite differences. A point where finite differences with steps h and h/2 disagree is too close to a branch
/// boundary to tell anything and is replaced by another; the comparison uses their Richardson extrapolation.
/// </summary>
public static class DerivativeChecker
{
    private const int Attempts = 8;
    private const int PointsPerProgram = 2;
    private const double Step = 1e-3;
    private const double SmoothnessTolerance = 1e-4;

    /// <summary>A second difference below this (relative) is rounding, not a kink: a jump in slope of 1e-6 at h = 1e-3.</summary>
    private const double KinkFloor = 1e-9;
    private const double FiniteDifferenceTolerance = 1e-6;
    private const double IdentityTolerance = 1e-11;
    private const double ValueTolerance = 1e-13;

    private delegate double ValueFunction(double[] x, double[] p, int[] k);

    private delegate double GradientFunction(double[] x, double[] p, int[] k, double[] g);

    private delegate (double Value, double Tangent) TangentFunction(double[] x, double[] p, int[] k, double[] v);

    private delegate void PullbackFunction(double[] x, double[] p, int[] k, double seed, double[] g);

    private delegate float FloatValueFunction(float[] x, float[] p, int[] k);

    private delegate float FloatGradientFunction(float[] x, float[] p, int[] k, float[] g);

    private delegate (float Value, float Tangent) FloatTangentFunction(float[] x, float[] p, int[] k, float[] v);

    private delegate void FloatPullbackFunction(float[] x, float[] p, int[] k, float seed, float[] g);

    public static ProgramFailure? Check(GeneratedProgram program, Assembly assembly, ulong pointSeed, CheckStatistics statistics, Func<string> generatedCode)
    {
        if (program.IsFloat)
        {
            return CheckFloat(program, assembly, pointSeed, statistics, generatedCode);
        }

        Type adapters = assembly.GetType(GeneratedProgram.Namespace + "." + program.CheckTypeName)
            ?? throw new InvalidOperationException("Adapters of " + program.TypeName + " not found.");
        var value = Create<ValueFunction>(adapters, "Value");
        var gradient = Create<GradientFunction>(adapters, "Gradient");
        var tangent = Create<TangentFunction>(adapters, "Tangent");
        var pullback = Create<PullbackFunction>(adapters, "Pullback");

        var random = new Random(unchecked((int)(pointSeed ^ (ulong)program.Index * 0x9E3779B97F4A7C15UL)));
        int n = program.DifferentiableCount;
        statistics.ProgramsChecked++;
        int smoothPoints = 0;
        for (int attempt = 0; attempt < Attempts && smoothPoints < PointsPerProgram; attempt++)
        {
            double[] x = Vector(random, n, RandomProgramGenerator.InputBound);
            double[] p = Vector(random, program.PassiveCount, RandomProgramGenerator.InputBound);
            int[] k = Enumerable.Range(0, program.IntCount).Select(_ => random.Next(RandomProgramGenerator.MaxTripCount + 1)).ToArray();
            string point = DescribePoint(x, p, k);

            double f;
            try
            {
                f = value(x, p, k);
            }
            catch (Exception exception)
            {
                return Fail(FailureKind.InvalidTestProgram, "F threw at " + point + ": " + exception);
            }

            if (!double.IsFinite(f))
            {
                statistics.NonFinitePoints++;
                continue;
            }

            statistics.PointsChecked++;
            double[] g = Enumerable.Repeat(12345.0, n).ToArray(); // FGradient must overwrite it
            double[] v = Vector(random, n, 1);
            double[] accumulated = Vector(random, n, 1);
            double seed = 0.5 + random.NextDouble();
            double[] pulled = (double[])accumulated.Clone();
            double gradientValue, tangentValue, directional;
            try
            {
                gradientValue = gradient(x, p, k, g);
                (tangentValue, directional) = tangent(x, p, k, v);
                pullback(x, p, k, seed, pulled);
            }
            catch (Exception exception)
            {
                return Fail(FailureKind.DerivativeThrew, "at " + point + ": " + exception);
            }

            if (!Close(gradientValue, f, ValueTolerance * (1 + Math.Abs(f))))
            {
                return Fail(FailureKind.WrongDerivative, "FGradient returned " + R(gradientValue) + " but F is " + R(f) + " at " + point);
            }

            if (!Close(tangentValue, f, ValueTolerance * (1 + Math.Abs(f))))
            {
                return Fail(FailureKind.WrongDerivative, "FTangent returned value " + R(tangentValue) + " but F is " + R(f) + " at " + point);
            }

            double dot = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                dot += g[i] * v[i];
                scale += Math.Abs(g[i] * v[i]);
            }

            // The absolute floor allows for cancellation: a derivative that is 0 (z - (v + z) + v) comes out as
            // 1e-17 one way and 0 the other.
            if (!Close(directional, dot, IdentityTolerance * (scale + Math.Abs(directional)) + 1e-13))
            {
                return Fail(FailureKind.WrongDerivative, "forward/reverse identity fails: FTangent along v gives " + R(directional) + ", ∇f·v from FGradient gives " + R(dot)
                    + " at " + point + "; v = [" + string.Join(", ", v.Select(R)) + "], ∇f = [" + string.Join(", ", g.Select(R)) + "]");
            }

            for (int i = 0; i < n; i++)
            {
                double expected = accumulated[i] + seed * g[i];
                if (!Close(pulled[i], expected, 1e-13 * (Math.Abs(accumulated[i]) + Math.Abs(seed * g[i])) + 1e-15))
                {
                    return Fail(FailureKind.WrongDerivative, "FPullback with seed " + R(seed) + " turned adjoint " + i + " from " + R(accumulated[i]) + " into " + R(pulled[i])
                        + ", expected " + R(expected) + " (∂f/∂x" + i + " = " + R(g[i]) + ") at " + point);
                }
            }

            // Finite differences: gradient coordinate by coordinate, then the tangent along v.
            var estimates = new double[n + 1];
            bool smooth = true;
            for (int i = 0; i <= n && smooth; i++)
            {
                double[] direction = i < n ? Unit(n, i) : v;
                double? estimate = Richardson(value, x, p, k, direction, f);
                smooth = estimate.HasValue;
                estimates[i] = estimate.GetValueOrDefault();
            }

            if (!smooth)
            {
                statistics.NonSmoothPoints++;
                continue;
            }

            // A mismatch is checked again with a ten times smaller step: with steady derivatives of high order (nested
            // transcendental functions iterated in loops) the first estimate's truncation error can exceed the tolerance.
            bool Matches(double actual, int i)
            {
                if (Close(actual, estimates[i], FiniteDifferenceTolerance * (1 + Math.Abs(estimates[i]))))
                {
                    return true;
                }

                double? refined = Richardson(value, x, p, k, i < n ? Unit(n, i) : v, f, Step / 10);
                if (refined is null)
                {
                    return false;
                }

                estimates[i] = refined.Value;
                return Close(actual, refined.Value, FiniteDifferenceTolerance * (1 + Math.Abs(refined.Value)));
            }

            var mismatches = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                if (!Matches(g[i], i))
                {
                    mismatches.Append("  ∂f/∂x").Append(i).Append(": FGradient ").Append(R(g[i])).Append(", finite differences ").AppendLine(R(estimates[i]));
                }
            }

            if (!Matches(directional, n))
            {
                mismatches.Append("  along v = [").Append(string.Join(", ", v.Select(R))).Append("]: FTangent ").Append(R(directional)).Append(", finite differences ").AppendLine(R(estimates[n]));
            }

            if (mismatches.Length > 0)
            {
                return Fail(FailureKind.WrongDerivative, "derivatives disagree with finite differences at " + point + " (f = " + R(f) + "):\n" + mismatches);
            }

            smoothPoints++;
        }

        if (smoothPoints == 0)
        {
            statistics.ProgramsWithoutSmoothPoint++;
        }

        return null;

        ProgramFailure Fail(FailureKind kind, string message) => new(program, kind, message, generatedCode());
    }

    /// <summary>
    /// Checks a float program against its double twin (itself checked against finite differences, which float
    /// precision makes too coarse to use directly): same value, same gradient and tangent within float accuracy,
    /// plus the float program's own consistency of value, forward/reverse identity and pullback.
    /// </summary>
    private static ProgramFailure? CheckFloat(GeneratedProgram program, Assembly assembly, ulong pointSeed, CheckStatistics statistics, Func<string> generatedCode)
    {
        Type adapters = assembly.GetType(GeneratedProgram.Namespace + "." + program.CheckTypeName)
            ?? throw new InvalidOperationException("Adapters of " + program.TypeName + " not found.");
        Type? twinAdapters = assembly.GetType(GeneratedProgram.Namespace + "." + program.Twin!.CheckTypeName);
        if (twinAdapters is null)
        {
            // The double twin failed on its own (and is reported); nothing to compare with.
            return null;
        }

        var value = Create<FloatValueFunction>(adapters, "Value");
        var gradient = Create<FloatGradientFunction>(adapters, "Gradient");
        var tangent = Create<FloatTangentFunction>(adapters, "Tangent");
        var pullback = Create<FloatPullbackFunction>(adapters, "Pullback");
        var twinValue = Create<ValueFunction>(twinAdapters, "Value");
        var twinGradient = Create<GradientFunction>(twinAdapters, "Gradient");

        var random = new Random(unchecked((int)(pointSeed ^ (ulong)program.Index * 0x9E3779B97F4A7C15UL) + 1));
        int n = program.DifferentiableCount;
        statistics.ProgramsChecked++;
        int comparedPoints = 0;
        for (int attempt = 0; attempt < Attempts && comparedPoints < PointsPerProgram; attempt++)
        {
            // Points exactly representable in float, so both twins see the same inputs.
            float[] x = Vector(random, n, RandomProgramGenerator.InputBound).Select(static d => (float)d).ToArray();
            float[] p = Vector(random, program.PassiveCount, RandomProgramGenerator.InputBound).Select(static d => (float)d).ToArray();
            int[] k = Enumerable.Range(0, program.IntCount).Select(_ => random.Next(RandomProgramGenerator.MaxTripCount + 1)).ToArray();
            double[] xd = x.Select(static f => (double)f).ToArray();
            double[] pd = p.Select(static f => (double)f).ToArray();
            string point = DescribePoint(xd, pd, k);

            float f;
            double fd;
            var gd = new double[n];
            try
            {
                f = value(x, p, k);
                fd = twinGradient(xd, pd, k, gd);
            }
            catch (Exception exception)
            {
                return new ProgramFailure(program, FailureKind.InvalidTestProgram, "F threw at " + point + ": " + exception, generatedCode());
            }

            // Rounding can send float and double down different branches (or make the double twin non-smooth here).
            if (!double.IsFinite(f) || !double.IsFinite(fd) || Math.Abs(f - fd) > 1e-3 * (1 + Math.Abs(fd)) || Richardson(twinValue, xd, pd, k, Unit(n, 0), fd) is null)
            {
                statistics.NonSmoothPoints++;
                continue;
            }

            statistics.PointsChecked++;
            float[] g = Enumerable.Repeat(12345f, n).ToArray();
            float[] v = Vector(random, n, 1).Select(static d => (float)d).ToArray();
            float[] accumulated = Vector(random, n, 1).Select(static d => (float)d).ToArray();
            float seed = (float)(0.5 + random.NextDouble());
            float[] pulled = (float[])accumulated.Clone();
            float gradientValue, tangentValue, directional;
            try
            {
                gradientValue = gradient(x, p, k, g);
                (tangentValue, directional) = tangent(x, p, k, v);
                pullback(x, p, k, seed, pulled);
            }
            catch (Exception exception)
            {
                return new ProgramFailure(program, FailureKind.DerivativeThrew, "at " + point + ": " + exception, generatedCode());
            }

            string? problem = null;
            double dot = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                dot += (double)g[i] * v[i];
                scale += Math.Abs((double)g[i] * v[i]);
            }

            if (!Close(gradientValue, f, 1e-6 * (1 + Math.Abs(f))) || !Close(tangentValue, f, 1e-6 * (1 + Math.Abs(f))))
            {
                problem = "float FGradient/FTangent return " + R(gradientValue) + " / " + R(tangentValue) + " but F is " + R(f);
            }
            else if (!Close(directional, dot, 1e-4 * (scale + Math.Abs(directional)) + 1e-6))
            {
                problem = "float forward/reverse identity fails: FTangent along v gives " + R(directional) + ", ∇f·v from FGradient gives " + R(dot);
            }
            else
            {
                for (int i = 0; i < n && problem is null; i++)
                {
                    if (!Close(pulled[i], accumulated[i] + seed * g[i], 1e-5 * (Math.Abs(accumulated[i]) + Math.Abs(seed * g[i])) + 1e-6))
                    {
                        problem = "float FPullback turned adjoint " + i + " from " + R(accumulated[i]) + " into " + R(pulled[i]) + ", expected " + R(accumulated[i] + seed * g[i]);
                    }
                    else if (!Close(g[i], gd[i], 5e-3 * (1 + Math.Abs(gd[i]))))
                    {
                        problem = "float ∂f/∂x" + i + " = " + R(g[i]) + " but the double twin's is " + R(gd[i]);
                    }
                }
            }

            if (problem is not null)
            {
                return new ProgramFailure(program, FailureKind.WrongDerivative, problem + " at " + point, generatedCode());
            }

            comparedPoints++;
        }

        if (comparedPoints == 0)
        {
            statistics.ProgramsWithoutSmoothPoint++;
        }

        return null;
    }

    /// <summary>
    /// Richardson extrapolation of central differences with steps h and h/2; null where they disagree, or where
    /// f(x) is far from the mean of its neighbours (a branch whose condition flips at x itself, such as
    /// <c>a - (c + a) &lt; -c</c>, which rounding makes true at scattered points), or where x sits on a kink: the
    /// second difference f(x + h) + f(x − h) − 2f(x) is h times the jump in slope there, so it halves with h, where a
    /// smooth f's, h² f″, quarters. Points are rounded to three decimals, so a branch on a > 0 meets a = 0 exactly, and
    /// f = u·(u > 0 ? c : 1) is linear on both sides: both central differences give the mean slope, (c + 1)/2.
    /// </summary>
    private static double? Richardson(ValueFunction value, double[] x, double[] p, int[] k, double[] direction, double center, double step = Step)
    {
        bool smooth = true;
        double Central(double h, out double second)
        {
            double plus = value(x.Select((xi, i) => xi + h * direction[i]).ToArray(), p, k);
            double minus = value(x.Select((xi, i) => xi - h * direction[i]).ToArray(), p, k);
            second = plus + minus - 2 * center;
            smooth &= Math.Abs(second) <= SmoothnessTolerance * (1 + Math.Abs(center));
            return (plus - minus) / (2 * h);
        }

        double coarse = Central(step, out double coarseSecond);
        double fine = Central(step / 2, out double fineSecond);
        bool onKink = Math.Abs(coarseSecond) > KinkFloor * (1 + Math.Abs(center)) && Math.Abs(fineSecond) > 0.375 * Math.Abs(coarseSecond);
        if (!smooth || onKink || !double.IsFinite(coarse) || !double.IsFinite(fine) || Math.Abs(coarse - fine) > SmoothnessTolerance * (1 + Math.Abs(fine)))
        {
            return null;
        }

        return (4 * fine - coarse) / 3;
    }

    private static bool Close(double actual, double expected, double tolerance) =>
        double.IsFinite(actual) && Math.Abs(actual - expected) <= tolerance;

    private static double[] Vector(Random random, int length, double bound) =>
        Enumerable.Range(0, length).Select(_ => Math.Round((2 * random.NextDouble() - 1) * bound, 3)).ToArray();

    private static double[] Unit(int length, int index)
    {
        var unit = new double[length];
        unit[index] = 1;
        return unit;
    }

    private static string DescribePoint(double[] x, double[] p, int[] k) =>
        "x = [" + string.Join(", ", x.Select(R)) + "]"
        + (p.Length > 0 ? ", [NoDerivative] = [" + string.Join(", ", p.Select(R)) + "]" : string.Empty)
        + (k.Length > 0 ? ", ints = [" + string.Join(", ", k) + "]" : string.Empty);

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static T Create<T>(Type type, string name)
        where T : Delegate =>
        (type.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(name + " not found on " + type)).CreateDelegate<T>();
}
