using System;

namespace AdGen.Checking;

/// <summary>
/// Forward mode over one span: returns f(x) and the directional derivative ∇f(x)·v. The generated <c>FTangent</c> of
/// a method whose only differentiable input is one <c>ReadOnlySpan&lt;double&gt;</c> converts to this delegate.
/// </summary>
/// <param name="x">The point.</param>
/// <param name="direction">The tangent direction v, as long as <paramref name="x"/>.</param>
/// <returns>f(x) and ∇f(x)·v.</returns>
public delegate (double Value, double Tangent) TangentFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> direction);
