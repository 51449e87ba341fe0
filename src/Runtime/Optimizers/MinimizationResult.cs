using System;
using System.Collections.Generic;
using System.Globalization;

namespace AdGen.Optimizers;

/// <summary>The outcome of <see cref="Minimizer.Minimize(AdGen.GradientFunction, ReadOnlySpan{double}, Optimizer, MinimizerOptions?)"/>.</summary>
/// <typeparam name="T">The precision of the parameters, <see cref="double"/> or <see cref="float"/>.</typeparam>
public sealed class MinimizationResult<T>
    where T : unmanaged
{
    internal MinimizationResult(
        T[] point,
        double value,
        double gradientNorm,
        MinimizationStatus status,
        int iterations,
        int? nonFiniteStep,
        int? nonFiniteIndex,
        string message,
        IReadOnlyList<MinimizationRecord> history,
        TimeSpan elapsed)
    {
        Point = point;
        Value = value;
        GradientNorm = gradientNorm;
        Status = status;
        Iterations = iterations;
        NonFiniteStep = nonFiniteStep;
        NonFiniteIndex = nonFiniteIndex;
        Message = message;
        History = history;
        Elapsed = elapsed;
    }

    /// <summary>The final parameters: where the objective was last evaluated.</summary>
    public T[] Point { get; }

    /// <summary>f at <see cref="Point"/>.</summary>
    public double Value { get; }

    /// <summary>The gradient norm at <see cref="Point"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>Why the minimisation stopped.</summary>
    public MinimizationStatus Status { get; }

    /// <summary>Whether a convergence test was met.</summary>
    public bool Converged => Status is MinimizationStatus.ConvergedOnGradientNorm or MinimizationStatus.ConvergedOnRelativeChange;

    /// <summary>Optimizer steps taken.</summary>
    public int Iterations { get; }

    /// <summary>
    /// For <see cref="MinimizationStatus.NonFiniteValue"/> and <see cref="MinimizationStatus.NonFiniteGradient"/>: the
    /// step after which the evaluation was not finite (0 for the starting point); otherwise null.
    /// </summary>
    public int? NonFiniteStep { get; }

    /// <summary>For <see cref="MinimizationStatus.NonFiniteGradient"/>: the first non-finite component; otherwise null.</summary>
    public int? NonFiniteIndex { get; }

    /// <summary>A sentence that says why the minimisation stopped.</summary>
    public string Message { get; }

    /// <summary>Every evaluation, starting point first (empty when <see cref="MinimizerOptions.RecordHistory"/> is off).</summary>
    public IReadOnlyList<MinimizationRecord> History { get; }

    /// <summary>Wall-clock time of the whole minimisation.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Status} after {Iterations} steps: f = {Value:G6}, |g| = {GradientNorm:G3}. {Message}");
}
