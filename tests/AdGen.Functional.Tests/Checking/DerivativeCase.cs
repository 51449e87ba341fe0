using System;
using System.Numerics;

namespace AdGen.Functional.Tests.Checking;

/// <summary>The function at a point given as one flat vector of its differentiable inputs.</summary>
public delegate T ValueAt<T>(T[] x);

/// <summary>Runs the generated FGradient: returns its value and writes the flat gradient.</summary>
public delegate T GradientAt<T>(T[] x, T[] gradient);

/// <summary>Runs the generated FTangent along a flat direction.</summary>
public delegate (T Value, T Tangent) TangentAt<T>(T[] x, T[] direction);

/// <summary>Runs the generated FPullback: adds seed·∇f into the flat adjoint.</summary>
public delegate void PullbackAt<T>(T[] x, T seed, T[] adjoint);

/// <summary>
/// One [Differentiable] function seen through a flat vector of its differentiable inputs, so that a single checker
/// can test every signature: the adapters scatter the vector into the real arguments (spans, scalars, arrays) and
/// hold the non-differentiable ones (int, bool, [NoDerivative]) fixed.
/// </summary>
public sealed record DerivativeCase<T>(
    string Name,
    ValueAt<T> Value,
    GradientAt<T> Gradient,
    TangentAt<T> Tangent,
    PullbackAt<T> Pullback,
    Sampler<T> Sample)
    where T : struct, IFloatingPointIeee754<T>
{
    public override string ToString() => Name;
}
