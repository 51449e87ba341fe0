using System;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

public sealed class ClippingTests
{
    [Fact]
    public void Scales_a_long_gradient_down_to_the_maximum_and_returns_the_norm_before()
    {
        double[] gradient = new double[37];
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = i % 2 == 0 ? 3 : -4;
        }

        double expectedNorm = Math.Sqrt((19 * 9) + (18 * 16));
        double[] direction = Array.ConvertAll(gradient, v => v / expectedNorm);

        double norm = GradientClipping.ClipByGlobalNorm(gradient, 2.5);

        Assert.Equal(expectedNorm, norm, 12);
        Assert.Equal(2.5, Norm(gradient), 12);
        for (int i = 0; i < gradient.Length; i++)
        {
            Assert.Equal(direction[i] * 2.5, gradient[i], 12);
        }
    }

    [Fact]
    public void Leaves_a_short_gradient_alone()
    {
        double[] gradient = [0.3, -0.4];
        Assert.Equal(0.5, GradientClipping.ClipByGlobalNorm(gradient, 1), 15);
        Assert.Equal([0.3, -0.4], gradient);
    }

    [Fact]
    public void Single_precision()
    {
        float[] gradient = [30, -40, 0];
        Assert.Equal(50, GradientClipping.ClipByGlobalNorm(gradient, 5), 5);
        Assert.Equal(3f, gradient[0], 5);
        Assert.Equal(-4f, gradient[1], 5);
    }

    [Fact]
    public void Huge_components_do_not_overflow_the_norm()
    {
        double[] gradient = [3e200, 4e200];
        Assert.Equal(5e200, GradientClipping.ClipByGlobalNorm(gradient, 1), 1e188);
        Assert.Equal(0.6, gradient[0], 12);
    }

    [Fact]
    public void A_non_finite_gradient_is_left_alone_and_its_norm_reported()
    {
        double[] gradient = [1, double.NaN, 2];
        Assert.True(double.IsNaN(GradientClipping.ClipByGlobalNorm(gradient, 1)));
        Assert.Equal(1, gradient[0]);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(gradient, 0)).ParamName);
    }

    private static double Norm(double[] values)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value * value;
        }

        return Math.Sqrt(sum);
    }
}
