using System;

namespace AdGen.Optimizers;

/// <summary>What the per-step callback sees after each step.</summary>
/// <param name="Step">Optimizer steps taken so far (≥ 1).</param>
/// <param name="Value">f at the current point.</param>
/// <param name="GradientNorm">The Euclidean norm of the gradient at the current point.</param>
/// <param name="LearningRate">The learning rate of the step just taken.</param>
/// <param name="Elapsed">Time since the minimisation started.</param>
public readonly record struct MinimizationProgress(int Step, double Value, double GradientNorm, double LearningRate, TimeSpan Elapsed);
