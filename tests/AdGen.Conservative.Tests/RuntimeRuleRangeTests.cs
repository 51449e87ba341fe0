using System;
using AdGen.Conservative.Tests.Functions;
using Xunit;

namespace AdGen.Conservative.Tests;

/// <summary>
/// A rule value that arrives at run time must lie in the Clarke subdifferential at the kink; otherwise AdMath throws
/// ArgumentOutOfRangeException, called directly and through every generated member (which evaluate the call).
/// </summary>
public class RuntimeRuleRangeTests
{
    public static TheoryData<double> BadReluSlopes => new() { 2.0, -0.1, 1.0000001, double.NaN, double.PositiveInfinity };

    [Theory]
    [MemberData(nameof(BadReluSlopes))]
    public void ReluSlopeOutsideZeroOneThrowsInEveryMember(double s)
    {
        // Away from the kink too: the rule is checked whenever it is passed, not only when it is used.
        foreach (double x in new[] { 0.0, 1.5 })
        {
            AssertOutOfRange("slopeAtZero", () => AdMath.Relu(x, s));
            AssertOutOfRange("slopeAtZero", () => ReluFunctions.RuntimeSlope(x, s));
            AssertOutOfRange("slopeAtZero", () => ReluFunctions.RuntimeSlopeGradient(x, s, out _));
            AssertOutOfRange("slopeAtZero", () => ReluFunctions.RuntimeSlopeTangent(x, s, 1.0));
            AssertOutOfRange("slopeAtZero", () =>
            {
                double dx = 0;
                ReluFunctions.RuntimeSlopePullback(x, s, 1.0, ref dx);
            });
            AssertOutOfRange("slopeAtZero", () => ReluFunctionsF.RuntimeSlopeGradient((float)x, (float)s, out _));
            AssertOutOfRange("slopeAtZero", () => ReluFunctionsF.RuntimeSlopeTangent((float)x, (float)s, 1f));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void ReluSlopeAtTheEndsOfTheIntervalIsAccepted(double s)
    {
        Assert.Equal(s, ReluFunctions.RuntimeSlopeTangent(0.0, s, 1.0).Tangent);
        ReluFunctions.RuntimeSlopeGradient(0.0, s, out double dx);
        Assert.Equal(s, dx);
    }

    [Fact]
    public void EveryRuntimeRuleIsCheckedAgainstItsOwnInterval()
    {
        // abs'(0) ∈ [−1, 1]
        AssertOutOfRange("slopeAtZero", () => AbsFunctions.RuntimeSlopeGradient(0.0, 1.5, out _));
        AssertOutOfRange("slopeAtZero", () => AbsFunctions.RuntimeSlopeTangent(0.0, -1.5, 1.0));
        AssertOutOfRange("slopeAtZero", () => AbsFunctionsF.RuntimeSlopeGradient(0f, 1.5f, out _));
        Assert.Equal(-1.0, AbsFunctions.RuntimeSlopeTangent(0.0, -1.0, 1.0).Tangent);

        // max/min tie weight ∈ [0, 1]
        AssertOutOfRange("tieWeightOfFirst", () => MaxFunctions.RuntimeWeightGradient(1.0, 1.0, 1.5, out _, out _));
        AssertOutOfRange("tieWeightOfFirst", () => MaxFunctions.RuntimeWeightTangent(1.0, 1.0, -0.5, 1.0, 0.0));
        AssertOutOfRange("tieWeightOfFirst", () => MinFunctions.RuntimeWeightGradient(1.0, 1.0, -0.5, out _, out _));
        AssertOutOfRange("tieWeightOfFirst", () => MaxFunctionsF.RuntimeWeightGradient(1f, 1f, 2f, out _, out _));
        AssertOutOfRange("tieWeightOfFirst", () => MinFunctionsF.RuntimeWeightTangent(1f, 1f, float.NaN, 1f, 0f));

        // clamp boundary weight ∈ [0, 1]
        AssertOutOfRange("boundaryWeight", () => ClampFunctions.RuntimeWeightGradient(1.0, 0.0, 1.0, 2.0, out _, out _, out _));
        AssertOutOfRange("boundaryWeight", () => ClampFunctions.RuntimeWeightTangent(1.0, 0.0, 1.0, -0.25, 1.0, 0.0, 0.0));

        // hard tanh ∈ [0, 1], hinge ∈ [−1, 0]
        AssertOutOfRange("slopeAtKink", () => HardTanhFunctions.RuntimeSlopeGradient(1.0, -0.1, out _));
        AssertOutOfRange("slopeAtKink", () => HardTanhFunctionsF.RuntimeSlopeTangent(1f, 1.5f, 1f));
        AssertOutOfRange("slopeAtKink", () => HingeFunctions.RuntimeSlopeGradient(1.0, 0.5, out _));
        AssertOutOfRange("slopeAtKink", () => HingeFunctionsF.RuntimeSlopeGradient(1f, -1.5f, out _));

        // leaky ReLU with negative slope 0.1: [0.1, 1]
        AssertOutOfRange("slopeAtZero", () => LeakyReluFunctions.RuntimeSlopeGradient(0.0, 0.05, out _));
        AssertOutOfRange("slopeAtZero", () => LeakyReluFunctions.RuntimeSlopeTangent(0.0, 1.1, 1.0));
        AssertOutOfRange("slopeAtZero", () => LeakyReluFunctionsF.RuntimeSlopeGradient(0f, 0.0f, out _));
        AssertOutOfRange("slopeAtZero", () => AdMath.LeakyRelu(0.0, 2.0, 0.5)); // negative slope 2: [1, 2]
        Assert.Equal(-2.0, AdMath.LeakyRelu(-1.0, 2.0, 1.5)); // 1.5 ∈ [1, 2]: accepted
    }

    [Fact]
    public void TheRunTimeRuleRunsThroughLoopsAndSpans()
    {
        double[] x = { 1.0, 1.0, 2.0 };
        AssertOutOfRange("tieWeightOfFirst", () => MaxTypeFunctions.RunningMaxWeightedGradient(x, 1.25, new double[3]));
        AssertOutOfRange("tieWeightOfFirst", () => MaxTypeFunctions.RunningMaxWeightedTangent(x, -1.0, new double[3]));
    }

    [Fact]
    public void TheMessageNamesTheIntervalAndTheValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ReluFunctions.RuntimeSlopeGradient(0.0, 2.0, out _));
        Assert.Contains("[0, 1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("2", e.Message, StringComparison.Ordinal);
        Assert.Equal(2.0, e.ActualValue);
    }

    private static void AssertOutOfRange(string parameter, Action call)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.Equal(parameter, e.ParamName);
    }
}
