using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>AdMath.StopGradient: its value is used, and no derivative flows back through it, in both modes.</summary>
public static partial class StoppedGradients
{
    /// <summary>log Σ exp(xᵢ) with the maximum stopped, as jax.nn.logsumexp: the same value and, in exact arithmetic, the same gradient.</summary>
    [Differentiable]
    public static double LogSumExpStoppedMax(ReadOnlySpan<double> x)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = Math.Max(max, x[i]);
        }

        double shift = AdMath.StopGradient(max);
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - shift);
        }

        return shift + Math.Log(sum);
    }

    /// <summary>Stopped values inside expressions: ∂/∂x = x·y, ∂/∂y = cos(e^y·y)·e^y.</summary>
    [Differentiable]
    public static double Product(double x, double y) => x * AdMath.StopGradient(x * y) + Math.Sin(AdMath.StopGradient(Math.Exp(y)) * y);

    /// <summary>A variable overwritten with its own stopped value: u = x² + x with x² stopped, so d(u·x)/dx = u + x.</summary>
    [Differentiable]
    public static double OverwrittenByItsStoppedValue(double x)
    {
        double u = x * x;
        u = AdMath.StopGradient(u) + x;
        return u * x;
    }

    /// <summary>s ← s/2 + xᵢ² with the carried s stopped: only the last element reaches the derivative, 2·x[n−1].</summary>
    [Differentiable]
    public static double DecayingSum(ReadOnlySpan<double> x)
    {
        double s = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            s = 0.5 * AdMath.StopGradient(s) + x[i] * x[i];
        }

        return s;
    }

    /// <summary>Everything stopped: the derivative is 0 everywhere.</summary>
    [Differentiable]
    public static double FullyStopped(double x) => AdMath.StopGradient(Math.Sin(x)) + 1.0;

    /// <summary>Single precision: d(stop(x)·x)/dx = x.</summary>
    [Differentiable]
    public static float StoppedSquare(float x) => AdMath.StopGradient(x) * x;
}
