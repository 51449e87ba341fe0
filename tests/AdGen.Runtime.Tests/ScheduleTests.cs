using System;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

public sealed class ScheduleTests
{
    [Fact]
    public void Constant()
    {
        var schedule = new ConstantSchedule(0.3);
        Assert.Equal(0.3, schedule.LearningRateAt(0));
        Assert.Equal(0.3, schedule.LearningRateAt(1_000_000));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(9, 1.0)]
    [InlineData(10, 0.5)]
    [InlineData(19, 0.5)]
    [InlineData(25, 0.25)]
    public void Step_decay_halves_every_ten_steps(long step, double expected) =>
        Assert.Equal(expected, new StepDecaySchedule(1.0, stepSize: 10, factor: 0.5).LearningRateAt(step), 15);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 0.55)]
    [InlineData(100, 0.1)]
    [InlineData(1000, 0.1)]
    public void Cosine_annealing_falls_from_the_initial_to_the_minimum(long step, double expected) =>
        Assert.Equal(expected, new CosineAnnealingSchedule(1.0, period: 100, minimumLearningRate: 0.1).LearningRateAt(step), 12);

    [Fact]
    public void Cosine_annealing_at_a_quarter_period()
    {
        // (1 + cos(π/4))/2 = 0.853553…
        Assert.Equal((1 + Math.Cos(Math.PI / 4)) / 2, new CosineAnnealingSchedule(1.0, 100).LearningRateAt(25), 15);
    }

    [Fact]
    public void Linear_warmup_ramps_to_the_inner_schedule_and_then_follows_it_from_its_start()
    {
        var schedule = new LinearWarmupSchedule(4, new StepDecaySchedule(0.8, stepSize: 2, factor: 0.5));
        Assert.Equal(0.2, schedule.LearningRateAt(0), 15);
        Assert.Equal(0.4, schedule.LearningRateAt(1), 15);
        Assert.Equal(0.8, schedule.LearningRateAt(3), 15);
        Assert.Equal(0.8, schedule.LearningRateAt(4), 15); // inner step 0
        Assert.Equal(0.8, schedule.LearningRateAt(5), 15); // inner step 1
        Assert.Equal(0.4, schedule.LearningRateAt(6), 15); // inner step 2
        Assert.Equal(0.7, new LinearWarmupSchedule(0, new ConstantSchedule(0.7)).LearningRateAt(0));
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(3, 0.05)]
    [InlineData(99, 0.01)]
    public void Inverse_square_root(long step, double expected) =>
        Assert.Equal(expected, new InverseSquareRootSchedule(0.1).LearningRateAt(step), 15);

    [Fact]
    public void Apply_drives_an_optimizer_from_its_step_count()
    {
        var optimizer = new Sgd(learningRate: 1);
        var schedule = new InverseSquareRootSchedule(1);
        double[] theta = [0];
        for (int step = 0; step < 3; step++)
        {
            schedule.Apply(optimizer);
            Assert.Equal(1 / Math.Sqrt(step + 1), optimizer.LearningRate);
            optimizer.Step(theta, [1.0]);
        }

        Assert.Equal(-(1 + (1 / Math.Sqrt(2)) + (1 / Math.Sqrt(3))), theta[0], 15);
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(1).LearningRateAt(-1)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(-1)).ParamName);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1, 0)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1, 1, 2)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(1, 0)).ParamName);
        Assert.Equal("minimumLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(1, 10, 2)).ParamName);
        Assert.Equal("warmupSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmupSchedule(-1, new ConstantSchedule(1))).ParamName);
        Assert.Throws<ArgumentNullException>(() => new LinearWarmupSchedule(1, null!));
        Assert.Equal("initialLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseSquareRootSchedule(double.NaN)).ParamName);
    }
}
