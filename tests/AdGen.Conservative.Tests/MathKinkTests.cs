using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>Math.Abs/Max/Min/Clamp/CopySign/Floor/Ceiling/Round/Truncate (and MathF, double., float., AdMath forms).</summary>
public class MathKinkTests
{
    private static readonly Derivatives Abs = Scalar("Math.Abs", AbsFunctions.MathAbs, AbsFunctions.MathAbsGradient, AbsFunctions.MathAbsTangent, AbsFunctions.MathAbsPullback);
    private static readonly Derivatives DoubleAbs = Scalar("double.Abs", AbsFunctions.DoubleAbs, AbsFunctions.DoubleAbsGradient, AbsFunctions.DoubleAbsTangent, AbsFunctions.DoubleAbsPullback);
    private static readonly Derivatives AbsPlusOne = Scalar("Math.Abs [AbsSlopeAtZero = 1]", AbsFunctions.MethodPlusOne, AbsFunctions.MethodPlusOneGradient, AbsFunctions.MethodPlusOneTangent, AbsFunctions.MethodPlusOnePullback);
    private static readonly Derivatives AbsMinusOne = Scalar("Math.Abs [AbsSlopeAtZero = -1]", AbsFunctions.MethodMinusOne, AbsFunctions.MethodMinusOneGradient, AbsFunctions.MethodMinusOneTangent, AbsFunctions.MethodMinusOnePullback);
    private static readonly Derivatives AbsHalf = Scalar("Math.Abs [AbsSlopeAtZero = 0.5]", AbsFunctions.MethodHalf, AbsFunctions.MethodHalfGradient, AbsFunctions.MethodHalfTangent, AbsFunctions.MethodHalfPullback);
    private static readonly Derivatives AbsCall = Scalar("AdMath.Abs(x, -0.5)", AbsFunctions.CallSlope, AbsFunctions.CallSlopeGradient, AbsFunctions.CallSlopeTangent, AbsFunctions.CallSlopePullback);
    private static readonly Derivatives AbsCallOverrides = Scalar("AdMath.Abs(x, -1.0) in [AbsSlopeAtZero = 1]", AbsFunctions.CallOverridesMethod, AbsFunctions.CallOverridesMethodGradient, AbsFunctions.CallOverridesMethodTangent, AbsFunctions.CallOverridesMethodPullback);
    private static readonly Derivatives Distance = Binary("|a − b| [AbsSlopeAtZero = 0.25]", AbsFunctions.Distance, AbsFunctions.DistanceGradient, AbsFunctions.DistanceTangent, AbsFunctions.DistancePullback);
    private static readonly Derivatives AbsMathF = ScalarF("MathF.Abs", AbsFunctionsF.MathFAbs, AbsFunctionsF.MathFAbsGradient, AbsFunctionsF.MathFAbsTangent, AbsFunctionsF.MathFAbsPullback);
    private static readonly Derivatives AbsMathFloat = ScalarF("Math.Abs(float)", AbsFunctionsF.MathAbs, AbsFunctionsF.MathAbsGradient, AbsFunctionsF.MathAbsTangent, AbsFunctionsF.MathAbsPullback);
    private static readonly Derivatives AbsFloat = ScalarF("float.Abs", AbsFunctionsF.FloatAbs, AbsFunctionsF.FloatAbsGradient, AbsFunctionsF.FloatAbsTangent, AbsFunctionsF.FloatAbsPullback);
    private static readonly Derivatives AbsPlusOneF = ScalarF("MathF.Abs [AbsSlopeAtZero = 1]", AbsFunctionsF.MethodPlusOne, AbsFunctionsF.MethodPlusOneGradient, AbsFunctionsF.MethodPlusOneTangent, AbsFunctionsF.MethodPlusOnePullback);
    private static readonly Derivatives AbsCallF = ScalarF("AdMath.Abs(x, -0.5f)", AbsFunctionsF.CallSlope, AbsFunctionsF.CallSlopeGradient, AbsFunctionsF.CallSlopeTangent, AbsFunctionsF.CallSlopePullback);

    private static readonly Derivatives CopySign = Binary("Math.CopySign", CopySignFunctions.Default, CopySignFunctions.DefaultGradient, CopySignFunctions.DefaultTangent, CopySignFunctions.DefaultPullback);
    private static readonly Derivatives CopySignPlusOne = Binary("double.CopySign [AbsSlopeAtZero = 1]", CopySignFunctions.MethodPlusOne, CopySignFunctions.MethodPlusOneGradient, CopySignFunctions.MethodPlusOneTangent, CopySignFunctions.MethodPlusOnePullback);
    private static readonly Derivatives CopySignF = BinaryF("MathF.CopySign", CopySignFunctionsF.Default, CopySignFunctionsF.DefaultGradient, CopySignFunctionsF.DefaultTangent, CopySignFunctionsF.DefaultPullback);
    private static readonly Derivatives CopySignPlusOneF = BinaryF("float.CopySign [AbsSlopeAtZero = 1]", CopySignFunctionsF.MethodPlusOne, CopySignFunctionsF.MethodPlusOneGradient, CopySignFunctionsF.MethodPlusOneTangent, CopySignFunctionsF.MethodPlusOnePullback);

    private static readonly Derivatives Max = Binary("Math.Max", MaxFunctions.Default, MaxFunctions.DefaultGradient, MaxFunctions.DefaultTangent, MaxFunctions.DefaultPullback);
    private static readonly Derivatives DoubleMax = Binary("double.Max", MaxFunctions.DoubleMax, MaxFunctions.DoubleMaxGradient, MaxFunctions.DoubleMaxTangent, MaxFunctions.DoubleMaxPullback);
    private static readonly Derivatives MaxFirst = Binary("Math.Max [MaxTieWeight = 1]", MaxFunctions.MethodFirst, MaxFunctions.MethodFirstGradient, MaxFunctions.MethodFirstTangent, MaxFunctions.MethodFirstPullback);
    private static readonly Derivatives MaxSecond = Binary("Math.Max [MaxTieWeight = 0]", MaxFunctions.MethodSecond, MaxFunctions.MethodSecondGradient, MaxFunctions.MethodSecondTangent, MaxFunctions.MethodSecondPullback);
    private static readonly Derivatives MaxQuarter = Binary("Math.Max [MaxTieWeight = 0.25]", MaxFunctions.MethodQuarter, MaxFunctions.MethodQuarterGradient, MaxFunctions.MethodQuarterTangent, MaxFunctions.MethodQuarterPullback);
    private static readonly Derivatives MaxCall = Binary("AdMath.Max(a, b, 0.75)", MaxFunctions.CallWeight, MaxFunctions.CallWeightGradient, MaxFunctions.CallWeightTangent, MaxFunctions.CallWeightPullback);
    private static readonly Derivatives MaxCallOverrides = Binary("AdMath.Max(a, b, 0.0) in [MaxTieWeight = 1]", MaxFunctions.CallOverridesMethod, MaxFunctions.CallOverridesMethodGradient, MaxFunctions.CallOverridesMethodTangent, MaxFunctions.CallOverridesMethodPullback);
    private static readonly Derivatives MaxPlusMin = Ternary("Max(a, b) + Min(b, c) [MaxTieWeight = 1, MinTieWeight = 0]", MaxFunctions.MaxPlusMin, MaxFunctions.MaxPlusMinGradient, MaxFunctions.MaxPlusMinTangent, MaxFunctions.MaxPlusMinPullback);
    private static readonly Derivatives MaxMathF = BinaryF("MathF.Max", MaxFunctionsF.MathFMax, MaxFunctionsF.MathFMaxGradient, MaxFunctionsF.MathFMaxTangent, MaxFunctionsF.MathFMaxPullback);
    private static readonly Derivatives MaxFloat = BinaryF("float.Max", MaxFunctionsF.FloatMax, MaxFunctionsF.FloatMaxGradient, MaxFunctionsF.FloatMaxTangent, MaxFunctionsF.FloatMaxPullback);
    private static readonly Derivatives MaxFirstF = BinaryF("Math.Max(float) [MaxTieWeight = 1]", MaxFunctionsF.MethodFirst, MaxFunctionsF.MethodFirstGradient, MaxFunctionsF.MethodFirstTangent, MaxFunctionsF.MethodFirstPullback);
    private static readonly Derivatives MaxCallF = BinaryF("AdMath.Max(a, b, 0.75f)", MaxFunctionsF.CallWeight, MaxFunctionsF.CallWeightGradient, MaxFunctionsF.CallWeightTangent, MaxFunctionsF.CallWeightPullback);

    private static readonly Derivatives Min = Binary("Math.Min", MinFunctions.Default, MinFunctions.DefaultGradient, MinFunctions.DefaultTangent, MinFunctions.DefaultPullback);
    private static readonly Derivatives DoubleMin = Binary("double.Min", MinFunctions.DoubleMin, MinFunctions.DoubleMinGradient, MinFunctions.DoubleMinTangent, MinFunctions.DoubleMinPullback);
    private static readonly Derivatives MinFirst = Binary("Math.Min [MinTieWeight = 1]", MinFunctions.MethodFirst, MinFunctions.MethodFirstGradient, MinFunctions.MethodFirstTangent, MinFunctions.MethodFirstPullback);
    private static readonly Derivatives MinSecond = Binary("Math.Min [MinTieWeight = 0]", MinFunctions.MethodSecond, MinFunctions.MethodSecondGradient, MinFunctions.MethodSecondTangent, MinFunctions.MethodSecondPullback);
    private static readonly Derivatives MinQuarter = Binary("Math.Min [MinTieWeight = 0.25]", MinFunctions.MethodQuarter, MinFunctions.MethodQuarterGradient, MinFunctions.MethodQuarterTangent, MinFunctions.MethodQuarterPullback);
    private static readonly Derivatives MinCall = Binary("AdMath.Min(a, b, 0.75)", MinFunctions.CallWeight, MinFunctions.CallWeightGradient, MinFunctions.CallWeightTangent, MinFunctions.CallWeightPullback);
    private static readonly Derivatives MinMathF = BinaryF("MathF.Min", MinFunctionsF.MathFMin, MinFunctionsF.MathFMinGradient, MinFunctionsF.MathFMinTangent, MinFunctionsF.MathFMinPullback);
    private static readonly Derivatives MinFloat = BinaryF("float.Min", MinFunctionsF.FloatMin, MinFunctionsF.FloatMinGradient, MinFunctionsF.FloatMinTangent, MinFunctionsF.FloatMinPullback);
    private static readonly Derivatives MinSecondF = BinaryF("Math.Min(float) [MinTieWeight = 0]", MinFunctionsF.MethodSecond, MinFunctionsF.MethodSecondGradient, MinFunctionsF.MethodSecondTangent, MinFunctionsF.MethodSecondPullback);

    private static readonly Derivatives Clamp = Ternary("Math.Clamp", ClampFunctions.Default, ClampFunctions.DefaultGradient, ClampFunctions.DefaultTangent, ClampFunctions.DefaultPullback);
    private static readonly Derivatives DoubleClamp = Ternary("double.Clamp", ClampFunctions.DoubleClamp, ClampFunctions.DoubleClampGradient, ClampFunctions.DoubleClampTangent, ClampFunctions.DoubleClampPullback);
    private static readonly Derivatives ClampToX = Ternary("Math.Clamp [ClampBoundaryWeight = 1]", ClampFunctions.MethodAllToX, ClampFunctions.MethodAllToXGradient, ClampFunctions.MethodAllToXTangent, ClampFunctions.MethodAllToXPullback);
    private static readonly Derivatives ClampToBound = Ternary("Math.Clamp [ClampBoundaryWeight = 0]", ClampFunctions.MethodAllToBound, ClampFunctions.MethodAllToBoundGradient, ClampFunctions.MethodAllToBoundTangent, ClampFunctions.MethodAllToBoundPullback);
    private static readonly Derivatives ClampQuarter = Ternary("Math.Clamp [ClampBoundaryWeight = 0.25]", ClampFunctions.MethodQuarter, ClampFunctions.MethodQuarterGradient, ClampFunctions.MethodQuarterTangent, ClampFunctions.MethodQuarterPullback);
    private static readonly Derivatives ClampCall = Ternary("AdMath.Clamp(x, lo, hi, 0.75)", ClampFunctions.CallWeight, ClampFunctions.CallWeightGradient, ClampFunctions.CallWeightTangent, ClampFunctions.CallWeightPullback);
    private static readonly Derivatives ClampUnit = Scalar("Math.Clamp(x, -1.0, 1.0)", ClampFunctions.UnitInterval, ClampFunctions.UnitIntervalGradient, ClampFunctions.UnitIntervalTangent, ClampFunctions.UnitIntervalPullback);

    private static readonly Derivatives Floor = Scalar("x·Math.Floor(x)", StepFunctions.FloorTimesX, StepFunctions.FloorTimesXGradient, StepFunctions.FloorTimesXTangent, StepFunctions.FloorTimesXPullback);
    private static readonly Derivatives Ceiling = Scalar("x·Math.Ceiling(x)", StepFunctions.CeilingTimesX, StepFunctions.CeilingTimesXGradient, StepFunctions.CeilingTimesXTangent, StepFunctions.CeilingTimesXPullback);
    private static readonly Derivatives Round = Scalar("x·Math.Round(x)", StepFunctions.RoundTimesX, StepFunctions.RoundTimesXGradient, StepFunctions.RoundTimesXTangent, StepFunctions.RoundTimesXPullback);
    private static readonly Derivatives Truncate = Scalar("x·Math.Truncate(x)", StepFunctions.TruncateTimesX, StepFunctions.TruncateTimesXGradient, StepFunctions.TruncateTimesXTangent, StepFunctions.TruncateTimesXPullback);
    private static readonly Derivatives AllSteps = Scalar("Floor + Ceiling + Round + Truncate + x", StepFunctions.AllSteps, StepFunctions.AllStepsGradient, StepFunctions.AllStepsTangent, StepFunctions.AllStepsPullback);
    private static readonly Derivatives Sign = Scalar("Math.Sign(x)·x", StepFunctions.SignTimesX, StepFunctions.SignTimesXGradient, StepFunctions.SignTimesXTangent, StepFunctions.SignTimesXPullback);
    private static readonly Derivatives SignF = ScalarF("MathF.Sign(x)·x", StepFunctionsF.SignTimesX, StepFunctionsF.SignTimesXGradient, StepFunctionsF.SignTimesXTangent, StepFunctionsF.SignTimesXPullback);
    private static readonly Derivatives FloorF = ScalarF("x·MathF.Floor(x)", StepFunctionsF.FloorTimesX, StepFunctionsF.FloorTimesXGradient, StepFunctionsF.FloorTimesXTangent, StepFunctionsF.FloorTimesXPullback);
    private static readonly Derivatives CeilingF = ScalarF("x·MathF.Ceiling(x)", StepFunctionsF.CeilingTimesX, StepFunctionsF.CeilingTimesXGradient, StepFunctionsF.CeilingTimesXTangent, StepFunctionsF.CeilingTimesXPullback);
    private static readonly Derivatives RoundF = ScalarF("x·float.Round(x)", StepFunctionsF.RoundTimesX, StepFunctionsF.RoundTimesXGradient, StepFunctionsF.RoundTimesXTangent, StepFunctionsF.RoundTimesXPullback);
    private static readonly Derivatives TruncateF = ScalarF("x·MathF.Truncate(x)", StepFunctionsF.TruncateTimesX, StepFunctionsF.TruncateTimesXGradient, StepFunctionsF.TruncateTimesXTangent, StepFunctionsF.TruncateTimesXPullback);

    private static Derivatives AbsRuntime(double s) => Scalar(
        "AdMath.Abs(x, s) with run-time s = " + s,
        x => AbsFunctions.RuntimeSlope(x, s),
        (double x, out double dx) => AbsFunctions.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => AbsFunctions.RuntimeSlopeTangent(x, s, dx),
        (double x, double seed, ref double dx) => AbsFunctions.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives AbsRuntimeF(float s) => ScalarF(
        "AdMath.Abs(x, s) with run-time s = " + s + " (float)",
        x => AbsFunctionsF.RuntimeSlope(x, s),
        (float x, out float dx) => AbsFunctionsF.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => AbsFunctionsF.RuntimeSlopeTangent(x, s, dx),
        (float x, float seed, ref float dx) => AbsFunctionsF.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives MaxRuntime(double w) => Binary(
        "AdMath.Max(a, b, w) with run-time w = " + w,
        (a, b) => MaxFunctions.RuntimeWeight(a, b, w),
        (double a, double b, out double da, out double db) => MaxFunctions.RuntimeWeightGradient(a, b, w, out da, out db),
        (a, b, da, db) => MaxFunctions.RuntimeWeightTangent(a, b, w, da, db),
        (double a, double b, double seed, ref double da, ref double db) => MaxFunctions.RuntimeWeightPullback(a, b, w, seed, ref da, ref db));

    private static Derivatives MaxRuntimeF(float w) => BinaryF(
        "AdMath.Max(a, b, w) with run-time w = " + w + " (float)",
        (a, b) => MaxFunctionsF.RuntimeWeight(a, b, w),
        (float a, float b, out float da, out float db) => MaxFunctionsF.RuntimeWeightGradient(a, b, w, out da, out db),
        (a, b, da, db) => MaxFunctionsF.RuntimeWeightTangent(a, b, w, da, db),
        (float a, float b, float seed, ref float da, ref float db) => MaxFunctionsF.RuntimeWeightPullback(a, b, w, seed, ref da, ref db));

    private static Derivatives MinRuntime(double w) => Binary(
        "AdMath.Min(a, b, w) with run-time w = " + w,
        (a, b) => MinFunctions.RuntimeWeight(a, b, w),
        (double a, double b, out double da, out double db) => MinFunctions.RuntimeWeightGradient(a, b, w, out da, out db),
        (a, b, da, db) => MinFunctions.RuntimeWeightTangent(a, b, w, da, db),
        (double a, double b, double seed, ref double da, ref double db) => MinFunctions.RuntimeWeightPullback(a, b, w, seed, ref da, ref db));

    private static Derivatives MinRuntimeF(float w) => BinaryF(
        "AdMath.Min(a, b, w) with run-time w = " + w + " (float)",
        (a, b) => MinFunctionsF.RuntimeWeight(a, b, w),
        (float a, float b, out float da, out float db) => MinFunctionsF.RuntimeWeightGradient(a, b, w, out da, out db),
        (a, b, da, db) => MinFunctionsF.RuntimeWeightTangent(a, b, w, da, db),
        (float a, float b, float seed, ref float da, ref float db) => MinFunctionsF.RuntimeWeightPullback(a, b, w, seed, ref da, ref db));

    private static Derivatives ClampRuntime(double w) => Ternary(
        "AdMath.Clamp(x, lo, hi, w) with run-time w = " + w,
        (x, lo, hi) => ClampFunctions.RuntimeWeight(x, lo, hi, w),
        (double x, double lo, double hi, out double dx, out double dlo, out double dhi) => ClampFunctions.RuntimeWeightGradient(x, lo, hi, w, out dx, out dlo, out dhi),
        (x, lo, hi, dx, dlo, dhi) => ClampFunctions.RuntimeWeightTangent(x, lo, hi, w, dx, dlo, dhi),
        (double x, double lo, double hi, double seed, ref double dx, ref double dlo, ref double dhi) => ClampFunctions.RuntimeWeightPullback(x, lo, hi, w, seed, ref dx, ref dlo, ref dhi));

    private static readonly CaseTable<KnownDerivative> Known = BuildKnown();
    private static readonly CaseTable<(Derivatives Function, double[] At)> Smooth = BuildSmooth();

    public static TheoryData<string> KnownNames => Known.Names;

    public static TheoryData<string> SmoothNames => Smooth.Names;

    [Theory]
    [MemberData(nameof(KnownNames))]
    public void RuleAtTheKinkAndGradientAwayInBothModes(string name)
    {
        KnownDerivative c = Known[name];
        Expect.Derivative(c.Function, c.At, c.Expected);
    }

    [Theory]
    [MemberData(nameof(SmoothNames))]
    public void AgreesWithFiniteDifferencesAwayFromTheKink(string name)
    {
        (Derivatives f, double[] at) = Smooth[name];
        Expect.FiniteDifferences(f, at);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void ClampWithCoincidingBoundsGivesAConvexCombination(double w)
    {
        // x == lo == hi: clamp is min(max(x, lo), hi) with both ties split; the weights of x, lo and hi must be a
        // convex combination (clamp(x + t, lo + t, hi + t) = clamp(x, lo, hi) + t).
        (_, double[] g) = ClampRuntime(w).Gradient(new[] { 2.0, 2.0, 2.0 });
        Assert.All(g, static p => Assert.InRange(p, 0.0, 1.0));
        Assert.Equal(1.0, g[0] + g[1] + g[2], 12);
        (_, double[] d) = Clamp.Gradient(new[] { 2.0, 2.0, 2.0 });
        Assert.Equal(1.0, d[0] + d[1] + d[2], 12);
    }

    private static CaseTable<KnownDerivative> BuildKnown()
    {
        var t = new CaseTable<KnownDerivative>();

        // |x| at 0: [−1, 1]; default 0. Also at −0.0, which compares equal to 0.
        foreach (double zero in new[] { 0.0, -0.0 })
        {
            t.Known(Abs, new[] { zero }, 0.0);
            t.Known(AbsPlusOne, new[] { zero }, 1.0);
        }

        t.Known(DoubleAbs, new[] { 0.0 }, 0.0);
        t.Known(AbsMinusOne, new[] { 0.0 }, -1.0);
        t.Known(AbsHalf, new[] { 0.0 }, 0.5);
        t.Known(AbsCall, new[] { 0.0 }, -0.5);
        t.Known(AbsCallOverrides, new[] { 0.0 }, -1.0);
        foreach (double s in new[] { -1.0, 0.3, 1.0 })
        {
            t.Known(AbsRuntime(s), new[] { 0.0 }, s);
        }

        t.Known(Distance, new[] { 2.0, 2.0 }, 0.25, -0.25);
        t.Known(AbsMathF, new[] { 0.0 }, 0.0);
        t.Known(AbsMathFloat, new[] { 0.0 }, 0.0);
        t.Known(AbsFloat, new[] { 0.0 }, 0.0);
        t.Known(AbsPlusOneF, new[] { 0.0 }, 1.0);
        t.Known(AbsCallF, new[] { 0.0 }, -0.5);
        t.Known(AbsRuntimeF(0.5f), new[] { 0.0 }, 0.5);
        foreach (Derivatives abs in new[] { Abs, AbsPlusOne, AbsCall, AbsRuntime(1.0), AbsMathF, AbsFloat, AbsCallF })
        {
            t.Known(abs, new[] { 1.5 }, 1.0);
            t.Known(abs, new[] { -1.5 }, -1.0);
        }

        t.Known(Distance, new[] { 1.0, 3.0 }, -1.0, 1.0);

        // CopySign(a, b) = |a|·sign(b): at a == 0 the abs rule times sign(b); ∂/∂b = 0.
        foreach (Derivatives copySign in new[] { CopySign, CopySignF })
        {
            t.Known(copySign, new[] { 0.0, 3.0 }, 0.0, 0.0);
            t.Known(copySign, new[] { 2.0, -3.0 }, -1.0, 0.0);
            t.Known(copySign, new[] { -2.0, 3.0 }, -1.0, 0.0);
            t.Known(copySign, new[] { -2.0, -3.0 }, 1.0, 0.0);
        }

        foreach (Derivatives copySign in new[] { CopySignPlusOne, CopySignPlusOneF })
        {
            t.Known(copySign, new[] { 0.0, 3.0 }, 1.0, 0.0);
            t.Known(copySign, new[] { 0.0, -3.0 }, -1.0, 0.0);
        }

        // max(a, b) at a == b: weight w to a, 1 − w to b; default 0.5. Also the tie −0.0 == +0.0.
        t.Known(Max, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(Max, new[] { -0.0, 0.0 }, 0.5, 0.5);
        t.Known(DoubleMax, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(MaxFirst, new[] { 1.0, 1.0 }, 1.0, 0.0);
        t.Known(MaxSecond, new[] { 1.0, 1.0 }, 0.0, 1.0);
        t.Known(MaxQuarter, new[] { 1.0, 1.0 }, 0.25, 0.75);
        t.Known(MaxCall, new[] { 1.0, 1.0 }, 0.75, 0.25);
        t.Known(MaxCallOverrides, new[] { 1.0, 1.0 }, 0.0, 1.0);
        foreach (double w in new[] { 0.0, 0.4, 1.0 })
        {
            t.Known(MaxRuntime(w), new[] { 1.0, 1.0 }, w, 1 - w);
            t.Known(MinRuntime(w), new[] { 1.0, 1.0 }, w, 1 - w);
        }

        t.Known(MaxPlusMin, new[] { 1.0, 1.0, 1.0 }, 1.0, 0.0, 1.0);
        t.Known(MaxMathF, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(MaxFloat, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(MaxFirstF, new[] { 1.0, 1.0 }, 1.0, 0.0);
        t.Known(MaxCallF, new[] { 1.0, 1.0 }, 0.75, 0.25);
        t.Known(MaxRuntimeF(0.25f), new[] { 1.0, 1.0 }, 0.25, 0.75);
        t.Known(Min, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(DoubleMin, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(MinFirst, new[] { 1.0, 1.0 }, 1.0, 0.0);
        t.Known(MinSecond, new[] { 1.0, 1.0 }, 0.0, 1.0);
        t.Known(MinQuarter, new[] { 1.0, 1.0 }, 0.25, 0.75);
        t.Known(MinCall, new[] { 1.0, 1.0 }, 0.75, 0.25);
        t.Known(MinMathF, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(MinFloat, new[] { 1.0, 1.0 }, 0.5, 0.5);
        t.Known(MinSecondF, new[] { 1.0, 1.0 }, 0.0, 1.0);
        t.Known(MinRuntimeF(0.25f), new[] { 1.0, 1.0 }, 0.25, 0.75);
        foreach (Derivatives max in new[] { Max, MaxFirst, MaxSecond, MaxCall, MaxRuntime(0.4), MaxMathF, MaxFloat, MaxRuntimeF(0.25f) })
        {
            t.Known(max, new[] { 2.0, 1.0 }, 1.0, 0.0);
            t.Known(max, new[] { 1.0, 2.0 }, 0.0, 1.0);
        }

        foreach (Derivatives min in new[] { Min, MinFirst, MinSecond, MinCall, MinRuntime(0.4), MinMathF, MinFloat, MinRuntimeF(0.25f) })
        {
            t.Known(min, new[] { 2.0, 1.0 }, 0.0, 1.0);
            t.Known(min, new[] { 1.0, 2.0 }, 1.0, 0.0);
        }

        // clamp(x, lo, hi) at x == lo or x == hi (lo < hi): weight w to x, 1 − w to the bound; default 0.5.
        void ClampCases(Derivatives f, double w)
        {
            t.Known(f, new[] { -1.0, -1.0, 2.0 }, w, 1 - w, 0.0);
            t.Known(f, new[] { 2.0, -1.0, 2.0 }, w, 0.0, 1 - w);
            t.Known(f, new[] { 0.5, -1.0, 2.0 }, 1.0, 0.0, 0.0);
            t.Known(f, new[] { -3.0, -1.0, 2.0 }, 0.0, 1.0, 0.0);
            t.Known(f, new[] { 5.0, -1.0, 2.0 }, 0.0, 0.0, 1.0);
        }

        ClampCases(Clamp, 0.5);
        ClampCases(DoubleClamp, 0.5);
        ClampCases(ClampToX, 1.0);
        ClampCases(ClampToBound, 0.0);
        ClampCases(ClampQuarter, 0.25);
        ClampCases(ClampCall, 0.75);
        ClampCases(ClampRuntime(0.4), 0.4);
        t.Known(ClampUnit, new[] { -1.0 }, 0.5);
        t.Known(ClampUnit, new[] { 1.0 }, 0.5);
        t.Known(ClampUnit, new[] { 0.25 }, 1.0);
        t.Known(ClampUnit, new[] { 3.0 }, 0.0);

        // Floor, Ceiling, Round, Truncate: derivative 0 everywhere, at the jumps too; d(x·step(x))/dx = step(x).
        foreach (double x in new[] { 2.0, 2.5, 2.25, -1.5, -2.0, 3.5 })
        {
            t.Known(Floor, new[] { x }, System.Math.Floor(x));
            t.Known(Ceiling, new[] { x }, System.Math.Ceiling(x));
            t.Known(Round, new[] { x }, System.Math.Round(x));
            t.Known(Truncate, new[] { x }, System.Math.Truncate(x));
            t.Known(AllSteps, new[] { x }, 1.0);
            t.Known(FloorF, new[] { x }, System.Math.Floor(x));
            t.Known(CeilingF, new[] { x }, System.Math.Ceiling(x));
            t.Known(RoundF, new[] { x }, System.Math.Round(x));
            t.Known(TruncateF, new[] { x }, System.Math.Truncate(x));
        }

        foreach (double x in new[] { -2.0, 0.0, -0.0, 1.5 })
        {
            t.Known(Sign, new[] { x }, System.Math.Sign(x));
            t.Known(SignF, new[] { x }, System.Math.Sign(x));
        }

        return t;
    }

    private static CaseTable<(Derivatives Function, double[] At)> BuildSmooth()
    {
        var t = new CaseTable<(Derivatives Function, double[] At)>();
        foreach (Derivatives f in new[] { Abs, AbsHalf, AbsCall, AbsMathF, AbsFloat })
        {
            t.Smooth(f, -1.3);
            t.Smooth(f, 0.7);
        }

        t.Smooth(Distance, 0.3, 1.9);
        t.Smooth(Distance, 2.3, -1.1);
        foreach (Derivatives f in new[] { CopySign, CopySignPlusOne, CopySignF })
        {
            t.Smooth(f, 1.5, -2.0);
            t.Smooth(f, -1.5, 2.0);
        }

        foreach (Derivatives f in new[] { Max, MaxQuarter, MaxCall, Min, MinQuarter, MinCall, MaxMathF, MinFloat })
        {
            t.Smooth(f, 0.3, 1.7);
            t.Smooth(f, 1.7, 0.3);
        }

        t.Smooth(MaxPlusMin, 0.5, 1.5, 2.5);
        t.Smooth(MaxPlusMin, 2.5, 1.5, 0.5);
        foreach (Derivatives f in new[] { Clamp, ClampQuarter, ClampCall })
        {
            t.Smooth(f, 0.3, -1.0, 2.0);
            t.Smooth(f, -1.7, -1.0, 2.0);
            t.Smooth(f, 2.6, -1.0, 2.0);
        }

        t.Smooth(ClampUnit, 0.4);
        foreach (Derivatives f in new[] { Floor, Ceiling, Round, Truncate, AllSteps, FloorF, RoundF })
        {
            t.Smooth(f, 2.3);
            t.Smooth(f, -1.7);
        }

        return t;
    }
}
