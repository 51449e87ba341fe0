using System;
using AdGen.Optimizers;

namespace AdGen.Samples.Optimizers;

/// <summary>An optimizer with the settings a user would pick for these small problems, and its schedule.</summary>
internal sealed record Contestant(string Label, Func<Optimizer> Create, Func<int, LearningRateSchedule?> Schedule);

internal static class Contestants
{
    /// <summary>
    /// Constant learning rates for the momentum methods; cosine annealing for the adaptive ones, whose sign-like steps
    /// otherwise keep a fixed length and end up circling the minimum.
    /// </summary>
    public static Contestant[] All { get; } =
    [
        new("SGD γ=0.002", () => new Sgd(learningRate: 0.002), static _ => null),
        new("SGD momentum 0.9, γ=0.002", () => new Sgd(learningRate: 0.002, momentum: 0.9), static _ => null),
        new("SGD Nesterov 0.9, γ=0.001", () => new Sgd(learningRate: 0.001, momentum: 0.9, nesterov: true), static _ => null),
        new("RMSprop γ=0.01, cosine", () => new RmsProp(learningRate: 0.01), steps => new CosineAnnealingSchedule(0.01, steps)),
        new("Adam γ=0.1, cosine", () => new Adam(learningRate: 0.1), steps => new CosineAnnealingSchedule(0.1, steps)),
        new("AdamW γ=0.1, λ=1e-4, cosine", () => new AdamW(learningRate: 0.1, weightDecay: 1e-4), steps => new CosineAnnealingSchedule(0.1, steps)),
        new("INNA γ=0.01, α=2, β=0.2", () => new Inna(learningRate: 0.01, alpha: 2, beta: 0.2), static _ => null),
        new("INNAprop γ=0.05, α=0.1, β=0.9, cosine", () => new InnaProp(learningRate: 0.05, alpha: 0.1, beta: 0.9, weightDecay: 0), steps => new CosineAnnealingSchedule(0.05, steps)),
    ];
}
