using System;
using System.Collections.Generic;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>Each optimizer, vectorised, against the plain scalar rule of <see cref="IReferenceRule"/>: 25 steps.</summary>
public sealed class OptimizerReferenceTests
{
    private const int Steps = 25;

    private static readonly Dictionary<string, (Func<Optimizer> Optimizer, Func<IReferenceRule> Reference)> s_cases = new()
    {
        ["sgd"] = (() => new Sgd(), () => new SgdReference(1e-2)),
        ["sgd momentum dampening decay"] = (() => new Sgd(learningRate: 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.01), () => new SgdReference(0.05, mu: 0.9, tau: 0.2, lambda: 0.01)),
        ["sgd nesterov"] = (() => new Sgd(learningRate: 0.03, momentum: 0.8, nesterov: true, weightDecay: 0.001), () => new SgdReference(0.03, mu: 0.8, nesterov: true, lambda: 0.001)),
        ["rmsprop"] = (() => new RmsProp(), () => new RmsPropReference(1e-2)),
        ["rmsprop centered momentum decay"] = (() => new RmsProp(learningRate: 0.02, rho: 0.9, epsilon: 1e-6, momentum: 0.5, centered: true, weightDecay: 0.01), () => new RmsPropReference(0.02, rho: 0.9, epsilon: 1e-6, mu: 0.5, centered: true, lambda: 0.01)),
        ["rmsprop centered"] = (() => new RmsProp(learningRate: 0.01, rho: 0.95, centered: true), () => new RmsPropReference(0.01, rho: 0.95, centered: true)),
        ["rmsprop momentum"] = (() => new RmsProp(learningRate: 0.01, momentum: 0.9), () => new RmsPropReference(0.01, mu: 0.9)),
        ["adam"] = (() => new Adam(), () => new AdamReference(1e-3)),
        ["adam tuned decay"] = (() => new Adam(learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1), () => new AdamReference(0.02, 0.8, 0.99, 1e-6, lambda: 0.1)),
        ["adamw"] = (() => new AdamW(), () => new AdamReference(1e-3, lambda: 0.01, decoupled: true)),
        ["adamw tuned"] = (() => new AdamW(learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.5), () => new AdamReference(0.02, 0.8, 0.99, 1e-6, lambda: 0.5, decoupled: true)),
        ["inna"] = (() => new Inna(), () => new InnaReference(0.1)),
        ["inna tuned decay"] = (() => new Inna(learningRate: 0.05, alpha: 1, beta: 2, weightDecay: 0.1), () => new InnaReference(0.05, 1, 2, 0.1)),
        ["innaprop"] = (() => new InnaProp(), () => new InnaPropReference(1e-3)),
        ["innaprop long-run setting"] = (() => new InnaProp(learningRate: 0.05, alpha: 2, beta: 2, sigma: 0.99, epsilon: 1e-6, weightDecay: 0.1), () => new InnaPropReference(0.05, 2, 2, 0.99, 1e-6, 0.1)),
        ["innaprop fast setting"] = (() => new InnaProp(learningRate: 0.1, alpha: 0.1, beta: 0.9, sigma: 0.9, weightDecay: 0), () => new InnaPropReference(0.1, 0.1, 0.9, 0.9, 1e-8, 0)),
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in s_cases.Keys)
        {
            // 3 is shorter than any vector (only the tail path); 37 has whole vectors and a tail.
            data.Add(name, 3);
            data.Add(name, 37);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_matches_the_reference_rule(string name, int length)
    {
        (Func<Optimizer> create, Func<IReferenceRule> createReference) = s_cases[name];
        double[] expected = Run(createReference(), length);

        Optimizer optimizer = create();
        double[] theta = GradientSequence.Start(length);
        var gradient = new double[length];
        for (int k = 1; k <= Steps; k++)
        {
            GradientSequence.Gradient(k, theta, gradient);
            optimizer.Step(theta, gradient);
        }

        Assert.Equal(Steps, optimizer.StepCount);
        AssertClose(expected, theta, 1e-12);
        AssertMoved(length, expected);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Single_matches_the_reference_rule(string name, int length)
    {
        (Func<Optimizer> create, Func<IReferenceRule> createReference) = s_cases[name];
        double[] expected = Run(createReference(), length);

        Optimizer optimizer = create();
        float[] theta = Array.ConvertAll(GradientSequence.Start(length), static v => (float)v);
        var wide = new double[length];
        var wideGradient = new double[length];
        var gradient = new float[length];
        for (int k = 1; k <= Steps; k++)
        {
            for (int i = 0; i < length; i++)
            {
                wide[i] = theta[i];
            }

            GradientSequence.Gradient(k, wide, wideGradient);
            for (int i = 0; i < length; i++)
            {
                gradient[i] = (float)wideGradient[i];
            }

            optimizer.Step(theta, gradient);
        }

        AssertClose(expected, Array.ConvertAll(theta, static v => (double)v), 1e-4);
    }

    /// <summary>
    /// INNAprop with σ = 0 and ε = 0 has v = g² and d = |g| exactly, so fed gradients of ±1 it has d ≡ 1 and must
    /// follow INNA's trajectory (with λ = 0 and also with the same decoupled decay, which both apply first).
    /// </summary>
    [Theory]
    [InlineData(0.05, 0.5, 0.5, 0.0)]
    [InlineData(0.01, 0.1, 0.9, 0.0)]
    [InlineData(0.1, 2.0, 2.0, 0.0)]
    [InlineData(0.05, 1.0, 1.0, 0.1)]
    public void InnaProp_with_unit_scaling_follows_Inna(double gamma, double alpha, double beta, double lambda)
    {
        const int length = 19;
        var innaProp = new InnaProp(learningRate: gamma, alpha: alpha, beta: beta, sigma: 0, epsilon: 0, weightDecay: lambda);
        var inna = new Inna(learningRate: gamma, alpha: alpha, beta: beta, weightDecay: lambda);
        double[] thetaProp = GradientSequence.Start(length);
        double[] thetaInna = GradientSequence.Start(length);
        var gradient = new double[length];
        for (int k = 1; k <= 40; k++)
        {
            for (int i = 0; i < length; i++)
            {
                gradient[i] = Math.Sin((1.3 * k) + (0.7 * i)) >= 0 ? 1 : -1;
            }

            innaProp.Step(thetaProp, gradient);
            inna.Step(thetaInna, gradient);
        }

        AssertClose(thetaInna, thetaProp, 1e-12);
        AssertMoved(length, thetaInna);
    }

    /// <summary>The same identity for any nonzero gradient: with σ = 0, ε = 0, g/d = sign(g), so INNAprop on g is INNA on sign(g).</summary>
    [Fact]
    public void InnaProp_without_averaging_is_Inna_on_the_sign_of_the_gradient()
    {
        const int length = 23;
        var innaProp = new InnaProp(learningRate: 0.05, alpha: 1, beta: 1, sigma: 0, epsilon: 0, weightDecay: 0);
        var inna = new Inna(learningRate: 0.05, alpha: 1, beta: 1);
        double[] thetaProp = GradientSequence.Start(length);
        double[] thetaInna = GradientSequence.Start(length);
        var gradient = new double[length];
        var sign = new double[length];
        for (int k = 1; k <= Steps; k++)
        {
            GradientSequence.Gradient(k, thetaProp, gradient);
            for (int i = 0; i < length; i++)
            {
                sign[i] = Math.Sign(gradient[i]);
            }

            innaProp.Step(thetaProp, gradient);
            inna.Step(thetaInna, sign);
        }

        AssertClose(thetaInna, thetaProp, 1e-12);
    }

    /// <summary>The reference rules themselves: INNAprop's closed form reduces to INNA's (a check on the test's own transcription).</summary>
    [Fact]
    public void Reference_InnaProp_with_unit_scaling_is_reference_Inna()
    {
        const int length = 5;
        var innaProp = new InnaPropReference(0.05, 0.5, 0.5, sigma: 0, epsilon: 0, lambda: 0);
        var inna = new InnaReference(0.05, 0.5, 0.5);
        double[] thetaProp = GradientSequence.Start(length);
        double[] thetaInna = GradientSequence.Start(length);
        double[] ones = [1, -1, 1, 1, -1];
        for (int k = 0; k < Steps; k++)
        {
            innaProp.Step(thetaProp, ones);
            inna.Step(thetaInna, ones);
        }

        AssertClose(thetaInna, thetaProp, 1e-12);
    }

    private static double[] Run(IReferenceRule rule, int length)
    {
        double[] theta = GradientSequence.Start(length);
        var gradient = new double[length];
        for (int k = 1; k <= Steps; k++)
        {
            GradientSequence.Gradient(k, theta, gradient);
            rule.Step(theta, gradient);
        }

        return theta;
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            Assert.True(
                error <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"θ[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:G3}, tolerance {tolerance:G3})");
        }
    }

    /// <summary>Guards against a vacuous agreement: the trajectory must have left the starting point.</summary>
    private static void AssertMoved(int length, double[] final)
    {
        double[] start = GradientSequence.Start(length);
        double distance = 0;
        for (int i = 0; i < length; i++)
        {
            distance = Math.Max(distance, Math.Abs(final[i] - start[i]));
        }

        Assert.True(distance > 1e-3, $"the parameters barely moved ({distance:G3})");
    }
}

/// <summary>A deterministic, parameter-dependent gradient sequence: g_k = 0.5θ + s_k with an oscillating s_k.</summary>
internal static class GradientSequence
{
    public static double[] Start(int length)
    {
        var theta = new double[length];
        for (int i = 0; i < length; i++)
        {
            theta[i] = 2 * Math.Cos((0.37 * i) + 0.2);
        }

        return theta;
    }

    public static void Gradient(int k, double[] theta, double[] gradient)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            gradient[i] = (0.5 * theta[i]) + (Math.Sin((0.9 * k) + (1.7 * i)) * (1 + (0.3 * i)));
        }
    }
}
