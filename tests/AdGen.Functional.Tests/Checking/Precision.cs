using System.Numerics;

namespace AdGen.Functional.Tests.Checking;

/// <summary>Steps and tolerances of the oracles for one floating-point type.</summary>
/// <param name="RelativeStep">Finite-difference step, relative to max(1, |x|).</param>
/// <param name="FiniteDifferenceRelative">Allowed relative gap between AD and finite differences.</param>
/// <param name="FiniteDifferenceAbsolute">Allowed absolute gap, times max(1, |f|): cancellation in f(x+h) − f(x−h).</param>
/// <param name="IdentityRelative">Allowed gap between ∇f·v (reverse) and the tangent (forward), relative to Σ|∂ᵢf·vᵢ|.</param>
public sealed record Precision(double RelativeStep, double FiniteDifferenceRelative, double FiniteDifferenceAbsolute, double IdentityRelative)
{
    // The fourth-order central stencil has truncation error O(h⁴) and round-off O(ε|f|/h): h = 1e-4 balances them in
    // double near 1e-13, far inside the 1e-6 tolerance. In float, ε ≈ 6e-8 forces a larger step and a looser bound.
    public static readonly Precision Double = new(1e-4, 1e-6, 1e-6, 1e-12);

    public static readonly Precision Single = new(4e-3, 1e-2, 2e-3, 1e-5);

    public static Precision For<T>()
        where T : struct, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Single : Double;
}
