using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace AdGen.Optimizers;

/// <summary>
/// Minimises an objective given with its gradient by stepping an <see cref="Optimizer"/> until a stopping rule
/// holds, recording the history of f and ‖∇f‖.
/// </summary>
/// <example>
/// <code>
/// MinimizationResult&lt;double&gt; result = Minimizer.Minimize(Model.RosenbrockGradient, [-1.2, 1.0], new InnaProp());
/// </code>
/// </example>
public static class Minimizer
{
    private static readonly MinimizerOptions s_defaults = new();

    /// <summary>
    /// Minimises <paramref name="objective"/> from <paramref name="start"/>. The optimizer is not reset, so a second
    /// call continues where the first stopped; call <see cref="Optimizer.Reset"/> to start afresh.
    /// </summary>
    /// <param name="objective">Returns f(x) and writes ∇f(x); a generated <c>FGradient</c> converts to it.</param>
    /// <param name="start">The starting point x₀ (copied, not modified).</param>
    /// <param name="optimizer">The optimizer that takes the steps.</param>
    /// <param name="options">Stopping rules, schedule, clipping, callback, cancellation; null for the defaults.</param>
    /// <returns>
    /// The final point and value, why the minimisation stopped, and the history. A NaN or infinity in f or in the
    /// gradient stops it with the step number; the parameters are never updated with a non-finite gradient.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public static MinimizationResult<double> Minimize(GradientFunction objective, ReadOnlySpan<double> start, Optimizer optimizer, MinimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Run(new DoubleObjective(objective), start, optimizer, options);
    }

    /// <summary>Minimises a single-precision objective; the optimizer keeps single-precision state.</summary>
    /// <inheritdoc cref="Minimize(GradientFunction, ReadOnlySpan{double}, Optimizer, MinimizerOptions?)"/>
    public static MinimizationResult<float> Minimize(GradientFunctionSingle objective, ReadOnlySpan<float> start, Optimizer optimizer, MinimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Run(new SingleObjective(objective), start, optimizer, options);
    }

    private static MinimizationResult<T> Run<T, TObjective>(TObjective objective, ReadOnlySpan<T> start, Optimizer optimizer, MinimizerOptions? options)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TObjective : struct, IObjective<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= s_defaults;
        Validate(options);

        long started = Stopwatch.GetTimestamp();
        T[] point = start.ToArray();
        T[] gradient = new T[point.Length];
        var history = options.RecordHistory ? new List<MinimizationRecord>() : null;
        int steps = 0;
        double previousValue = double.NaN;
        double value = objective.Evaluate(point, gradient);

        while (true)
        {
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            if (!double.IsFinite(value))
            {
                string where = steps == 0 ? "at the starting point (step 0)" : $"at step {steps}";
                return Finish(
                    MinimizationStatus.NonFiniteValue,
                    value,
                    double.NaN,
                    steps,
                    nonFiniteStep: steps,
                    nonFiniteIndex: null,
                    string.Create(CultureInfo.InvariantCulture, $"The objective returned {value} {where}; the point is the one where it did."));
            }

            int badIndex = SpanMath.IndexOfNonFinite<T>(gradient);
            if (badIndex >= 0)
            {
                string where = steps == 0 ? "at the starting point (step 0)" : $"at step {steps}";
                return Finish(
                    MinimizationStatus.NonFiniteGradient,
                    value,
                    double.NaN,
                    steps,
                    nonFiniteStep: steps,
                    nonFiniteIndex: badIndex,
                    string.Create(CultureInfo.InvariantCulture, $"The gradient's component {badIndex} was {gradient[badIndex]} {where}; the parameters were not updated with it."));
            }

            double norm = SpanMath.Norm<T>(gradient);
            history?.Add(new MinimizationRecord(steps, value, norm, elapsed));

            MinimizerAction action = MinimizerAction.Continue;
            if (steps > 0 && options.Callback is { } callback)
            {
                action = callback(new MinimizationProgress(steps, value, norm, optimizer.LearningRate, elapsed));
            }

            if (norm <= options.GradientTolerance)
            {
                return Finish(MinimizationStatus.ConvergedOnGradientNorm, value, norm, steps, null, null, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The gradient norm {norm:G3} is at most the tolerance {options.GradientTolerance:G3}."));
            }

            if (steps > 0 && options.RelativeTolerance > 0
                && Math.Abs(value - previousValue) <= options.RelativeTolerance * Math.Max(Math.Abs(value), Math.Abs(previousValue)))
            {
                return Finish(MinimizationStatus.ConvergedOnRelativeChange, value, norm, steps, null, null, string.Create(
                    CultureInfo.InvariantCulture,
                    $"f changed from {previousValue:G6} to {value:G6}, relatively at most the tolerance {options.RelativeTolerance:G3}."));
            }

            if (action == MinimizerAction.Stop)
            {
                return Finish(MinimizationStatus.StoppedByCallback, value, norm, steps, null, null, $"The callback asked to stop after step {steps}.");
            }

            if (steps >= options.MaxIterations)
            {
                return Finish(MinimizationStatus.MaxIterationsReached, value, norm, steps, null, null, $"Took the maximum of {options.MaxIterations} steps.");
            }

            if (options.CancellationToken.IsCancellationRequested)
            {
                return Finish(MinimizationStatus.Cancelled, value, norm, steps, null, null, $"Cancelled after {steps} steps.");
            }

            if (options.MaxGradientNorm is double maxNorm && norm > maxNorm)
            {
                SpanMath.Scale<T>(gradient, T.CreateTruncating(maxNorm / norm));
            }

            options.Schedule?.Apply(optimizer);
            optimizer.Step<T>(point, gradient);
            steps++;
            previousValue = value;

            // Cleared so that an objective that accumulates into the gradient, rather than overwriting it, is still right.
            Array.Clear(gradient);
            value = objective.Evaluate(point, gradient);
        }

        MinimizationResult<T> Finish(MinimizationStatus status, double finalValue, double finalNorm, int iterations, int? nonFiniteStep, int? nonFiniteIndex, string message) =>
            new(point, finalValue, finalNorm, status, iterations, nonFiniteStep, nonFiniteIndex, message, history ?? new List<MinimizationRecord>(), Stopwatch.GetElapsedTime(started));
    }

    private static void Validate(MinimizerOptions options)
    {
        if (options.MaxIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "MaxIterations must be in [0, ∞).");
        }

        if (!(options.GradientTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GradientTolerance, "GradientTolerance must be in [0, ∞).");
        }

        if (!(options.RelativeTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RelativeTolerance, "RelativeTolerance must be in [0, ∞).");
        }

        if (options.MaxGradientNorm is double maxNorm && !(maxNorm > 0 && double.IsFinite(maxNorm)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), maxNorm, "MaxGradientNorm must be finite and in (0, ∞), or null.");
        }
    }

    /// <summary>An objective over either precision; a struct so the generic loop calls it without an extra indirection.</summary>
    private interface IObjective<T>
    {
        double Evaluate(ReadOnlySpan<T> point, Span<T> gradient);
    }

    private readonly struct DoubleObjective(GradientFunction function) : IObjective<double>
    {
        public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient) => function(point, gradient);
    }

    private readonly struct SingleObjective(GradientFunctionSingle function) : IObjective<float>
    {
        public double Evaluate(ReadOnlySpan<float> point, Span<float> gradient) => function(point, gradient);
    }
}
