using System;

namespace AdGen;

/// <summary>
/// Marks a static method of a <c>partial</c> type for differentiation. At compile time AdGen's source generator
/// emits, beside the method <c>F</c>, the members <c>FGradient</c> (reverse mode), <c>FTangent</c> (forward mode)
/// and <c>FPullback</c> (reverse mode for composition).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}

/// <summary>
/// Excludes a floating-point parameter from differentiation: it gets no derivative argument and is treated as a
/// constant by the generated derivatives.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
