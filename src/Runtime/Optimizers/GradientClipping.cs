using System;

namespace AdGen.Optimizers;

/// <summary>Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradient"/> in place so that its Euclidean norm is at most <paramref name="maxNorm"/>, and
    /// returns the norm it had before. A non-finite norm leaves the gradient unchanged (there is no sensible direction
    /// to keep); callers should check the returned value.
    /// </summary>
    /// <param name="gradient">The gradient (all of it: the norm is global).</param>
    /// <param name="maxNorm">The largest norm allowed, finite, &gt; 0.</param>
    /// <returns>The norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and positive.</exception>
    public static double ClipByGlobalNorm(Span<double> gradient, double maxNorm)
    {
        Hyperparameter.Positive(maxNorm, nameof(maxNorm));
        double norm = SpanMath.Norm((ReadOnlySpan<double>)gradient);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            SpanMath.Scale(gradient, maxNorm / norm);
        }

        return norm;
    }

    /// <inheritdoc cref="ClipByGlobalNorm(Span{double}, double)"/>
    public static double ClipByGlobalNorm(Span<float> gradient, double maxNorm)
    {
        Hyperparameter.Positive(maxNorm, nameof(maxNorm));
        double norm = SpanMath.Norm((ReadOnlySpan<float>)gradient);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            SpanMath.Scale(gradient, (float)(maxNorm / norm));
        }

        return norm;
    }
}
