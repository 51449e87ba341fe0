using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>Float clamp: Math.Clamp(float...), float.Clamp and AdMath.Clamp(float...), rule at both bounds.</summary>
public class ClampFloatTests
{
    private static readonly Derivatives MathClamp = TernaryF("Math.Clamp(float)", ClampFunctionsF.MathClamp, ClampFunctionsF.MathClampGradient, ClampFunctionsF.MathClampTangent, ClampFunctionsF.MathClampPullback);
    private static readonly Derivatives FloatClamp = TernaryF("float.Clamp", ClampFunctionsF.FloatClamp, ClampFunctionsF.FloatClampGradient, ClampFunctionsF.FloatClampTangent, ClampFunctionsF.FloatClampPullback);
    private static readonly Derivatives ClampToX = TernaryF("Math.Clamp(float) [ClampBoundaryWeight = 1]", ClampFunctionsF.MethodAllToX, ClampFunctionsF.MethodAllToXGradient, ClampFunctionsF.MethodAllToXTangent, ClampFunctionsF.MethodAllToXPullback);
    private static readonly Derivatives ClampRuntime = TernaryF(
        "AdMath.Clamp(x, lo, hi, 0.25f) run-time (float)",
        (x, lo, hi) => ClampFunctionsF.RuntimeWeight(x, lo, hi, 0.25f),
        (float x, float lo, float hi, out float dx, out float dlo, out float dhi) => ClampFunctionsF.RuntimeWeightGradient(x, lo, hi, 0.25f, out dx, out dlo, out dhi),
        (x, lo, hi, dx, dlo, dhi) => ClampFunctionsF.RuntimeWeightTangent(x, lo, hi, 0.25f, dx, dlo, dhi),
        (float x, float lo, float hi, float seed, ref float dx, ref float dlo, ref float dhi) => ClampFunctionsF.RuntimeWeightPullback(x, lo, hi, 0.25f, seed, ref dx, ref dlo, ref dhi));

    public static TheoryData<string, double> Functions => new()
    {
        { "Math.Clamp(float)", 0.5 },
        { "float.Clamp", 0.5 },
        { "Math.Clamp(float) [ClampBoundaryWeight = 1]", 1.0 },
        { "AdMath.Clamp run-time", 0.25 },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void RuleAtBothBoundsAndGradientInside(string name, double w)
    {
        Derivatives f = name switch
        {
            "Math.Clamp(float)" => MathClamp,
            "float.Clamp" => FloatClamp,
            "AdMath.Clamp run-time" => ClampRuntime,
            _ => ClampToX,
        };
        Expect.Derivative(f, new[] { -1.0, -1.0, 2.0 }, w, 1 - w, 0.0);
        Expect.Derivative(f, new[] { 2.0, -1.0, 2.0 }, w, 0.0, 1 - w);
        Expect.Derivative(f, new[] { 0.5, -1.0, 2.0 }, 1.0, 0.0, 0.0);
        Expect.Derivative(f, new[] { -3.0, -1.0, 2.0 }, 0.0, 1.0, 0.0);
        Expect.FiniteDifferences(f, 0.3, -1.0, 2.0);
    }
}
