using System;

namespace AdGen.Optimizers;

/// <summary>One evaluation of the objective during a minimisation: a point of the history a plot can use.</summary>
/// <param name="Step">Optimizer steps taken before the evaluation: 0 for the starting point.</param>
/// <param name="Value">f at that point.</param>
/// <param name="GradientNorm">The Euclidean norm of the gradient there, before any clipping.</param>
/// <param name="Elapsed">Time since the minimisation started.</param>
public readonly record struct MinimizationRecord(int Step, double Value, double GradientNorm, TimeSpan Elapsed);
