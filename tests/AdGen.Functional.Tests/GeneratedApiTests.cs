using System;
using AdGen.Functional.Tests.Functions;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>The generated members as a user calls them: argument validation and the runtime delegates.</summary>
public sealed class GeneratedApiTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void SpanDerivativeOfTheWrongLengthThrows(int derivativeLength)
    {
        var x = new double[] { 0.5, -0.25, 1.0 };
        AssertThrowsFor("dx", () => Arrays.RosenbrockGradient(x, new double[derivativeLength]));
        AssertThrowsFor("dx", () => Arrays.RosenbrockTangent(x, new double[derivativeLength]));
        AssertThrowsFor("dx", () => Arrays.RosenbrockPullback(x, 1.0, new double[derivativeLength]));
        AssertThrowsFor("dx", () => Floats.LocalBuffersGradient(new float[] { 0.5f, 1.0f, -1.0f }, new float[derivativeLength]));
    }

    [Fact]
    public void EverySpanParameterIsChecked()
    {
        double[] parameters = new double[9];
        double[] input = { 0.6, -1.2 };
        AssertThrowsFor("dinput", () => Arrays.MlpLayerGradient(parameters, input, 2, new double[9], new double[1]));
        AssertThrowsFor("dparameters", () => Arrays.MlpLayerGradient(parameters, input, 2, new double[8], new double[2]));
        AssertThrowsFor("db", () => Arrays.DotOfArraysPullback(new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 }, 1.0, new double[2], new double[3]));
    }

    [Fact]
    public void SpanGradientConvertsToTheRuntimeObjectiveDelegates()
    {
        GradientFunction objective = Arrays.RosenbrockGradient;
        ScalarFunction value = Arrays.Rosenbrock;
        GradientFunctionSingle singleObjective = Floats.LocalBuffersGradient;

        double[] x = { -1.2, 1.0, 0.5 };
        var throughDelegate = new double[x.Length];
        var direct = new double[x.Length];
        Assert.Equal(value(x), objective(x, throughDelegate));
        Arrays.RosenbrockGradient(x, direct);
        Assert.Equal(direct, throughDelegate);

        float[] xSingle = { 0.3f, -0.4f };
        var gradientSingle = new float[xSingle.Length];
        Assert.Equal(Floats.LocalBuffers(xSingle), singleObjective(xSingle, gradientSingle));
    }

    [Fact]
    public void GeneratedGradientDrivesTheMinimizer()
    {
        double[] start = { -1.2, 1.0 };
        MinimizationResult<double> result = Minimizer.Minimize(Arrays.RosenbrockGradient, start, new Adam(learningRate: 0.02), new MinimizerOptions { MaxIterations = 3000, RecordHistory = false });
        Assert.True(result.Value < 0.05 * Arrays.Rosenbrock(start), result.ToString());
    }

    private static void AssertThrowsFor(string parameterName, Action call)
    {
        ArgumentException exception = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameterName, exception.ParamName);
    }
}
