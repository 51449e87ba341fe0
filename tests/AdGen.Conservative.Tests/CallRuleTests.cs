using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>Rules travel with the method that states them, through calls between [Differentiable] methods.</summary>
public class CallRuleTests
{
    [Fact]
    public void CalleeKeepsItsOwnRule()
    {
        Derivatives outerDefault = Scalar("2·Inner[slope 1] + Relu", CallFunctions.OuterDefault, CallFunctions.OuterDefaultGradient, CallFunctions.OuterDefaultTangent, CallFunctions.OuterDefaultPullback);
        Derivatives outerHalf = Scalar("2·Inner[slope 1] + Relu [slope 0.5]", CallFunctions.OuterHalf, CallFunctions.OuterHalfGradient, CallFunctions.OuterHalfTangent, CallFunctions.OuterHalfPullback);
        Expect.Derivative(outerDefault, new[] { 0.0 }, 2.0);
        Expect.Derivative(outerHalf, new[] { 0.0 }, 2.5);
        Expect.Derivative(outerHalf, new[] { -1.0 }, 0.0);
        Expect.Derivative(outerHalf, new[] { 1.0 }, 3.0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void RunTimeRulePassesThroughACall(double s)
    {
        Derivatives f = Scalar(
            "3·InnerRuntime(x, s), s = " + s,
            x => CallFunctions.OuterRuntime(x, s),
            (double x, out double dx) => CallFunctions.OuterRuntimeGradient(x, s, out dx),
            (x, dx) => CallFunctions.OuterRuntimeTangent(x, s, dx),
            (double x, double seed, ref double dx) => CallFunctions.OuterRuntimePullback(x, s, seed, ref dx));
        Expect.Derivative(f, new[] { 0.0 }, 3.0 * s);
        Expect.Derivative(f, new[] { 2.0 }, 3.0);
    }
}
