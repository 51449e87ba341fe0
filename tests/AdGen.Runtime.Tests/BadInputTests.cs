using System;
using System.Collections.Generic;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

public sealed class BadInputTests
{
    private static readonly Dictionary<string, Func<Optimizer>> s_bad = new()
    {
        ["sgd learningRate -1"] = () => new Sgd(learningRate: -1),
        ["sgd learningRate NaN"] = () => new Sgd(learningRate: double.NaN),
        ["sgd learningRate +inf"] = () => new Sgd(learningRate: double.PositiveInfinity),
        ["sgd momentum -0.1"] = () => new Sgd(momentum: -0.1),
        ["sgd dampening 1.5"] = () => new Sgd(momentum: 0.9, dampening: 1.5),
        ["sgd weightDecay -1"] = () => new Sgd(weightDecay: -1),
        ["sgd nesterov without momentum"] = () => new Sgd(nesterov: true),
        ["sgd nesterov with dampening"] = () => new Sgd(momentum: 0.9, dampening: 0.1, nesterov: true),
        ["rmsprop learningRate -1"] = () => new RmsProp(learningRate: -1),
        ["rmsprop rho 1"] = () => new RmsProp(rho: 1),
        ["rmsprop rho -0.5"] = () => new RmsProp(rho: -0.5),
        ["rmsprop epsilon -1e-8"] = () => new RmsProp(epsilon: -1e-8),
        ["rmsprop momentum -1"] = () => new RmsProp(momentum: -1),
        ["rmsprop weightDecay NaN"] = () => new RmsProp(weightDecay: double.NaN),
        ["adam learningRate -0.001"] = () => new Adam(learningRate: -0.001),
        ["adam beta1 1"] = () => new Adam(beta1: 1),
        ["adam beta2 1.5"] = () => new Adam(beta2: 1.5),
        ["adam beta1 -0.1"] = () => new Adam(beta1: -0.1),
        ["adam epsilon -1"] = () => new Adam(epsilon: -1),
        ["adam weightDecay -0.1"] = () => new Adam(weightDecay: -0.1),
        ["adamw beta2 1"] = () => new AdamW(beta2: 1),
        ["adamw weightDecay -1"] = () => new AdamW(weightDecay: -1),
        ["adamw learningRate NaN"] = () => new AdamW(learningRate: double.NaN),
        ["inna beta 0"] = () => new Inna(beta: 0),
        ["inna beta -1"] = () => new Inna(beta: -1),
        ["inna alpha -1"] = () => new Inna(alpha: -1),
        ["inna learningRate -1"] = () => new Inna(learningRate: -1),
        ["inna weightDecay -1"] = () => new Inna(weightDecay: -1),
        ["innaprop learningRate 0.9"] = () => new InnaProp(learningRate: 0.9, beta: 0.9),
        ["innaprop learningRate 2"] = () => new InnaProp(learningRate: 2),
        ["innaprop learningRate -1"] = () => new InnaProp(learningRate: -1),
        ["innaprop beta 0"] = () => new InnaProp(beta: 0),
        ["innaprop alpha -0.1"] = () => new InnaProp(alpha: -0.1),
        ["innaprop sigma 1"] = () => new InnaProp(sigma: 1),
        ["innaprop sigma -0.1"] = () => new InnaProp(sigma: -0.1),
        ["innaprop epsilon -1"] = () => new InnaProp(epsilon: -1),
        ["innaprop weightDecay -0.01"] = () => new InnaProp(weightDecay: -0.01),
    };

    public static TheoryData<string> BadHyperparameters() => new(s_bad.Keys);

    [Theory]
    [MemberData(nameof(BadHyperparameters))]
    public void Out_of_range_hyperparameter_throws_naming_it_and_its_range(string name)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(s_bad[name]);

        // The case name is "optimizer parameter value" except for the Nesterov cases, which blame momentum or dampening.
        string expected = name switch
        {
            "sgd nesterov without momentum" => "momentum",
            "sgd nesterov with dampening" => "dampening",
            _ => name.Split(' ')[1],
        };
        Assert.Equal(expected, exception.ParamName);
        Assert.Contains(expected + " must be in ", exception.Message);
    }

    [Fact]
    public void InnaProp_explains_why_learning_rate_must_stay_below_beta()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new InnaProp(learningRate: 1, beta: 0.5));
        Assert.Contains("[0, beta) = [0, 0.5)", exception.Message);
        Assert.Contains("beta − learningRate", exception.Message);

        // A schedule setting the learning rate later meets the same check.
        var optimizer = new InnaProp(beta: 0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = 0.5);
        optimizer.LearningRate = 0.4;
        Assert.Equal(0.4, optimizer.LearningRate);
    }

    [Fact]
    public void Boundary_values_inside_the_ranges_are_accepted()
    {
        _ = new Sgd(learningRate: 0, momentum: 0, dampening: 1, weightDecay: 0);
        _ = new RmsProp(rho: 0, epsilon: 0);
        _ = new Adam(beta1: 0, beta2: 0, epsilon: 0);
        _ = new Inna(alpha: 0, beta: 1e-9);
        _ = new InnaProp(learningRate: 0, sigma: 0, epsilon: 0, weightDecay: 0);
    }

    public static TheoryData<string> AllOptimizers() => new("sgd", "rmsprop", "adam", "adamw", "inna", "innaprop");

    internal static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(momentum: 0.9),
        "rmsprop" => new RmsProp(momentum: 0.5, centered: true),
        "adam" => new Adam(),
        "adamw" => new AdamW(),
        "inna" => new Inna(),
        "innaprop" => new InnaProp(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(AllOptimizers))]
    public void Gradient_of_another_length_throws(string name)
    {
        Optimizer optimizer = Create(name);
        var exception = Assert.Throws<ArgumentException>(() => optimizer.Step(new double[3], new double[4]));
        Assert.Equal("gradient", exception.ParamName);
        Assert.Contains("4 elements but the parameters have 3", exception.Message);
        Assert.Equal(0, optimizer.StepCount);
        Assert.Null(optimizer.BoundLength);
    }

    [Theory]
    [MemberData(nameof(AllOptimizers))]
    public void Switching_length_or_precision_after_the_first_step_throws(string name)
    {
        Optimizer optimizer = Create(name);
        optimizer.Step(new double[] { 1, 2, 3 }, new double[] { 0.1, 0.2, 0.3 });
        Assert.Equal(3, optimizer.BoundLength);
        Assert.Equal(typeof(double), optimizer.BoundPrecision);

        var length = Assert.Throws<ArgumentException>(() => optimizer.Step(new double[4], new double[4]));
        Assert.Contains("state for 3 parameters", length.Message);

        var precision = Assert.Throws<ArgumentException>(() => optimizer.Step(new float[3], new float[3]));
        Assert.Contains("Double state", precision.Message);
        Assert.Contains("Single parameters", precision.Message);
        Assert.Equal(1, optimizer.StepCount);

        // Reset unbinds: the same instance may now serve another problem.
        optimizer.Reset();
        Assert.Null(optimizer.BoundLength);
        Assert.Equal(0, optimizer.StepCount);
        optimizer.Step(new float[5], new float[5]);
        Assert.Equal(typeof(float), optimizer.BoundPrecision);
        Assert.Equal(5, optimizer.BoundLength);
    }

    [Theory]
    [MemberData(nameof(AllOptimizers))]
    public void Reset_restarts_the_trajectory(string name)
    {
        Optimizer optimizer = Create(name);
        double[] first = { 1, -2, 3 };
        double[] gradient = { 0.5, -0.25, 2 };
        optimizer.Step(first, gradient);
        optimizer.Step(first, gradient);

        optimizer.Reset();
        double[] again = { 1, -2, 3 };
        optimizer.Step(again, gradient);

        Optimizer fresh = Create(name);
        double[] expected = { 1, -2, 3 };
        fresh.Step(expected, gradient);
        Assert.Equal(expected, again);
    }
}
