using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>Programs that mix many kinked primitives, for the forward/reverse agreement tests.</summary>
public static partial class CompositeFunctions
{
    /// <summary>p = [w00, w01, w10, w11, b0, b1, x0, x1]: two hidden units and a nonsmooth head.</summary>
    [Differentiable]
    public static double TinyNetwork(ReadOnlySpan<double> p)
    {
        double h0 = AdMath.Relu(p[0] * p[6] + p[1] * p[7] + p[4]);
        double h1 = AdMath.LeakyRelu(p[2] * p[6] + p[3] * p[7] + p[5], 0.1);
        double head = Math.Max(h0, h1) + Math.Abs(h0 - h1) + Math.Clamp(h0 + h1, 0.0, 1.0) - Math.Min(h0, p[7]);
        return AdMath.Hinge(head) + AdMath.HardTanh(h0 - h1);
    }

    /// <summary>The same network with every option set away from AdGen's defaults.</summary>
    [Differentiable(ReluSlopeAtZero = 1, AbsSlopeAtZero = -0.5, MaxTieWeight = 0.25, MinTieWeight = 0.75, ClampBoundaryWeight = 0)]
    public static double TinyNetworkWithOptions(ReadOnlySpan<double> p)
    {
        double h0 = AdMath.Relu(p[0] * p[6] + p[1] * p[7] + p[4]);
        double h1 = AdMath.LeakyRelu(p[2] * p[6] + p[3] * p[7] + p[5], 0.1);
        double head = Math.Max(h0, h1) + Math.Abs(h0 - h1) + Math.Clamp(h0 + h1, 0.0, 1.0) - Math.Min(h0, p[7]);
        return AdMath.Hinge(head) + AdMath.HardTanh(h0 - h1);
    }

    /// <summary>Every per-call rule as a run-time argument, in a loop.</summary>
    [Differentiable]
    public static double RuntimeRules(
        ReadOnlySpan<double> x,
        [NoDerivative] double reluSlope,
        [NoDerivative] double absSlope,
        [NoDerivative] double maxWeight,
        [NoDerivative] double clampWeight)
    {
        double sum = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            sum += AdMath.Relu(x[i], reluSlope) * AdMath.Abs(x[i + 1], absSlope);
            sum += AdMath.Max(x[i], x[i + 1], maxWeight) - AdMath.Min(x[i], x[i + 1], 1.0 - maxWeight);
            sum += AdMath.Clamp(x[i] * x[i + 1], -1.0, 1.0, clampWeight);
        }

        return sum;
    }
}

public static partial class CompositeFunctionsF
{
    [Differentiable]
    public static float TinyNetwork(ReadOnlySpan<float> p)
    {
        float h0 = AdMath.Relu(p[0] * p[6] + p[1] * p[7] + p[4]);
        float h1 = AdMath.LeakyRelu(p[2] * p[6] + p[3] * p[7] + p[5], 0.125f);
        float head = MathF.Max(h0, h1) + MathF.Abs(h0 - h1) - MathF.Min(h0, p[7]);
        return AdMath.Hinge(head) + AdMath.HardTanh(h0 - h1);
    }
}
