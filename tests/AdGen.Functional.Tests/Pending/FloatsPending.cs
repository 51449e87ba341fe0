using System;

namespace AdGen.Functional.Tests.Functions;

// Parked: generated code does not compile yet (see /tmp/adgen-bugs.md).
public static partial class Floats
{
    /// <summary>Log-sum-exp over a float span, calling a float method inside the loop.</summary>
    [Differentiable]
    public static float SpanLogSumExpPlusSoftplus(ReadOnlySpan<float> x)
    {
        float maximum = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            maximum = x[i] > maximum ? x[i] : maximum;
        }

        float sum = 0.0f;
        float penalty = 0.0f;
        foreach (float value in x)
        {
            sum += MathF.Exp(value - maximum);
            penalty += Softplus(value);
        }

        return maximum + MathF.Log(sum) + 0.1f * penalty;
    }
}
