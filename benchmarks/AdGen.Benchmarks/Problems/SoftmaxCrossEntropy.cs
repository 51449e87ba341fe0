using System;

namespace AdGen.Benchmarks.Problems;

/// <summary>Problem 3: softmax cross-entropy of 1,000 logits, log Σ exp(z) − z_label, shifted by the maximum for stability.</summary>
public static partial class SoftmaxCrossEntropy
{
    [Differentiable]
    public static double Value(ReadOnlySpan<double> logits, int label)
    {
        double max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            max = Math.Max(max, logits[i]);
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }

        return max + Math.Log(sum) - logits[label];
    }

    /// <summary>
    /// The same loss with the maximum behind <see cref="AdMath.StopGradient(double)"/>, as jax.nn.logsumexp writes it.
    /// The maximum cancels in exact arithmetic, so no derivative needs to flow through it: reverse mode neither tapes
    /// nor reverses its loop, and the gradient loses the rounding residue (1 − Σ softmax) that the traced maximum
    /// hands to the largest logit.
    /// </summary>
    [Differentiable]
    public static double ValueStoppedMax(ReadOnlySpan<double> logits, int label)
    {
        double max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            max = Math.Max(max, logits[i]);
        }

        double shift = AdMath.StopGradient(max);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - shift);
        }

        return shift + Math.Log(sum) - logits[label];
    }

    /// <summary>By hand: ∂/∂z_i = softmax(z)_i − [i = label].</summary>
    public static double HandGradient(ReadOnlySpan<double> logits, int label, Span<double> gradient)
    {
        double max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            max = Math.Max(max, logits[i]);
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double e = Math.Exp(logits[i] - max);
            gradient[i] = e;
            sum += e;
        }

        double inverse = 1 / sum;
        for (int i = 0; i < logits.Length; i++)
        {
            gradient[i] *= inverse;
        }

        gradient[label] -= 1;
        return max + Math.Log(sum) - logits[label];
    }

    public static double[] RandomLogits(int classes)
    {
        var random = new Random(3);
        var logits = new double[classes];
        for (int i = 0; i < classes; i++)
        {
            logits[i] = 4 * (random.NextDouble() - 0.5);
        }

        return logits;
    }
}
