using System;
using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>
/// The derivative of a branch is that of the branch the program takes, and the branch not taken is never evaluated:
/// no NaN leaks from it (the trap of PyTorch's and JAX's where, which evaluate and differentiate both sides).
/// </summary>
public class BranchTests
{
    private static readonly Derivatives TernarySqrt = Scalar("x > 0 ? Math.Sqrt(x) : 0.0", BranchFunctions.TernarySqrt, BranchFunctions.TernarySqrtGradient, BranchFunctions.TernarySqrtTangent, BranchFunctions.TernarySqrtPullback);
    private static readonly Derivatives IfElseSqrt = Scalar("if (x > 0) sqrt else 0", BranchFunctions.IfElseSqrt, BranchFunctions.IfElseSqrtGradient, BranchFunctions.IfElseSqrtTangent, BranchFunctions.IfElseSqrtPullback);
    private static readonly Derivatives EarlyReturnSqrt = Scalar("if (x <= 0) return 0; return sqrt", BranchFunctions.EarlyReturnSqrt, BranchFunctions.EarlyReturnSqrtGradient, BranchFunctions.EarlyReturnSqrtTangent, BranchFunctions.EarlyReturnSqrtPullback);
    private static readonly Derivatives TernaryLog = Scalar("x > 0 ? Math.Log(x) : -1.0", BranchFunctions.TernaryLog, BranchFunctions.TernaryLogGradient, BranchFunctions.TernaryLogTangent, BranchFunctions.TernaryLogPullback);
    private static readonly Derivatives GuardedNorm = Binary("guarded norm", BranchFunctions.GuardedNorm, BranchFunctions.GuardedNormGradient, BranchFunctions.GuardedNormTangent, BranchFunctions.GuardedNormPullback);
    private static readonly Derivatives GuardedLogs = Span("sum of guarded logs", BranchFunctions.SumOfGuardedLogs, BranchFunctions.SumOfGuardedLogsGradient, BranchFunctions.SumOfGuardedLogsTangent, BranchFunctions.SumOfGuardedLogsPullback);
    private static readonly Derivatives Strict = Scalar("x > 0 ? 2x : -3x", BranchFunctions.StrictAtBoundary, BranchFunctions.StrictAtBoundaryGradient, BranchFunctions.StrictAtBoundaryTangent, BranchFunctions.StrictAtBoundaryPullback);
    private static readonly Derivatives NonStrict = Scalar("x >= 0 ? 2x : -3x", BranchFunctions.NonStrictAtBoundary, BranchFunctions.NonStrictAtBoundaryGradient, BranchFunctions.NonStrictAtBoundaryTangent, BranchFunctions.NonStrictAtBoundaryPullback);
    private static readonly Derivatives TernaryMax = Binary("a > b ? a : b", BranchFunctions.TernaryMax, BranchFunctions.TernaryMaxGradient, BranchFunctions.TernaryMaxTangent, BranchFunctions.TernaryMaxPullback);
    private static readonly Derivatives TernaryMaxNonStrict = Binary("a >= b ? a : b", BranchFunctions.TernaryMaxNonStrict, BranchFunctions.TernaryMaxNonStrictGradient, BranchFunctions.TernaryMaxNonStrictTangent, BranchFunctions.TernaryMaxNonStrictPullback);
    private static readonly Derivatives Piecewise = Scalar("piecewise -x | x² | 2x - 1", BranchFunctions.Piecewise, BranchFunctions.PiecewiseGradient, BranchFunctions.PiecewiseTangent, BranchFunctions.PiecewisePullback);
    private static readonly Derivatives TernarySqrtF = ScalarF("x > 0 ? MathF.Sqrt(x) : 0f", BranchFunctionsF.TernarySqrt, BranchFunctionsF.TernarySqrtGradient, BranchFunctionsF.TernarySqrtTangent, BranchFunctionsF.TernarySqrtPullback);
    private static readonly Derivatives EarlyReturnLogF = ScalarF("if (x <= 0) return 0f; return MathF.Log(x)", BranchFunctionsF.EarlyReturnLog, BranchFunctionsF.EarlyReturnLogGradient, BranchFunctionsF.EarlyReturnLogTangent, BranchFunctionsF.EarlyReturnLogPullback);

    private static readonly Derivatives SwitchExpression = Scalar("x switch { < 0 => -x, < 1 => x², _ => 2x - 1 }", SwitchFunctions.SwitchExpression, SwitchFunctions.SwitchExpressionGradient, SwitchFunctions.SwitchExpressionTangent, SwitchFunctions.SwitchExpressionPullback);

    private static readonly CaseTable<KnownDerivative> Known = BuildKnown();

    public static TheoryData<string> KnownNames => Known.Names;

    [Theory]
    [MemberData(nameof(KnownNames))]
    public void DerivativeOfTheBranchTakenInBothModes(string name)
    {
        KnownDerivative c = Known[name];
        Expect.Derivative(c.Function, c.At, c.Expected);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-1e-300)]
    [InlineData(0.0)]
    public void NoNaNFromTheBranchNotTaken(double x)
    {
        foreach (Derivatives f in new[] { TernarySqrt, IfElseSqrt, EarlyReturnSqrt, TernaryLog, TernarySqrtF, EarlyReturnLogF })
        {
            double[] at = { x };
            (double value, double[] gradient) = f.Gradient(at);
            Assert.False(double.IsNaN(value), f.Name + ": value");
            Assert.Equal(0.0, gradient[0]);
            Assert.Equal(0.0, f.Tangent(at, new[] { 1.0 }).Tangent);
            Assert.Equal(0.0, f.Pullback(at, 1.0, new[] { 0.0 })[0]);
        }
    }

    [Fact]
    public void TheReferenceTrapIsReal()
    {
        // What `where` does: differentiate both sides and select. The sqrt side's derivative at −1 is NaN and
        // NaN·0 stays NaN, which is why a select-based gradient fails where AdGen's branch-taken gradient does not.
        double x = -1.0;
        double sqrtSide = 0.5 / Math.Sqrt(x);
        Assert.True(double.IsNaN((x > 0 ? 1.0 : 0.0) * sqrtSide));
        Assert.Equal(0.0, TernarySqrt.Gradient(new[] { x }).Gradient[0]);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(-0.6)]
    [InlineData(0.4)]
    public void AgreesWithFiniteDifferencesAwayFromTheBoundary(double x)
    {
        foreach (Derivatives f in new[] { TernarySqrt, IfElseSqrt, EarlyReturnSqrt, TernaryLog, Strict, NonStrict, Piecewise, TernarySqrtF, EarlyReturnLogF })
        {
            if (x > 0 || f != TernaryLog)
            {
                Expect.FiniteDifferences(f, x);
            }
        }

        Expect.FiniteDifferences(GuardedNorm, x, 2 * x + 1);
        Expect.FiniteDifferences(TernaryMax, x, 0.5);
        Expect.FiniteDifferences(TernaryMaxNonStrict, x, 0.5);
        Expect.FiniteDifferences(GuardedLogs, x, -x, 2.5);
    }

    private static Derivatives SwitchStatementWithMode(int mode) => Scalar(
        "switch (mode) { case 0: sqrt; case 1: x²; default: -x }, mode = " + mode,
        x => SwitchFunctions.SwitchStatement(x, mode),
        (double x, out double dx) => SwitchFunctions.SwitchStatementGradient(x, mode, out dx),
        (x, dx) => SwitchFunctions.SwitchStatementTangent(x, mode, dx),
        (double x, double seed, ref double dx) => SwitchFunctions.SwitchStatementPullback(x, mode, seed, ref dx));

    private static CaseTable<KnownDerivative> BuildKnown()
    {
        var t = new CaseTable<KnownDerivative>();
        foreach (Derivatives f in new[] { TernarySqrt, IfElseSqrt, EarlyReturnSqrt, TernarySqrtF })
        {
            t.Known(f, new[] { -1.0 }, 0.0);
            t.Known(f, new[] { 0.0 }, 0.0);
            t.Known(f, new[] { 4.0 }, 0.25);
        }

        t.Known(TernaryLog, new[] { -1.0 }, 0.0);
        t.Known(TernaryLog, new[] { 2.0 }, 0.5);
        t.Known(EarlyReturnLogF, new[] { -1.0 }, 0.0);
        t.Known(EarlyReturnLogF, new[] { 2.0 }, 0.5);
        t.Known(GuardedNorm, new[] { 0.0, 0.0 }, 0.0, 0.0);
        t.Known(GuardedNorm, new[] { 3.0, 4.0 }, 0.6, 0.8);
        t.Known(GuardedLogs, new[] { -1.0, 0.0, 2.0, 4.0 }, 0.0, 0.0, 0.5, 0.25);

        // At the boundary itself the condition decides, exactly as the program does.
        t.Known(Strict, new[] { 0.0 }, -3.0);
        t.Known(NonStrict, new[] { 0.0 }, 2.0);
        t.Known(TernaryMax, new[] { 1.0, 1.0 }, 0.0, 1.0);
        t.Known(TernaryMaxNonStrict, new[] { 1.0, 1.0 }, 1.0, 0.0);
        t.Known(Piecewise, new[] { -1.0 }, -1.0);
        t.Known(Piecewise, new[] { 0.0 }, 0.0);
        t.Known(Piecewise, new[] { 0.5 }, 1.0);
        t.Known(Piecewise, new[] { 1.0 }, 2.0);
        t.Known(SwitchExpression, new[] { -1.0 }, -1.0);
        t.Known(SwitchExpression, new[] { 0.0 }, 0.0);
        t.Known(SwitchExpression, new[] { 1.0 }, 2.0);
        foreach ((int mode, double expected) in new[] { (1, -2.0), (2, -1.0) })
        {
            // The sqrt arm (mode 0) is NaN at x = −1; the other arms must not see it.
            t.Known(SwitchStatementWithMode(mode), new[] { -1.0 }, expected);
        }

        t.Known(SwitchStatementWithMode(0), new[] { 4.0 }, 0.25);
        return t;
    }
}
