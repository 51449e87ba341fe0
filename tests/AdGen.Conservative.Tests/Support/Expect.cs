using System;
using System.Globalization;
using System.Linq;
using Xunit.Sdk;

namespace AdGen.Conservative.Tests.Support;

/// <summary>Checks that the Gradient, Pullback and Tangent members of one method agree with an expected derivative.</summary>
public static class Expect
{
    /// <summary>
    /// Every mode gives <paramref name="expected"/> at <paramref name="at"/>: Gradient writes it, Pullback adds
    /// seed·expected into adjoints that were not zero, and Tangent along each unit vector returns its component.
    /// </summary>
    public static void Derivative(Derivatives f, double[] at, params double[] expected)
    {
        if (expected.Length != at.Length)
        {
            throw new ArgumentException("one expected partial per argument", nameof(expected));
        }

        double primal = f.Value(at);
        (double value, double[] gradient) = f.Gradient(at);
        Close(f, at, "value returned by Gradient", primal, value);
        for (int i = 0; i < at.Length; i++)
        {
            Close(f, at, "reverse (Gradient) ∂/∂x" + i, expected[i], gradient[i]);
        }

        // Pullback accumulates: start from non-zero adjoints and use a seed other than 1.
        const double seed = 2.0;
        double[] initial = at.Select(static (_, i) => 0.25 * (i + 1)).ToArray();
        double[] pulled = f.Pullback(at, seed, initial);
        for (int i = 0; i < at.Length; i++)
        {
            Close(f, at, "reverse (Pullback, seed 2, adjoint " + initial[i].ToString(CultureInfo.InvariantCulture) + ") ∂/∂x" + i, initial[i] + seed * expected[i], pulled[i]);
        }

        for (int i = 0; i < at.Length; i++)
        {
            double[] unit = new double[at.Length];
            unit[i] = 1.0;
            (double tangentValue, double tangent) = f.Tangent(at, unit);
            Close(f, at, "value returned by Tangent", primal, tangentValue);
            Close(f, at, "forward (Tangent along e" + i + ") ∂/∂x" + i, expected[i], tangent);
        }
    }

    /// <summary>Away from kinks: all modes agree with central finite differences of the method itself.</summary>
    public static void FiniteDifferences(Derivatives f, params double[] at)
    {
        double[] reference = CentralDifferences(f, at);
        double tolerance = f.IsSingle ? 2e-2 : 1e-6;
        double[] gradient = f.Gradient(at).Gradient;
        double[] pulled = f.Pullback(at, 1.0, new double[at.Length]);
        for (int i = 0; i < at.Length; i++)
        {
            double[] unit = new double[at.Length];
            unit[i] = 1.0;
            double tangent = f.Tangent(at, unit).Tangent;
            Near(f, at, "reverse (Gradient) vs finite differences, x" + i, reference[i], gradient[i], tolerance);
            Near(f, at, "reverse (Pullback) vs finite differences, x" + i, reference[i], pulled[i], tolerance);
            Near(f, at, "forward (Tangent) vs finite differences, x" + i, reference[i], tangent, tolerance);
        }
    }

    /// <summary>∇f·v from reverse mode equals the forward-mode derivative along v, for random directions v.</summary>
    public static void SameRuleBothWays(Derivatives f, double[] at, Random random, int directions = 8)
    {
        double[] gradient = f.Gradient(at).Gradient;
        for (int k = 0; k < directions; k++)
        {
            double[] v = at.Select(_ => Math.Round(4 * (random.NextDouble() - 0.5), 3)).ToArray();
            double reverse = 0, scale = 1;
            for (int i = 0; i < at.Length; i++)
            {
                reverse += gradient[i] * v[i];
                scale += Math.Abs(gradient[i] * v[i]);
            }

            double forward = f.Tangent(at, v).Tangent;
            double tolerance = (f.IsSingle ? 1e-5 : 1e-12) * scale;
            if (!(Math.Abs(forward - reverse) <= tolerance))
            {
                throw new XunitException(Describe(f, at, "∇f·v (reverse) vs Tangent(v) (forward) for v = " + Format(v), reverse, forward));
            }
        }
    }

    public static double[] CentralDifferences(Derivatives f, double[] at)
    {
        var result = new double[at.Length];
        for (int i = 0; i < at.Length; i++)
        {
            double h = (f.IsSingle ? 1e-3 : 1e-6) * Math.Max(1, Math.Abs(at[i]));
            double[] plus = (double[])at.Clone();
            double[] minus = (double[])at.Clone();
            plus[i] += h;
            minus[i] -= h;
            if (f.IsSingle)
            {
                plus[i] = (float)plus[i];
                minus[i] = (float)minus[i];
            }

            result[i] = (f.Value(plus) - f.Value(minus)) / (plus[i] - minus[i]);
        }

        return result;
    }

    /// <summary>Equality up to the rounding of the method's precision; infinities must match exactly.</summary>
    public static void Close(Derivatives f, double[] at, string what, double expected, double actual) =>
        Near(f, at, what, expected, actual, f.IsSingle ? 1e-6 : 1e-12);

    private static void Near(Derivatives f, double[] at, string what, double expected, double actual, double relativeTolerance)
    {
        bool ok = double.IsInfinity(expected) || double.IsNaN(expected)
            ? expected.Equals(actual)
            : Math.Abs(expected - actual) <= relativeTolerance * Math.Max(1, Math.Abs(expected));
        if (!ok)
        {
            throw new XunitException(Describe(f, at, what, expected, actual));
        }
    }

    private static string Describe(Derivatives f, double[] at, string what, double expected, double actual) =>
        f.Name + " at " + Format(at) + ": " + what + ": expected " + expected.ToString("R", CultureInfo.InvariantCulture)
        + ", actual " + actual.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(double[] x) => "(" + string.Join(", ", x.Select(static v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";
}
