using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>AdMath.Relu, LeakyRelu, HardTanh and Hinge: every rule at the kink, both modes, double and float.</summary>
public class ActivationTests
{
    private static readonly Derivatives Relu = Scalar("Relu default", ReluFunctions.Default, ReluFunctions.DefaultGradient, ReluFunctions.DefaultTangent, ReluFunctions.DefaultPullback);
    private static readonly Derivatives ReluMethodOne = Scalar("Relu [ReluSlopeAtZero = 1]", ReluFunctions.MethodSlopeOne, ReluFunctions.MethodSlopeOneGradient, ReluFunctions.MethodSlopeOneTangent, ReluFunctions.MethodSlopeOnePullback);
    private static readonly Derivatives ReluMethodHalf = Scalar("Relu [ReluSlopeAtZero = 0.5]", ReluFunctions.MethodSlopeHalf, ReluFunctions.MethodSlopeHalfGradient, ReluFunctions.MethodSlopeHalfTangent, ReluFunctions.MethodSlopeHalfPullback);
    private static readonly Derivatives ReluCallOne = Scalar("Relu(x, 1.0)", ReluFunctions.CallSlopeOne, ReluFunctions.CallSlopeOneGradient, ReluFunctions.CallSlopeOneTangent, ReluFunctions.CallSlopeOnePullback);
    private static readonly Derivatives ReluCallOverrides = Scalar("Relu(x, 0.25) in [ReluSlopeAtZero = 1]", ReluFunctions.CallOverridesMethod, ReluFunctions.CallOverridesMethodGradient, ReluFunctions.CallOverridesMethodTangent, ReluFunctions.CallOverridesMethodPullback);
    private static readonly Derivatives ReluScaled = Scalar("3·Relu(2x − 1) [ReluSlopeAtZero = 0.5]", ReluFunctions.ShiftedAndScaled, ReluFunctions.ShiftedAndScaledGradient, ReluFunctions.ShiftedAndScaledTangent, ReluFunctions.ShiftedAndScaledPullback);
    private static readonly Derivatives ReluSlopeParameter = Binary("Relu(x, s) with s differentiable", ReluFunctions.SlopeAsDifferentiableParameter, ReluFunctions.SlopeAsDifferentiableParameterGradient, ReluFunctions.SlopeAsDifferentiableParameterTangent, ReluFunctions.SlopeAsDifferentiableParameterPullback);

    private static readonly Derivatives ReluF = ScalarF("Relu default (float)", ReluFunctionsF.Default, ReluFunctionsF.DefaultGradient, ReluFunctionsF.DefaultTangent, ReluFunctionsF.DefaultPullback);
    private static readonly Derivatives ReluMethodOneF = ScalarF("Relu [ReluSlopeAtZero = 1] (float)", ReluFunctionsF.MethodSlopeOne, ReluFunctionsF.MethodSlopeOneGradient, ReluFunctionsF.MethodSlopeOneTangent, ReluFunctionsF.MethodSlopeOnePullback);
    private static readonly Derivatives ReluMethodHalfF = ScalarF("Relu [ReluSlopeAtZero = 0.5] (float)", ReluFunctionsF.MethodSlopeHalf, ReluFunctionsF.MethodSlopeHalfGradient, ReluFunctionsF.MethodSlopeHalfTangent, ReluFunctionsF.MethodSlopeHalfPullback);
    private static readonly Derivatives ReluCallOneF = ScalarF("Relu(x, 1f) (float)", ReluFunctionsF.CallSlopeOne, ReluFunctionsF.CallSlopeOneGradient, ReluFunctionsF.CallSlopeOneTangent, ReluFunctionsF.CallSlopeOnePullback);
    private static readonly Derivatives ReluCallOverridesF = ScalarF("Relu(x, 0.25f) in [ReluSlopeAtZero = 1] (float)", ReluFunctionsF.CallOverridesMethod, ReluFunctionsF.CallOverridesMethodGradient, ReluFunctionsF.CallOverridesMethodTangent, ReluFunctionsF.CallOverridesMethodPullback);
    private static readonly Derivatives ReluScaledF = ScalarF("3·Relu(2x − 1) [ReluSlopeAtZero = 0.5] (float)", ReluFunctionsF.ShiftedAndScaled, ReluFunctionsF.ShiftedAndScaledGradient, ReluFunctionsF.ShiftedAndScaledTangent, ReluFunctionsF.ShiftedAndScaledPullback);

    private static readonly Derivatives Leaky = Scalar("LeakyRelu(x, 0.1)", LeakyReluFunctions.Default, LeakyReluFunctions.DefaultGradient, LeakyReluFunctions.DefaultTangent, LeakyReluFunctions.DefaultPullback);
    private static readonly Derivatives LeakyDefaultSlope = Scalar("LeakyRelu(x)", LeakyReluFunctions.DefaultNegativeSlope, LeakyReluFunctions.DefaultNegativeSlopeGradient, LeakyReluFunctions.DefaultNegativeSlopeTangent, LeakyReluFunctions.DefaultNegativeSlopePullback);
    private static readonly Derivatives LeakyCallOne = Scalar("LeakyRelu(x, 0.1, 1.0)", LeakyReluFunctions.CallSlopeOne, LeakyReluFunctions.CallSlopeOneGradient, LeakyReluFunctions.CallSlopeOneTangent, LeakyReluFunctions.CallSlopeOnePullback);
    private static readonly Derivatives LeakyCallHalf = Scalar("LeakyRelu(x, 0.1, 0.5)", LeakyReluFunctions.CallSlopeHalf, LeakyReluFunctions.CallSlopeHalfGradient, LeakyReluFunctions.CallSlopeHalfTangent, LeakyReluFunctions.CallSlopeHalfPullback);
    private static readonly Derivatives LeakySlopeParameter = Binary("LeakyRelu(x, slope) with slope differentiable", LeakyReluFunctions.NegativeSlopeAsParameter, LeakyReluFunctions.NegativeSlopeAsParameterGradient, LeakyReluFunctions.NegativeSlopeAsParameterTangent, LeakyReluFunctions.NegativeSlopeAsParameterPullback);
    private static readonly Derivatives LeakySteep = Scalar("LeakyRelu(x, 2.0, 1.5)", LeakyReluFunctions.SteepNegativeSlope, LeakyReluFunctions.SteepNegativeSlopeGradient, LeakyReluFunctions.SteepNegativeSlopeTangent, LeakyReluFunctions.SteepNegativeSlopePullback);
    private static readonly Derivatives LeakyF = ScalarF("LeakyRelu(x, 0.125f) (float)", LeakyReluFunctionsF.Default, LeakyReluFunctionsF.DefaultGradient, LeakyReluFunctionsF.DefaultTangent, LeakyReluFunctionsF.DefaultPullback);
    private static readonly Derivatives LeakyCallOneF = ScalarF("LeakyRelu(x, 0.125f, 1f) (float)", LeakyReluFunctionsF.CallSlopeOne, LeakyReluFunctionsF.CallSlopeOneGradient, LeakyReluFunctionsF.CallSlopeOneTangent, LeakyReluFunctionsF.CallSlopeOnePullback);

    private static readonly Derivatives HardTanh = Scalar("HardTanh default", HardTanhFunctions.Default, HardTanhFunctions.DefaultGradient, HardTanhFunctions.DefaultTangent, HardTanhFunctions.DefaultPullback);
    private static readonly Derivatives HardTanhZero = Scalar("HardTanh(x, 0.0)", HardTanhFunctions.CallSlopeZero, HardTanhFunctions.CallSlopeZeroGradient, HardTanhFunctions.CallSlopeZeroTangent, HardTanhFunctions.CallSlopeZeroPullback);
    private static readonly Derivatives HardTanhOne = Scalar("HardTanh(x, 1.0)", HardTanhFunctions.CallSlopeOne, HardTanhFunctions.CallSlopeOneGradient, HardTanhFunctions.CallSlopeOneTangent, HardTanhFunctions.CallSlopeOnePullback);
    private static readonly Derivatives HardTanhF = ScalarF("HardTanh default (float)", HardTanhFunctionsF.Default, HardTanhFunctionsF.DefaultGradient, HardTanhFunctionsF.DefaultTangent, HardTanhFunctionsF.DefaultPullback);
    private static readonly Derivatives HardTanhOneF = ScalarF("HardTanh(x, 1f) (float)", HardTanhFunctionsF.CallSlopeOne, HardTanhFunctionsF.CallSlopeOneGradient, HardTanhFunctionsF.CallSlopeOneTangent, HardTanhFunctionsF.CallSlopeOnePullback);

    private static readonly Derivatives Hinge = Scalar("Hinge default", HingeFunctions.Default, HingeFunctions.DefaultGradient, HingeFunctions.DefaultTangent, HingeFunctions.DefaultPullback);
    private static readonly Derivatives HingeMinusOne = Scalar("Hinge(x, -1.0)", HingeFunctions.CallSlopeMinusOne, HingeFunctions.CallSlopeMinusOneGradient, HingeFunctions.CallSlopeMinusOneTangent, HingeFunctions.CallSlopeMinusOnePullback);
    private static readonly Derivatives HingeMinusHalf = Scalar("Hinge(x, -0.5)", HingeFunctions.CallSlopeMinusHalf, HingeFunctions.CallSlopeMinusHalfGradient, HingeFunctions.CallSlopeMinusHalfTangent, HingeFunctions.CallSlopeMinusHalfPullback);
    private static readonly Derivatives HingeF = ScalarF("Hinge default (float)", HingeFunctionsF.Default, HingeFunctionsF.DefaultGradient, HingeFunctionsF.DefaultTangent, HingeFunctionsF.DefaultPullback);
    private static readonly Derivatives HingeMinusOneF = ScalarF("Hinge(x, -1f) (float)", HingeFunctionsF.CallSlopeMinusOne, HingeFunctionsF.CallSlopeMinusOneGradient, HingeFunctionsF.CallSlopeMinusOneTangent, HingeFunctionsF.CallSlopeMinusOnePullback);

    private static Derivatives ReluRuntime(double s) => Scalar(
        "Relu(x, s) with run-time s = " + s,
        x => ReluFunctions.RuntimeSlope(x, s),
        (double x, out double dx) => ReluFunctions.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => ReluFunctions.RuntimeSlopeTangent(x, s, dx),
        (double x, double seed, ref double dx) => ReluFunctions.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives ReluRuntimeF(float s) => ScalarF(
        "Relu(x, s) with run-time s = " + s + " (float)",
        x => ReluFunctionsF.RuntimeSlope(x, s),
        (float x, out float dx) => ReluFunctionsF.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => ReluFunctionsF.RuntimeSlopeTangent(x, s, dx),
        (float x, float seed, ref float dx) => ReluFunctionsF.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives LeakyRuntime(double s) => Scalar(
        "LeakyRelu(x, 0.1, s) with run-time s = " + s,
        x => LeakyReluFunctions.RuntimeSlope(x, s),
        (double x, out double dx) => LeakyReluFunctions.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => LeakyReluFunctions.RuntimeSlopeTangent(x, s, dx),
        (double x, double seed, ref double dx) => LeakyReluFunctions.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives LeakyRuntimeF(float s) => ScalarF(
        "LeakyRelu(x, 0.125f, s) with run-time s = " + s + " (float)",
        x => LeakyReluFunctionsF.RuntimeSlope(x, s),
        (float x, out float dx) => LeakyReluFunctionsF.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => LeakyReluFunctionsF.RuntimeSlopeTangent(x, s, dx),
        (float x, float seed, ref float dx) => LeakyReluFunctionsF.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives HardTanhRuntime(double s) => Scalar(
        "HardTanh(x, s) with run-time s = " + s,
        x => HardTanhFunctions.RuntimeSlope(x, s),
        (double x, out double dx) => HardTanhFunctions.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => HardTanhFunctions.RuntimeSlopeTangent(x, s, dx),
        (double x, double seed, ref double dx) => HardTanhFunctions.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives HardTanhRuntimeF(float s) => ScalarF(
        "HardTanh(x, s) with run-time s = " + s + " (float)",
        x => HardTanhFunctionsF.RuntimeSlope(x, s),
        (float x, out float dx) => HardTanhFunctionsF.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => HardTanhFunctionsF.RuntimeSlopeTangent(x, s, dx),
        (float x, float seed, ref float dx) => HardTanhFunctionsF.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives HingeRuntime(double s) => Scalar(
        "Hinge(x, s) with run-time s = " + s,
        x => HingeFunctions.RuntimeSlope(x, s),
        (double x, out double dx) => HingeFunctions.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => HingeFunctions.RuntimeSlopeTangent(x, s, dx),
        (double x, double seed, ref double dx) => HingeFunctions.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives HingeRuntimeF(float s) => ScalarF(
        "Hinge(x, s) with run-time s = " + s + " (float)",
        x => HingeFunctionsF.RuntimeSlope(x, s),
        (float x, out float dx) => HingeFunctionsF.RuntimeSlopeGradient(x, s, out dx),
        (x, dx) => HingeFunctionsF.RuntimeSlopeTangent(x, s, dx),
        (float x, float seed, ref float dx) => HingeFunctionsF.RuntimeSlopePullback(x, s, seed, ref dx));

    private static Derivatives MarginLoss(double label) => Scalar(
        "Hinge(label·score) with label = " + label,
        x => HingeFunctions.MarginLoss(x, label),
        (double x, out double dx) => HingeFunctions.MarginLossGradient(x, label, out dx),
        (x, dx) => HingeFunctions.MarginLossTangent(x, label, dx),
        (double x, double seed, ref double dx) => HingeFunctions.MarginLossPullback(x, label, seed, ref dx));

    private static readonly CaseTable<KnownDerivative> AtKinks = BuildKinks();
    private static readonly CaseTable<KnownDerivative> AwayFromKinks = BuildAway();
    private static readonly CaseTable<(Derivatives Function, double[] At)> Smooth = BuildSmooth();

    public static TheoryData<string> KinkNames => AtKinks.Names;

    public static TheoryData<string> AwayNames => AwayFromKinks.Names;

    public static TheoryData<string> SmoothNames => Smooth.Names;

    [Theory]
    [MemberData(nameof(KinkNames))]
    public void RuleAtTheKinkInBothModes(string name)
    {
        KnownDerivative c = AtKinks[name];
        Expect.Derivative(c.Function, c.At, c.Expected);
    }

    [Theory]
    [MemberData(nameof(AwayNames))]
    public void RuleDoesNotLeakAwayFromTheKink(string name)
    {
        KnownDerivative c = AwayFromKinks[name];
        Expect.Derivative(c.Function, c.At, c.Expected);
    }

    [Theory]
    [MemberData(nameof(SmoothNames))]
    public void AgreesWithFiniteDifferencesAwayFromTheKink(string name)
    {
        (Derivatives f, double[] at) = Smooth[name];
        Expect.FiniteDifferences(f, at);
    }

    private static CaseTable<KnownDerivative> BuildKinks()
    {
        var t = new CaseTable<KnownDerivative>();

        // ReLU at 0: Clarke subdifferential [0, 1]; AdGen's default 0.
        t.Known(Relu, new[] { 0.0 }, 0.0);
        t.Known(ReluMethodOne, new[] { 0.0 }, 1.0);
        t.Known(ReluMethodHalf, new[] { 0.0 }, 0.5);
        t.Known(ReluCallOne, new[] { 0.0 }, 1.0);
        t.Known(ReluCallOverrides, new[] { 0.0 }, 0.25);
        t.Known(ReluScaled, new[] { 0.5 }, 3.0 * 2.0 * 0.5);
        foreach (double s in new[] { 0.0, 0.25, 1.0 })
        {
            t.Known(ReluRuntime(s), new[] { 0.0 }, s);
        }

        t.Known(ReluSlopeParameter, new[] { 0.0, 0.75 }, 0.75, 0.0);
        t.Known(ReluF, new[] { 0.0 }, 0.0);
        t.Known(ReluMethodOneF, new[] { 0.0 }, 1.0);
        t.Known(ReluMethodHalfF, new[] { 0.0 }, 0.5);
        t.Known(ReluCallOneF, new[] { 0.0 }, 1.0);
        t.Known(ReluCallOverridesF, new[] { 0.0 }, 0.25);
        t.Known(ReluScaledF, new[] { 0.5 }, 3.0);
        foreach (float s in new[] { 0f, 0.5f, 1f })
        {
            t.Known(ReluRuntimeF(s), new[] { 0.0 }, s);
        }

        // Leaky ReLU at 0: [min(α, 1), max(α, 1)]; default α, the left derivative.
        t.Known(Leaky, new[] { 0.0 }, 0.1);
        t.Known(LeakyDefaultSlope, new[] { 0.0 }, 0.01);
        t.Known(LeakyCallOne, new[] { 0.0 }, 1.0);
        t.Known(LeakyCallHalf, new[] { 0.0 }, 0.5);
        foreach (double s in new[] { 0.1, 0.3, 1.0 })
        {
            t.Known(LeakyRuntime(s), new[] { 0.0 }, s);
        }

        t.Known(LeakySlopeParameter, new[] { 0.0, 0.2 }, 0.2, 0.0);
        t.Known(LeakySteep, new[] { 0.0 }, 1.5);
        t.Known(LeakyF, new[] { 0.0 }, 0.125);
        t.Known(LeakyCallOneF, new[] { 0.0 }, 1.0);
        t.Known(LeakyRuntimeF(0.5f), new[] { 0.0 }, 0.5);

        // Hard tanh at ±1: [0, 1]; default 0.5.
        foreach (double kink in new[] { -1.0, 1.0 })
        {
            t.Known(HardTanh, new[] { kink }, 0.5);
            t.Known(HardTanhZero, new[] { kink }, 0.0);
            t.Known(HardTanhOne, new[] { kink }, 1.0);
            t.Known(HardTanhRuntime(0.25), new[] { kink }, 0.25);
            t.Known(HardTanhF, new[] { kink }, 0.5);
            t.Known(HardTanhOneF, new[] { kink }, 1.0);
            t.Known(HardTanhRuntimeF(0.75f), new[] { kink }, 0.75);
        }

        // Hinge max(0, 1 − x) at 1: [−1, 0]; default 0.
        t.Known(Hinge, new[] { 1.0 }, 0.0);
        t.Known(HingeMinusOne, new[] { 1.0 }, -1.0);
        t.Known(HingeMinusHalf, new[] { 1.0 }, -0.5);
        t.Known(HingeRuntime(-0.25), new[] { 1.0 }, -0.25);
        t.Known(HingeF, new[] { 1.0 }, 0.0);
        t.Known(HingeMinusOneF, new[] { 1.0 }, -1.0);
        t.Known(HingeRuntimeF(-0.5f), new[] { 1.0 }, -0.5);
        t.Known(MarginLoss(-1.0), new[] { -1.0 }, 0.0);
        return t;
    }

    private static CaseTable<KnownDerivative> BuildAway()
    {
        var t = new CaseTable<KnownDerivative>();
        foreach (Derivatives relu in new[] { Relu, ReluMethodOne, ReluCallOne, ReluRuntime(1.0), ReluF, ReluMethodOneF, ReluRuntimeF(1f) })
        {
            t.Known(relu, new[] { 1.5 }, 1.0);
            t.Known(relu, new[] { -1.5 }, 0.0);
        }

        t.Known(ReluSlopeParameter, new[] { 2.0, 0.75 }, 1.0, 0.0);
        t.Known(ReluSlopeParameter, new[] { -2.0, 0.75 }, 0.0, 0.0);
        foreach (Derivatives leaky in new[] { Leaky, LeakyCallOne, LeakyRuntime(1.0) })
        {
            t.Known(leaky, new[] { 1.5 }, 1.0);
            t.Known(leaky, new[] { -1.5 }, 0.1);
        }

        t.Known(LeakyF, new[] { -1.5 }, 0.125);
        t.Known(LeakyCallOneF, new[] { -1.5 }, 0.125);
        t.Known(LeakySteep, new[] { -1.5 }, 2.0);
        t.Known(LeakySlopeParameter, new[] { -2.0, 0.2 }, 0.2, -2.0);
        t.Known(LeakySlopeParameter, new[] { 2.0, 0.2 }, 1.0, 0.0);
        foreach (Derivatives hardTanh in new[] { HardTanh, HardTanhZero, HardTanhOne, HardTanhF, HardTanhOneF })
        {
            t.Known(hardTanh, new[] { 0.5 }, 1.0);
            t.Known(hardTanh, new[] { -2.0 }, 0.0);
            t.Known(hardTanh, new[] { 2.0 }, 0.0);
        }

        foreach (Derivatives hinge in new[] { Hinge, HingeMinusOne, HingeF, HingeMinusOneF })
        {
            t.Known(hinge, new[] { 0.5 }, -1.0);
            t.Known(hinge, new[] { 1.5 }, 0.0);
        }

        t.Known(MarginLoss(-1.0), new[] { 0.5 }, 1.0);
        t.Known(MarginLoss(1.0), new[] { 0.5 }, -1.0);
        return t;
    }

    private static CaseTable<(Derivatives Function, double[] At)> BuildSmooth()
    {
        var t = new CaseTable<(Derivatives Function, double[] At)>();
        foreach (Derivatives f in new[] { Relu, ReluMethodHalf, ReluCallOne, ReluF, Leaky, LeakyDefaultSlope, LeakySteep, LeakyF })
        {
            foreach (double x in new[] { -1.5, -0.3, 0.7, 2.5 })
            {
                t.Smooth(f, x);
            }
        }

        t.Smooth(ReluScaled, 0.2);
        t.Smooth(ReluScaled, 0.9);
        t.Smooth(LeakySlopeParameter, -0.7, 0.3);
        t.Smooth(LeakySlopeParameter, 0.7, 0.3);
        foreach (Derivatives f in new[] { HardTanh, HardTanhZero, HardTanhF })
        {
            foreach (double x in new[] { -2.5, -0.5, 0.3, 1.7 })
            {
                t.Smooth(f, x);
            }
        }

        foreach (Derivatives f in new[] { Hinge, HingeMinusHalf, HingeF })
        {
            foreach (double x in new[] { -1.0, 0.5, 1.5, 3.0 })
            {
                t.Smooth(f, x);
            }
        }

        t.Smooth(MarginLoss(-1.0), 0.25);
        t.Smooth(MarginLoss(-1.0), -3.0);
        return t;
    }
}
