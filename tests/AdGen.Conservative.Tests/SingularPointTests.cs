using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>sqrt, log, cbrt, pow, atan2, asin, acos at their singular points; finite differences elsewhere.</summary>
public class SingularPointTests
{
    private const double Infinity = double.PositiveInfinity;

    private static readonly Derivatives Sqrt = Scalar("Math.Sqrt", SingularFunctions.Sqrt, SingularFunctions.SqrtGradient, SingularFunctions.SqrtTangent, SingularFunctions.SqrtPullback);
    private static readonly Derivatives Log = Scalar("Math.Log", SingularFunctions.Log, SingularFunctions.LogGradient, SingularFunctions.LogTangent, SingularFunctions.LogPullback);
    private static readonly Derivatives Log2 = Scalar("Math.Log2", SingularFunctions.Log2, SingularFunctions.Log2Gradient, SingularFunctions.Log2Tangent, SingularFunctions.Log2Pullback);
    private static readonly Derivatives Log10 = Scalar("Math.Log10", SingularFunctions.Log10, SingularFunctions.Log10Gradient, SingularFunctions.Log10Tangent, SingularFunctions.Log10Pullback);
    private static readonly Derivatives LogBaseTwo = Scalar("Math.Log(x, 2.0)", SingularFunctions.LogBaseTwo, SingularFunctions.LogBaseTwoGradient, SingularFunctions.LogBaseTwoTangent, SingularFunctions.LogBaseTwoPullback);
    private static readonly Derivatives Cbrt = Scalar("Math.Cbrt", SingularFunctions.Cbrt, SingularFunctions.CbrtGradient, SingularFunctions.CbrtTangent, SingularFunctions.CbrtPullback);
    private static readonly Derivatives Pow = Binary("Math.Pow(x, y)", SingularFunctions.Pow, SingularFunctions.PowGradient, SingularFunctions.PowTangent, SingularFunctions.PowPullback);
    private static readonly Derivatives PowHalf = Scalar("Math.Pow(x, 0.5)", SingularFunctions.PowHalf, SingularFunctions.PowHalfGradient, SingularFunctions.PowHalfTangent, SingularFunctions.PowHalfPullback);
    private static readonly Derivatives PowCube = Scalar("Math.Pow(x, 3.0)", SingularFunctions.PowCube, SingularFunctions.PowCubeGradient, SingularFunctions.PowCubeTangent, SingularFunctions.PowCubePullback);
    private static readonly Derivatives Atan2 = Binary("Math.Atan2(y, x)", SingularFunctions.Atan2, SingularFunctions.Atan2Gradient, SingularFunctions.Atan2Tangent, SingularFunctions.Atan2Pullback);
    private static readonly Derivatives Asin = Scalar("Math.Asin", SingularFunctions.Asin, SingularFunctions.AsinGradient, SingularFunctions.AsinTangent, SingularFunctions.AsinPullback);
    private static readonly Derivatives Acos = Scalar("Math.Acos", SingularFunctions.Acos, SingularFunctions.AcosGradient, SingularFunctions.AcosTangent, SingularFunctions.AcosPullback);
    private static readonly Derivatives SqrtPlusY = Binary("Math.Sqrt(x) + y", SingularFunctions.SqrtPlusY, SingularFunctions.SqrtPlusYGradient, SingularFunctions.SqrtPlusYTangent, SingularFunctions.SqrtPlusYPullback);
    private static readonly Derivatives SqrtOfNegated = Scalar("Math.Sqrt(-x)", SingularFunctions.SqrtOfNegated, SingularFunctions.SqrtOfNegatedGradient, SingularFunctions.SqrtOfNegatedTangent, SingularFunctions.SqrtOfNegatedPullback);
    private static readonly Derivatives LogOfNegated = Scalar("Math.Log(-x)", SingularFunctions.LogOfNegated, SingularFunctions.LogOfNegatedGradient, SingularFunctions.LogOfNegatedTangent, SingularFunctions.LogOfNegatedPullback);
    private static readonly Derivatives SqrtF = ScalarF("MathF.Sqrt", SingularFunctionsF.Sqrt, SingularFunctionsF.SqrtGradient, SingularFunctionsF.SqrtTangent, SingularFunctionsF.SqrtPullback);
    private static readonly Derivatives LogF = ScalarF("MathF.Log", SingularFunctionsF.Log, SingularFunctionsF.LogGradient, SingularFunctionsF.LogTangent, SingularFunctionsF.LogPullback);
    private static readonly Derivatives CbrtF = ScalarF("MathF.Cbrt", SingularFunctionsF.Cbrt, SingularFunctionsF.CbrtGradient, SingularFunctionsF.CbrtTangent, SingularFunctionsF.CbrtPullback);
    private static readonly Derivatives PowF = BinaryF("MathF.Pow(x, y)", SingularFunctionsF.Pow, SingularFunctionsF.PowGradient, SingularFunctionsF.PowTangent, SingularFunctionsF.PowPullback);
    private static readonly Derivatives Atan2F = BinaryF("MathF.Atan2(y, x)", SingularFunctionsF.Atan2, SingularFunctionsF.Atan2Gradient, SingularFunctionsF.Atan2Tangent, SingularFunctionsF.Atan2Pullback);

    private static readonly CaseTable<KnownDerivative> Known = BuildKnown();
    private static readonly CaseTable<(Derivatives Function, double[] At)> Smooth = BuildSmooth();

    public static TheoryData<string> KnownNames => Known.Names;

    public static TheoryData<string> SmoothNames => Smooth.Names;

    [Theory]
    [MemberData(nameof(KnownNames))]
    public void RuleAtTheSingularPointInBothModes(string name)
    {
        KnownDerivative c = Known[name];
        Expect.Derivative(c.Function, c.At, c.Expected);
    }

    [Theory]
    [MemberData(nameof(SmoothNames))]
    public void AgreesWithFiniteDifferencesInsideTheDomain(string name)
    {
        (Derivatives f, double[] at) = Smooth[name];
        Expect.FiniteDifferences(f, at);
    }

    /// <summary>
    /// At x = 0 the sqrt partial is +∞. A direction that does not move x must not pick it up: forward mode along
    /// (0, 1) must give ∂/∂y = 1 as reverse mode does, not ∞·0 = NaN.
    /// </summary>
    [Fact]
    public void InfinitePartialDoesNotPoisonADirectionThatDoesNotMoveIt()
    {
        Expect.Derivative(SqrtPlusY, new[] { 0.0, 1.0 }, Infinity, 1.0);
    }

    /// <summary>pow(0, y) is 0 for y > 0: ∂/∂y = 0 in both modes, also along the direction (0, 1) alone.</summary>
    [Fact]
    public void PowAtZeroBaseHasZeroExponentPartialInBothModes()
    {
        Expect.Derivative(Pow, new[] { 0.0, 0.5 }, Infinity, 0.0);
        Expect.Derivative(PowF, new[] { 0.0, 0.5 }, Infinity, 0.0);
    }

    /// <summary>The chain rule through −0.0: sqrt(−x) and log(−x) at x = 0 have derivative −∞ (rule +∞ times −1).</summary>
    [Fact]
    public void NegativeZeroArgumentStillGetsThePositiveRule()
    {
        Expect.Derivative(SqrtOfNegated, new[] { 0.0 }, double.NegativeInfinity);
        Expect.Derivative(LogOfNegated, new[] { 0.0 }, double.NegativeInfinity);
    }

    /// <summary>x⁰ = 1 for every x (Math.Pow(0, 0) = 1 too): ∂/∂x = 0 at x = 0, not 0·0⁻¹ = NaN.</summary>
    [Fact]
    public void PowWithZeroExponentHasZeroBasePartialAtZero()
    {
        Expect.Derivative(Pow, new[] { 0.0, 0.0 }, 0.0, 0.0);
    }

    private static CaseTable<KnownDerivative> BuildKnown()
    {
        var t = new CaseTable<KnownDerivative>();
        t.Known(Sqrt, new[] { 0.0 }, Infinity);
        t.Known(Sqrt, new[] { 4.0 }, 0.25);
        t.Known(Log, new[] { 0.0 }, Infinity);
        t.Known(Log2, new[] { 0.0 }, Infinity);
        t.Known(Log10, new[] { 0.0 }, Infinity);
        t.Known(LogBaseTwo, new[] { 0.0 }, Infinity);
        t.Known(Cbrt, new[] { 0.0 }, Infinity);
        t.Known(PowHalf, new[] { 0.0 }, Infinity);
        t.Known(PowCube, new[] { 0.0 }, 0.0);
        t.Known(Asin, new[] { 1.0 }, Infinity);
        t.Known(Asin, new[] { -1.0 }, Infinity);
        t.Known(Acos, new[] { 1.0 }, double.NegativeInfinity);
        t.Known(Acos, new[] { -1.0 }, double.NegativeInfinity);
        t.Known(Atan2, new[] { 0.0, 0.0 }, 0.0, 0.0);
        t.Known(Atan2, new[] { 0.0, -1.0 }, -1.0, 0.0);
        t.Known(SqrtF, new[] { 0.0 }, Infinity);
        t.Known(LogF, new[] { 0.0 }, Infinity);
        t.Known(CbrtF, new[] { 0.0 }, Infinity);
        t.Known(Atan2F, new[] { 0.0, 0.0 }, 0.0, 0.0);

        // pow(0, y): ∂/∂y = 0 (the rule); ∂/∂x by the power rule. Reverse mode only here for the y = 0.5 case
        // is covered by the facts above; y = 2 and y = 1 have finite partials in both.
        t.Known(Pow, new[] { 0.0, 2.0 }, 0.0, 0.0);
        t.Known(Pow, new[] { 0.0, 1.0 }, 1.0, 0.0);
        t.Known(Pow, new[] { 0.0, 3.0 }, 0.0, 0.0);
        t.Known(PowF, new[] { 0.0, 2.0 }, 0.0, 0.0);
        return t;
    }

    private static CaseTable<(Derivatives Function, double[] At)> BuildSmooth()
    {
        var t = new CaseTable<(Derivatives Function, double[] At)>();
        t.Smooth(Sqrt, 2.0);
        t.Smooth(Log, 1.5);
        t.Smooth(Log2, 3.0);
        t.Smooth(Log10, 0.2);
        t.Smooth(LogBaseTwo, 3.0);
        t.Smooth(Cbrt, 2.0);
        t.Smooth(Cbrt, -2.0);
        t.Smooth(Pow, 2.0, 3.0);
        t.Smooth(Pow, 1.5, -0.5);
        t.Smooth(PowHalf, 0.7);
        t.Smooth(Atan2, 1.0, -2.0);
        t.Smooth(Atan2, -1.0, 0.5);
        t.Smooth(Asin, 0.3);
        t.Smooth(Acos, -0.4);
        t.Smooth(SqrtPlusY, 2.0, 1.0);
        t.Smooth(SqrtOfNegated, -2.0);
        t.Smooth(SqrtF, 2.0);
        t.Smooth(LogF, 1.5);
        t.Smooth(CbrtF, -2.0);
        t.Smooth(PowF, 2.0, 1.5);
        t.Smooth(Atan2F, 1.0, -2.0);
        return t;
    }
}
