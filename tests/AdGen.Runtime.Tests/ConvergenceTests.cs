using System;
using System.Collections.Generic;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>
/// Each optimizer, with settings a user would pick, must bring the Rosenbrock function (f = 24.2 at the start) and an
/// ill-conditioned quadratic (f = 7.63 at the start) below stated thresholds within 3000 steps.
/// </summary>
public sealed class ConvergenceTests
{
    private const int Steps = 3000;

    /// <summary>Name → (optimizer, schedule or null, Rosenbrock threshold, quadratic threshold).</summary>
    private static readonly Dictionary<string, (Func<Optimizer> Create, Func<Optimizer, LearningRateSchedule?> Schedule, double Rosenbrock, double Quadratic)> s_settings = new()
    {
        ["sgd"] = (() => new Sgd(learningRate: 0.002), static _ => null, 0.05, 1e-2),
        ["sgd momentum"] = (() => new Sgd(learningRate: 0.002, momentum: 0.9), static _ => null, 1e-8, 1e-20),
        ["sgd nesterov"] = (() => new Sgd(learningRate: 0.001, momentum: 0.9, nesterov: true), static _ => null, 1e-8, 1e-20),
        ["rmsprop"] = (() => new RmsProp(learningRate: 0.01), Cosine, 1e-3, 1e-20),
        ["adam"] = (() => new Adam(learningRate: 0.1), Cosine, 1e-8, 1e-20),
        ["adamw"] = (() => new AdamW(learningRate: 0.1, weightDecay: 1e-4), Cosine, 1e-6, 1e-10),
        ["inna"] = (() => new Inna(learningRate: 0.01, alpha: 2, beta: 0.2), static _ => null, 1e-5, 1e-12),
        ["innaprop"] = (() => new InnaProp(learningRate: 0.05, alpha: 0.1, beta: 0.9, weightDecay: 0), Cosine, 1e-4, 1e-20),
    };

    public static TheoryData<string> Names() => new(s_settings.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reduces_the_Rosenbrock_function(string name)
    {
        (Func<Optimizer> create, Func<Optimizer, LearningRateSchedule?> schedule, double threshold, _) = s_settings[name];
        Optimizer optimizer = create();
        MinimizationResult<double> result = Minimizer.Minimize(
            TestProblems.RosenbrockGradient,
            [-1.2, 1.0],
            optimizer,
            new MinimizerOptions { MaxIterations = Steps, GradientTolerance = 0, Schedule = schedule(optimizer) });

        Assert.Equal(MinimizationStatus.MaxIterationsReached, result.Status);
        Assert.True(result.Value < threshold, $"{name}: f = {result.Value:G3} after {Steps} steps, threshold {threshold:G3}");
        Assert.Equal(24.2, result.History[0].Value, 12);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reduces_an_ill_conditioned_quadratic(string name)
    {
        (Func<Optimizer> create, Func<Optimizer, LearningRateSchedule?> schedule, _, double threshold) = s_settings[name];
        Optimizer optimizer = create();
        MinimizationResult<double> result = Minimizer.Minimize(
            TestProblems.IllConditionedQuadraticGradient,
            [1.0, 1.0],
            optimizer,
            new MinimizerOptions { MaxIterations = Steps, GradientTolerance = 0, Schedule = schedule(optimizer) });

        Assert.Equal(MinimizationStatus.MaxIterationsReached, result.Status);
        Assert.True(result.Value < threshold, $"{name}: f = {result.Value:G3} after {Steps} steps, threshold {threshold:G3}");
        Assert.Equal(7.63, result.History[0].Value, 2);
    }

    private static LearningRateSchedule Cosine(Optimizer optimizer) => new CosineAnnealingSchedule(optimizer.LearningRate, Steps);
}
