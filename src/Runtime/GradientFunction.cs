using System;

namespace AdGen;

/// <summary>
/// An objective with its gradient: returns f(x) and overwrites <paramref name="gradient"/> with ∇f(x).
/// The generated <c>FGradient</c> of a method whose only differentiable input is one <c>ReadOnlySpan&lt;double&gt;</c>
/// converts to this delegate, so it plugs straight into optimizers and gradient checks.
/// </summary>
public delegate double GradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>The single-precision counterpart of <see cref="GradientFunction"/>.</summary>
public delegate float GradientFunctionSingle(ReadOnlySpan<float> x, Span<float> gradient);

/// <summary>An objective without its gradient, as finite differences need it.</summary>
public delegate double ScalarFunction(ReadOnlySpan<double> x);
