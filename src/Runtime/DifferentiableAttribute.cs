using System;

namespace AdGen;

/// <summary>
/// Marks a static method of a <c>partial</c> type for differentiation. At compile time AdGen's source generator
/// emits, beside the method <c>F</c>, the members <c>FGradient</c> (reverse mode), <c>FTangent</c> (forward mode)
/// and <c>FPullback</c> (reverse mode for composition).
/// </summary>
/// <remarks>
/// The optional properties set the conservative rule at the method's kinks (see docs/conservative-rules.md); an
/// unset property (NaN) falls back to <see cref="DifferentiableDefaultsAttribute"/> on the assembly, then to AdGen's
/// default. A per-call argument (<c>AdMath.Relu(x, slopeAtZero)</c>) overrides both.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>ReLU'(0), in [0, 1]. AdGen's default: 0.</summary>
    public double ReluSlopeAtZero { get; set; } = double.NaN;

    /// <summary>The derivative of |x| at 0, in [-1, 1]. AdGen's default: 0.</summary>
    public double AbsSlopeAtZero { get; set; } = double.NaN;

    /// <summary>At a tie of Math.Max(a, b), the weight of a (b gets the rest), in [0, 1]. AdGen's default: 0.5.</summary>
    public double MaxTieWeight { get; set; } = double.NaN;

    /// <summary>At a tie of Math.Min(a, b), the weight of a (b gets the rest), in [0, 1]. AdGen's default: 0.5.</summary>
    public double MinTieWeight { get; set; } = double.NaN;

    /// <summary>At a boundary of Math.Clamp(x, lo, hi), the weight of x (the boundary gets the rest), in [0, 1]. Default: 0.5.</summary>
    public double ClampBoundaryWeight { get; set; } = double.NaN;
}

/// <summary>Sets the conservative rules for every [Differentiable] method of the assembly (methods may override).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableDefaultsAttribute : Attribute
{
    /// <inheritdoc cref="DifferentiableAttribute.ReluSlopeAtZero"/>
    public double ReluSlopeAtZero { get; set; } = double.NaN;

    /// <inheritdoc cref="DifferentiableAttribute.AbsSlopeAtZero"/>
    public double AbsSlopeAtZero { get; set; } = double.NaN;

    /// <inheritdoc cref="DifferentiableAttribute.MaxTieWeight"/>
    public double MaxTieWeight { get; set; } = double.NaN;

    /// <inheritdoc cref="DifferentiableAttribute.MinTieWeight"/>
    public double MinTieWeight { get; set; } = double.NaN;

    /// <inheritdoc cref="DifferentiableAttribute.ClampBoundaryWeight"/>
    public double ClampBoundaryWeight { get; set; } = double.NaN;
}

/// <summary>
/// Excludes a floating-point parameter from differentiation: it gets no derivative argument and is treated as a
/// constant by the generated derivatives.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
