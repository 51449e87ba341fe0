using System;
using System.Collections.Generic;
using System.Threading;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

public sealed class MinimizerTests
{
    [Fact]
    public void A_generated_style_gradient_method_group_plugs_straight_in()
    {
        double[] x0 = [-1.2, 1.0];
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.RosenbrockGradient, x0, new InnaProp());

        Assert.Equal(1000, result.Iterations);
        Assert.Equal(MinimizationStatus.MaxIterationsReached, result.Status);
        Assert.True(result.Value < 24.2);
        Assert.Equal([-1.2, 1.0], x0);
        Assert.Equal(1001, result.History.Count);
    }

    [Fact]
    public void History_records_every_evaluation_in_order_with_the_final_point_last()
    {
        var options = new MinimizerOptions { MaxIterations = 50, GradientTolerance = 0 };
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.IllConditionedQuadraticGradient, [1.0, 1.0], new Sgd(learningRate: 0.01), options);

        Assert.Equal(51, result.History.Count);
        for (int i = 0; i < result.History.Count; i++)
        {
            Assert.Equal(i, result.History[i].Step);
            Assert.True(i == 0 || result.History[i].Elapsed >= result.History[i - 1].Elapsed);
        }

        var gradient = new double[2];
        double value = TestProblems.IllConditionedQuadraticGradient(result.Point, gradient);
        Assert.Equal(value, result.Value);
        Assert.Equal(value, result.History[^1].Value);
        Assert.Equal(Math.Sqrt((gradient[0] * gradient[0]) + (gradient[1] * gradient[1])), result.GradientNorm, 14);
        Assert.True(result.History[^1].Value < result.History[0].Value);
    }

    [Fact]
    public void Stops_on_the_gradient_norm()
    {
        var options = new MinimizerOptions { MaxIterations = 10_000, GradientTolerance = 1e-6 };
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.IllConditionedQuadraticGradient, [1.0, 1.0], new Sgd(learningRate: 0.01, momentum: 0.9), options);

        Assert.Equal(MinimizationStatus.ConvergedOnGradientNorm, result.Status);
        Assert.True(result.Converged);
        Assert.True(result.GradientNorm <= 1e-6);
        Assert.True(result.History[^2].GradientNorm > 1e-6, "it must stop at the first step that meets the tolerance");
        Assert.InRange(result.Iterations, 10, 9_999);
    }

    [Fact]
    public void Stops_on_the_relative_change_of_f()
    {
        // Plain gradient descent on a quadratic: f decreases monotonically, ever more slowly.
        var options = new MinimizerOptions { MaxIterations = 100_000, GradientTolerance = 0, RelativeTolerance = 3e-3 };
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.IllConditionedQuadraticGradient, [1.0, 1.0], new Sgd(learningRate: 0.001), options);

        Assert.Equal(MinimizationStatus.ConvergedOnRelativeChange, result.Status);
        double last = result.History[^1].Value;
        double before = result.History[^2].Value;
        Assert.True(Math.Abs(last - before) <= 3e-3 * Math.Max(last, before));
        double earlier = result.History[^3].Value;
        Assert.True(Math.Abs(before - earlier) > 3e-3 * Math.Max(before, earlier));
    }

    [Fact]
    public void Zero_iterations_evaluates_the_start_only()
    {
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.RosenbrockGradient, [-1.2, 1.0], new Adam(), new MinimizerOptions { MaxIterations = 0 });
        Assert.Equal(MinimizationStatus.MaxIterationsReached, result.Status);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(24.2, result.Value, 12);
        Assert.Single(result.History);
    }

    [Fact]
    public void The_callback_sees_every_step_and_can_stop()
    {
        var seen = new List<MinimizationProgress>();
        var options = new MinimizerOptions
        {
            MaxIterations = 100,
            GradientTolerance = 0,
            Callback = progress =>
            {
                seen.Add(progress);
                return progress.Step == 7 ? MinimizerAction.Stop : MinimizerAction.Continue;
            },
        };
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.RosenbrockGradient, [-1.2, 1.0], new Adam(learningRate: 0.01), options);

        Assert.Equal(MinimizationStatus.StoppedByCallback, result.Status);
        Assert.Equal(7, result.Iterations);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], seen.ConvertAll(p => p.Step));
        Assert.Equal(result.Value, seen[^1].Value);
        Assert.Equal(0.01, seen[0].LearningRate);
    }

    [Fact]
    public void Cancellation_stops_between_steps()
    {
        using var source = new CancellationTokenSource();
        var options = new MinimizerOptions
        {
            MaxIterations = 1000,
            GradientTolerance = 0,
            CancellationToken = source.Token,
            Callback = progress =>
            {
                if (progress.Step == 5)
                {
                    source.Cancel();
                }

                return MinimizerAction.Continue;
            },
        };
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.RosenbrockGradient, [-1.2, 1.0], new Sgd(learningRate: 1e-4), options);

        Assert.Equal(MinimizationStatus.Cancelled, result.Status);
        Assert.Equal(5, result.Iterations);
    }

    [Fact]
    public void The_schedule_sets_the_learning_rate_of_every_step()
    {
        var rates = new List<double>();
        var options = new MinimizerOptions
        {
            MaxIterations = 4,
            GradientTolerance = 0,
            Schedule = new InverseSquareRootSchedule(0.1),
            Callback = progress =>
            {
                rates.Add(progress.LearningRate);
                return MinimizerAction.Continue;
            },
        };
        Minimizer.Minimize(TestProblems.IllConditionedQuadraticGradient, [1.0, 1.0], new Inna(), options);

        Assert.Equal(4, rates.Count);
        for (int t = 0; t < 4; t++)
        {
            Assert.Equal(0.1 / Math.Sqrt(t + 1), rates[t], 15);
        }
    }

    [Fact]
    public void Clipping_bounds_the_step_of_plain_gradient_descent()
    {
        // At (−1.2, 1) the Rosenbrock gradient has norm ≈ 232; clipped to 1, one SGD step moves by exactly γ·1.
        var options = new MinimizerOptions { MaxIterations = 1, GradientTolerance = 0, MaxGradientNorm = 1 };
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.RosenbrockGradient, [-1.2, 1.0], new Sgd(learningRate: 0.01), options);

        double dx = result.Point[0] + 1.2;
        double dy = result.Point[1] - 1.0;
        Assert.Equal(0.01, Math.Sqrt((dx * dx) + (dy * dy)), 12);
        Assert.True(result.History[0].GradientNorm > 200, "the history keeps the norm before clipping");
    }

    [Fact]
    public void NaN_in_the_gradient_is_reported_with_its_step_and_never_enters_the_parameters()
    {
        int calls = 0;
        double[] lastGood = [];
        double Objective(ReadOnlySpan<double> x, Span<double> g)
        {
            calls++;
            double value = TestProblems.IllConditionedQuadraticGradient(x, g);
            if (calls == 13)
            {
                g[1] = double.NaN; // the 13th evaluation is the one after step 12
            }
            else
            {
                lastGood = x.ToArray();
            }

            return value;
        }

        MinimizationResult<double> result = Minimizer.Minimize(Objective, [1.0, 1.0], new Adam(learningRate: 0.01), new MinimizerOptions { GradientTolerance = 0 });

        Assert.Equal(MinimizationStatus.NonFiniteGradient, result.Status);
        Assert.Equal(12, result.NonFiniteStep);
        Assert.Equal(1, result.NonFiniteIndex);
        Assert.Equal(12, result.Iterations);
        Assert.Contains("component 1 was NaN at step 12", result.Message);
        Assert.All(result.Point, static v => Assert.True(double.IsFinite(v)));
        Assert.Equal(13, calls);
        Assert.Equal(12, result.History.Count); // steps 0 to 11: the non-finite evaluation is not plotted
    }

    [Fact]
    public void Infinite_value_is_reported_with_its_step()
    {
        int calls = 0;
        double Objective(ReadOnlySpan<double> x, Span<double> g)
        {
            double value = TestProblems.RosenbrockGradient(x, g);
            return ++calls == 4 ? double.PositiveInfinity : value;
        }

        MinimizationResult<double> result = Minimizer.Minimize(Objective, [-1.2, 1.0], new Sgd(learningRate: 1e-4), new MinimizerOptions { GradientTolerance = 0 });

        Assert.Equal(MinimizationStatus.NonFiniteValue, result.Status);
        Assert.Equal(3, result.NonFiniteStep);
        Assert.Null(result.NonFiniteIndex);
        Assert.Contains("returned Infinity at step 3", result.Message);
    }

    [Fact]
    public void Non_finite_start_is_step_zero()
    {
        MinimizationResult<double> result = Minimizer.Minimize(
            static (x, g) => { g[0] = double.NegativeInfinity; return 0; },
            [0.0],
            new Sgd());

        Assert.Equal(MinimizationStatus.NonFiniteGradient, result.Status);
        Assert.Equal(0, result.NonFiniteStep);
        Assert.Equal(0, result.Iterations);
        Assert.Contains("starting point", result.Message);
        Assert.Equal([0.0], result.Point);
    }

    [Fact]
    public void A_diverging_optimizer_stops_at_the_first_overflow()
    {
        // Far too large a step: SGD on the quadratic multiplies the stiff component by |1 − 100γ| = 99 per step.
        MinimizationResult<double> result = Minimizer.Minimize(TestProblems.IllConditionedQuadraticGradient, [1.0, 1.0], new Sgd(learningRate: 1), new MinimizerOptions { MaxIterations = 10_000 });

        Assert.True(result.Status is MinimizationStatus.NonFiniteValue or MinimizationStatus.NonFiniteGradient, result.ToString());
        Assert.NotNull(result.NonFiniteStep);
        Assert.InRange(result.NonFiniteStep!.Value, 70, 85); // 50·(0.37·99^k)² overflows at k ≈ 77
    }

    [Fact]
    public void Single_precision_overload_minimises_with_float_state()
    {
        var optimizer = new Adam(learningRate: 0.1);
        MinimizationResult<float> result = Minimizer.Minimize(
            TestProblems.RosenbrockGradientSingle,
            [-1.2f, 1.0f],
            optimizer,
            new MinimizerOptions { MaxIterations = 3000, GradientTolerance = 0, Schedule = new CosineAnnealingSchedule(0.1, 3000) });

        Assert.Equal(typeof(float), optimizer.BoundPrecision);
        Assert.True(result.Value < 1e-4, result.ToString());
        Assert.Equal(1f, result.Point[0], 0.02f);
    }

    [Fact]
    public void A_second_call_continues_with_the_optimizer_state()
    {
        var optimizer = new Adam(learningRate: 0.01);
        var options = new MinimizerOptions { MaxIterations = 10, GradientTolerance = 0 };
        MinimizationResult<double> first = Minimizer.Minimize(TestProblems.RosenbrockGradient, [-1.2, 1.0], optimizer, options);
        MinimizationResult<double> second = Minimizer.Minimize(TestProblems.RosenbrockGradient, first.Point, optimizer, options);

        var straight = Minimizer.Minimize(TestProblems.RosenbrockGradient, [-1.2, 1.0], new Adam(learningRate: 0.01), new MinimizerOptions { MaxIterations = 20, GradientTolerance = 0 });
        Assert.Equal(20, optimizer.StepCount);
        Assert.Equal(straight.Point, second.Point);
    }

    [Fact]
    public void Bad_options_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(TestProblems.RosenbrockGradient, [0.0, 0.0], new Sgd(), new MinimizerOptions { MaxIterations = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(TestProblems.RosenbrockGradient, [0.0, 0.0], new Sgd(), new MinimizerOptions { GradientTolerance = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Minimizer.Minimize(TestProblems.RosenbrockGradient, [0.0, 0.0], new Sgd(), new MinimizerOptions { MaxGradientNorm = 0 }));
        Assert.Throws<ArgumentNullException>(() => Minimizer.Minimize(TestProblems.RosenbrockGradient, [0.0, 0.0], null!));
    }
}
