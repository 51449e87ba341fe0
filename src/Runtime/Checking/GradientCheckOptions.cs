namespace AdGen.Checking;

/// <summary>Step sizes and tolerances for <see cref="GradientCheck"/>; the defaults are torch.autograd.gradcheck's.</summary>
public sealed class GradientCheckOptions
{
    /// <summary>The relative finite-difference step: coordinate i moves by Step·max(1, |x_i|). Default 1e-6.</summary>
    public double Step { get; init; } = 1e-6;

    /// <summary>The absolute part of the tolerance |analytic − numeric| ≤ atol + rtol·|numeric|. Default 1e-5.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-5;

    /// <summary>The relative part of the tolerance |analytic − numeric| ≤ atol + rtol·|numeric|. Default 1e-3.</summary>
    public double RelativeTolerance { get; init; } = 1e-3;

    /// <summary>How many of the worst coordinates the report lists. Default 5.</summary>
    public int WorstCount { get; init; } = 5;

    /// <summary>
    /// Flags a coordinate as a suspected kink when its one-sided differences disagree by more than this times
    /// max(1, |left|, |right|) and the disagreement does not shrink with the step. Default 1e-3.
    /// </summary>
    public double KinkTolerance { get; init; } = 1e-3;

    /// <summary>
    /// Counts <see cref="KinkMonitor"/> hits while the gradient is evaluated (switching the monitor on for that
    /// evaluation if it is off). Default true. The monitor is global: hits from other threads count too.
    /// </summary>
    public bool UseKinkMonitor { get; init; } = true;

    /// <summary>Dot-product test: how many random directions v. Default 3.</summary>
    public int Directions { get; init; } = 3;

    /// <summary>Dot-product test: the seed of the random directions, so that a failure reproduces. Default 12345.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>
    /// Dot-product test: forward and reverse mode must agree to this times max(1, |forward|, |reverse|); both are exact
    /// derivatives, so only rounding separates them. Default 1e-10.
    /// </summary>
    public double ConsistencyTolerance { get; init; } = 1e-10;
}
