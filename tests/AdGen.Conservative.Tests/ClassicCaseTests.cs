using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>
/// relu(x) − relu(−x) is x, relu(−x) + x and (relu(x) + relu(−x) + x)/2 are relu(x); at 0 the chain rule with
/// ReLU'(0) = 0 gives 0, 1 and 0.5: three elements of a conservative field (Bolte and Pauwels), documented values.
/// </summary>
public class ClassicCaseTests
{
    private static readonly Derivatives Difference = Scalar("relu(x) − relu(−x)", ClassicFunctions.ReluDifference, ClassicFunctions.ReluDifferenceGradient, ClassicFunctions.ReluDifferenceTangent, ClassicFunctions.ReluDifferencePullback);
    private static readonly Derivatives NegatedPlusX = Scalar("relu(−x) + x", ClassicFunctions.ReluOfNegatedPlusX, ClassicFunctions.ReluOfNegatedPlusXGradient, ClassicFunctions.ReluOfNegatedPlusXTangent, ClassicFunctions.ReluOfNegatedPlusXPullback);
    private static readonly Derivatives Average = Scalar("(relu(x) + relu(−x) + x) / 2", ClassicFunctions.AverageOfReluForms, ClassicFunctions.AverageOfReluFormsGradient, ClassicFunctions.AverageOfReluFormsTangent, ClassicFunctions.AverageOfReluFormsPullback);
    private static readonly Derivatives MaxDifference = Scalar("max(x, 0) − max(−x, 0)", ClassicFunctions.MaxDifference, ClassicFunctions.MaxDifferenceGradient, ClassicFunctions.MaxDifferenceTangent, ClassicFunctions.MaxDifferencePullback);
    private static readonly Derivatives DifferenceF = ScalarF("relu(x) − relu(−x) (float)", ClassicFunctionsF.ReluDifference, ClassicFunctionsF.ReluDifferenceGradient, ClassicFunctionsF.ReluDifferenceTangent, ClassicFunctionsF.ReluDifferencePullback);
    private static readonly Derivatives NegatedPlusXF = ScalarF("relu(−x) + x (float)", ClassicFunctionsF.ReluOfNegatedPlusX, ClassicFunctionsF.ReluOfNegatedPlusXGradient, ClassicFunctionsF.ReluOfNegatedPlusXTangent, ClassicFunctionsF.ReluOfNegatedPlusXPullback);
    private static readonly Derivatives AverageF = ScalarF("(relu(x) + relu(−x) + x) / 2 (float)", ClassicFunctionsF.AverageOfReluForms, ClassicFunctionsF.AverageOfReluFormsGradient, ClassicFunctionsF.AverageOfReluFormsTangent, ClassicFunctionsF.AverageOfReluFormsPullback);

    public static TheoryData<string, double, double, double> Documented => new()
    {
        // name, value at 0 (AdGen's rule), derivative at x = +1, derivative at x = −1
        { "difference", 0.0, 1.0, 1.0 },
        { "negated plus x", 1.0, 1.0, 0.0 },
        { "average", 0.5, 1.0, 0.0 },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public void DocumentedValuesAtZeroAndTheGradientElsewhere(string name, double atZero, double atPlusOne, double atMinusOne)
    {
        (Derivatives d, Derivatives f) = name switch
        {
            "difference" => (Difference, DifferenceF),
            "negated plus x" => (NegatedPlusX, NegatedPlusXF),
            _ => (Average, AverageF),
        };
        foreach (Derivatives function in new[] { d, f })
        {
            Expect.Derivative(function, new[] { 0.0 }, atZero);
            Expect.Derivative(function, new[] { 1.0 }, atPlusOne);
            Expect.Derivative(function, new[] { -1.0 }, atMinusOne);
            Expect.FiniteDifferences(function, 0.75);
            Expect.FiniteDifferences(function, -0.75);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void ReluDifferenceAtZeroIsTwiceTheReluRule(double s)
    {
        // d/dx [relu(x) − relu(−x)] = relu'(x) + relu'(−x) = 2s at 0: only s = 0.5 recovers the true derivative 1.
        Derivatives f = Scalar(
            "relu(x, s) − relu(−x, s), s = " + s,
            x => ClassicFunctions.ReluDifferenceWithSlope(x, s),
            (double x, out double dx) => ClassicFunctions.ReluDifferenceWithSlopeGradient(x, s, out dx),
            (x, dx) => ClassicFunctions.ReluDifferenceWithSlopeTangent(x, s, dx),
            (double x, double seed, ref double dx) => ClassicFunctions.ReluDifferenceWithSlopePullback(x, s, seed, ref dx));
        Expect.Derivative(f, new[] { 0.0 }, 2 * s);
        Expect.Derivative(f, new[] { 2.0 }, 1.0);
    }

    [Fact]
    public void TheSameIdentityWithMathMaxGivesOneBecauseTiesAreSplit()
    {
        // max(x, 0) at x = 0 is a tie: 0.5 to x. So max(x, 0) − max(−x, 0) gets 0.5 + 0.5 = 1 while relu gives 0.
        Expect.Derivative(MaxDifference, new[] { 0.0 }, 1.0);
        Expect.Derivative(MaxDifference, new[] { -3.0 }, 1.0);
    }
}
