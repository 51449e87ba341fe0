using System;
using System.Collections.Generic;
using AdGen.Benchmarks.Problems;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace AdGen.Benchmarks;

// One class per problem, measured in one BenchmarkDotNet run so that every ratio compares numbers taken side by side.
// Every class has the same five methods (RatioTable reads them by name): F, the baseline; Gradient, AdGen's reverse
// mode (every partial derivative); Tangent, AdGen's forward mode (one directional derivative); HandGradient, the
// analytic gradient written by hand; TorchGradient, the same gradient in TorchSharp.

/// <summary>Problem sizes; quick mode trades the longest time-stepping loop for a shorter one (see docs/benchmarks.md).</summary>
public static class ProblemSizes
{
    public static bool Quick { get; set; }

    public const int MlpBatch = 32;
    public const int Classes = 1_000;
    public const int Paths = 10_000;
    public const int PiecewiseLength = 1_000;

    /// <summary>
    /// 1,000 values repeated call after call, which the branch predictor partly learns, and 10⁵, which it cannot:
    /// branchy code (the hand-written gradient) and branch-free code (AdGen's slopes) trade places between the two.
    /// </summary>
    public static IEnumerable<int> PiecewiseSizes => [PiecewiseLength, 100_000];

    public static int OdeSteps => Quick ? 1_000 : 10_000;

    public static IEnumerable<int> RosenbrockSizes => [10, 1_000, 100_000];

    public static IEnumerable<int> OdeStepCounts => [OdeSteps];
}

/// <summary>A dense direction for the tangent passes (fixed seed), the same kind of work as a gradient component.</summary>
internal static class Directions
{
    public static double[] Random(int n, int seed = 7)
    {
        var random = new Random(seed);
        var direction = new double[n];
        for (int i = 0; i < n; i++)
        {
            direction[i] = random.NextDouble() - 0.5;
        }

        return direction;
    }
}

[MemoryDiagnoser]
public class RosenbrockBenchmarks
{
    private double[] _x = [];
    private double[] _direction = [];
    private double[] _gradient = [];
    private Tensor _xTensor = null!;

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    public static IEnumerable<int> Sizes => ProblemSizes.RosenbrockSizes;

    [GlobalSetup]
    public void Setup()
    {
        _x = Rosenbrock.StartingPoint(N);
        _direction = Directions.Random(N);
        _gradient = new double[N];
        TorchProblems.Initialize();
        _xTensor = TorchProblems.Leaf(_x);
    }

    [GlobalCleanup]
    public void Cleanup() => _xTensor.Dispose();

    [Benchmark(Baseline = true)]
    public double F() => Rosenbrock.Value(_x);

    [Benchmark]
    public double Gradient() => Rosenbrock.ValueGradient(_x, _gradient);

    [Benchmark]
    public double Tangent() => Rosenbrock.ValueTangent(_x, _direction).Tangent;

    [Benchmark]
    public double HandGradient() => Rosenbrock.HandGradient(_x, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(() => TorchProblems.Rosenbrock(_xTensor), [_xTensor]);
}

[MemoryDiagnoser]
public class MlpBenchmarks
{
    private double[] _parameters = [];
    private double[] _images = [];
    private double[] _labels = [];
    private double[] _direction = [];
    private double[] _gradient = [];
    private Tensor[] _torchParameters = [];
    private Tensor _imageTensor = null!;
    private Tensor _labelTensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parameters = Mlp.InitialParameters();
        (_images, _labels) = Mnist.Load(ProblemSizes.MlpBatch);
        _direction = Directions.Random(Mlp.ParameterCount);
        _gradient = new double[Mlp.ParameterCount];
        TorchProblems.Initialize();
        _torchParameters = TorchMlp.Parameters(_parameters);
        _imageTensor = TorchProblems.Constant(_images).view(ProblemSizes.MlpBatch, Mlp.Inputs);
        _labelTensor = torch.tensor(Array.ConvertAll(_labels, static l => (long)l));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Tensor t in _torchParameters)
        {
            t.Dispose();
        }

        _imageTensor.Dispose();
        _labelTensor.Dispose();
    }

    /// <summary>Whether the perceptron is the one written with TensorPrimitives.Dot (<see cref="MlpVectorised"/>).</summary>
    [Params(false, true)]
    public bool Vectorised { get; set; }

    [Benchmark(Baseline = true)]
    public double F() => Vectorised ? MlpVectorised.Loss(_parameters, _images, _labels) : Mlp.Loss(_parameters, _images, _labels);

    [Benchmark]
    public double Gradient() => Vectorised
        ? MlpVectorised.LossGradient(_parameters, _images, _labels, _gradient)
        : Mlp.LossGradient(_parameters, _images, _labels, _gradient);

    [Benchmark]
    public double Tangent() => Vectorised
        ? MlpVectorised.LossTangent(_parameters, _images, _labels, _direction).Tangent
        : Mlp.LossTangent(_parameters, _images, _labels, _direction).Tangent;

    [Benchmark]
    public double HandGradient() => Vectorised
        ? MlpVectorised.HandGradient(_parameters, _images, _labels, _gradient)
        : Mlp.HandGradient(_parameters, _images, _labels, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(
        () => TorchProblems.MlpLoss(_torchParameters[0], _torchParameters[1], _torchParameters[2], _torchParameters[3], _imageTensor, _labelTensor),
        _torchParameters);
}

/// <summary>Splits the flat parameter vector of <see cref="Mlp"/> into the four leaf tensors a TorchSharp user keeps.</summary>
internal static class TorchMlp
{
    public static Tensor[] Parameters(double[] flat)
    {
        Tensor all = TorchProblems.Constant(flat);
        Tensor w1 = all.narrow(0, 0, Mlp.Hidden1Offset).view(Mlp.Hidden, Mlp.Inputs).clone().requires_grad_(true);
        Tensor b1 = all.narrow(0, Mlp.Hidden1Offset, Mlp.Hidden).clone().requires_grad_(true);
        Tensor w2 = all.narrow(0, Mlp.Weights2Offset, Mlp.Classes * Mlp.Hidden).view(Mlp.Classes, Mlp.Hidden).clone().requires_grad_(true);
        Tensor b2 = all.narrow(0, Mlp.Bias2Offset, Mlp.Classes).clone().requires_grad_(true);
        all.Dispose();
        return [w1, b1, w2, b2];
    }
}

[MemoryDiagnoser]
public class SoftmaxCrossEntropyBenchmarks
{
    private const int Label = 17;
    private double[] _logits = [];
    private double[] _direction = [];
    private double[] _gradient = [];
    private Tensor _logitTensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _logits = SoftmaxCrossEntropy.RandomLogits(ProblemSizes.Classes);
        _direction = Directions.Random(ProblemSizes.Classes);
        _gradient = new double[ProblemSizes.Classes];
        TorchProblems.Initialize();
        _logitTensor = TorchProblems.Leaf(_logits);
    }

    /// <summary>Whether the method is the one with its maximum behind AdMath.StopGradient (as jax.nn.logsumexp).</summary>
    [Params(false, true)]
    public bool StoppedMax { get; set; }

    [GlobalCleanup]
    public void Cleanup() => _logitTensor.Dispose();

    [Benchmark(Baseline = true)]
    public double F() => StoppedMax ? SoftmaxCrossEntropy.ValueStoppedMax(_logits, Label) : SoftmaxCrossEntropy.Value(_logits, Label);

    [Benchmark]
    public double Gradient() => StoppedMax
        ? SoftmaxCrossEntropy.ValueStoppedMaxGradient(_logits, Label, _gradient)
        : SoftmaxCrossEntropy.ValueGradient(_logits, Label, _gradient);

    [Benchmark]
    public double Tangent() => StoppedMax
        ? SoftmaxCrossEntropy.ValueStoppedMaxTangent(_logits, Label, _direction).Tangent
        : SoftmaxCrossEntropy.ValueTangent(_logits, Label, _direction).Tangent;

    [Benchmark]
    public double HandGradient() => SoftmaxCrossEntropy.HandGradient(_logits, Label, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(() => TorchProblems.SoftmaxCrossEntropy(_logitTensor, Label), [_logitTensor]);
}

/// <summary>Inputs held in a mutable field so that the JIT cannot constant-fold a call whose arguments are all constants.</summary>
internal record struct MarketData(double Spot, double Strike, double Rate, double Volatility, double Maturity)
{
    public static MarketData Default => new(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity);
}

/// <summary>The market data shared by the closed-form and Monte Carlo prices.</summary>
internal static class Market
{
    public const double Spot = 100, Strike = 105, Rate = 0.03, Volatility = 0.25, Maturity = 1.5;

    public static Tensor[] Leaves() =>
    [
        TorchProblems.Leaf(Spot), TorchProblems.Leaf(Strike), TorchProblems.Leaf(Rate), TorchProblems.Leaf(Volatility), TorchProblems.Leaf(Maturity),
    ];
}

[MemoryDiagnoser]
public class BlackScholesBenchmarks
{
    private readonly double[] _gradient = new double[5];
    private MarketData _m = MarketData.Default;
    private Tensor[] _leaves = [];

    [GlobalSetup]
    public void Setup()
    {
        TorchProblems.Initialize();
        _leaves = Market.Leaves();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Tensor t in _leaves)
        {
            t.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public double F() => BlackScholes.Call(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity);

    [Benchmark]
    public double Gradient()
    {
        double value = BlackScholes.CallGradient(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, out double dSpot, out double dStrike, out double dRate, out double dVolatility, out double dMaturity);
        return value + dSpot + dStrike + dRate + dVolatility + dMaturity;
    }

    [Benchmark]
    public double Tangent() => BlackScholes.CallTangent(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, 0.3, -0.2, 0.1, 0.4, -0.5).Tangent;

    [Benchmark]
    public double HandGradient() => BlackScholes.HandGradient(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, _gradient);

    /// <summary>The derivative of the same program (approximated Φ) by hand; a note under the table, not a column.</summary>
    [Benchmark]
    public double HandGradientSameProgram() => BlackScholes.HandGradientSameProgram(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(() => TorchProblems.Call(_leaves[0], _leaves[1], _leaves[2], _leaves[3], _leaves[4]), _leaves);
}

[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private readonly double[] _gradient = new double[5];
    private MarketData _m = MarketData.Default;
    private double[] _normals = [];
    private Tensor[] _leaves = [];
    private Tensor _normalTensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _normals = BlackScholes.Normals(ProblemSizes.Paths);
        TorchProblems.Initialize();
        _leaves = Market.Leaves();
        _normalTensor = TorchProblems.Constant(_normals);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Tensor t in _leaves)
        {
            t.Dispose();
        }

        _normalTensor.Dispose();
    }

    [Benchmark(Baseline = true)]
    public double F() => BlackScholes.MonteCarloCall(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, _normals);

    [Benchmark]
    public double Gradient()
    {
        double value = BlackScholes.MonteCarloCallGradient(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, _normals, out double dSpot, out double dStrike, out double dRate, out double dVolatility, out double dMaturity);
        return value + dSpot + dStrike + dRate + dVolatility + dMaturity;
    }

    [Benchmark]
    public double Tangent() => BlackScholes.MonteCarloCallTangent(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, _normals, 0.3, -0.2, 0.1, 0.4, -0.5).Tangent;

    [Benchmark]
    public double HandGradient() => BlackScholes.MonteCarloHandGradient(_m.Spot, _m.Strike, _m.Rate, _m.Volatility, _m.Maturity, _normals, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(() => TorchProblems.MonteCarloCall(_leaves[0], _leaves[1], _leaves[2], _leaves[3], _leaves[4], _normalTensor), _leaves);
}

[MemoryDiagnoser]
public class PiecewiseBenchmarks
{
    private double[] _x = [];
    private double[] _direction = [];
    private double[] _gradient = [];
    private Tensor _xTensor = null!;

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; } = ProblemSizes.PiecewiseLength;

    public static IEnumerable<int> Sizes => ProblemSizes.PiecewiseSizes;

    [GlobalSetup]
    public void Setup()
    {
        _x = Piecewise.RandomPoint(N);
        _direction = Directions.Random(N);
        _gradient = new double[N];
        TorchProblems.Initialize();
        _xTensor = TorchProblems.Leaf(_x);
    }

    [GlobalCleanup]
    public void Cleanup() => _xTensor.Dispose();

    [Benchmark(Baseline = true)]
    public double F() => Piecewise.Value(_x);

    [Benchmark]
    public double Gradient() => Piecewise.ValueGradient(_x, _gradient);

    [Benchmark]
    public double Tangent() => Piecewise.ValueTangent(_x, _direction).Tangent;

    [Benchmark]
    public double HandGradient() => Piecewise.HandGradient(_x, _gradient);

    /// <summary>By hand with AdGen's rules at the kinks: what the rules themselves cost (a note under the table).</summary>
    [Benchmark]
    public double HandGradientSameRules() => Piecewise.HandGradientSameRules(_x, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(() => TorchProblems.Piecewise(_xTensor), [_xTensor]);
}

[MemoryDiagnoser]
public class LotkaVolterraBenchmarks
{
    private readonly double[] _gradient = new double[6];
    private double[] _p = [LotkaVolterra.Alpha, LotkaVolterra.Beta, LotkaVolterra.Gamma, LotkaVolterra.Delta, LotkaVolterra.Prey0, LotkaVolterra.Predator0];
    private double[] _trajectory = [];
    private Tensor[] _leaves = [];

    [ParamsSource(nameof(StepCounts))]
    public int Steps { get; set; }

    public static IEnumerable<int> StepCounts => ProblemSizes.OdeStepCounts;

    [GlobalSetup]
    public void Setup()
    {
        _trajectory = new double[2 * Steps];
        TorchProblems.Initialize();
        _leaves =
        [
            TorchProblems.Leaf(LotkaVolterra.Alpha), TorchProblems.Leaf(LotkaVolterra.Beta), TorchProblems.Leaf(LotkaVolterra.Gamma),
            TorchProblems.Leaf(LotkaVolterra.Delta), TorchProblems.Leaf(LotkaVolterra.Prey0), TorchProblems.Leaf(LotkaVolterra.Predator0),
        ];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Tensor t in _leaves)
        {
            t.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public double F() => LotkaVolterra.Value(_p[0], _p[1], _p[2], _p[3], _p[4], _p[5], Steps);

    [Benchmark]
    public double Gradient()
    {
        double value = LotkaVolterra.ValueGradient(_p[0], _p[1], _p[2], _p[3], _p[4], _p[5], Steps,
            out double dAlpha, out double dBeta, out double dGamma, out double dDelta, out double dPrey0, out double dPredator0);
        return value + dAlpha + dBeta + dGamma + dDelta + dPrey0 + dPredator0;
    }

    [Benchmark]
    public double Tangent() => LotkaVolterra.ValueTangent(_p[0], _p[1], _p[2], _p[3], _p[4], _p[5], Steps,
        0.3, -0.2, 0.1, 0.4, -0.5, 0.6).Tangent;

    [Benchmark]
    public double HandGradient() => LotkaVolterra.HandGradient(_p[0], _p[1], _p[2], _p[3], _p[4], _p[5], Steps, _trajectory, _gradient);

    [Benchmark]
    public double TorchGradient() => TorchProblems.Gradient(() => TorchProblems.LotkaVolterra(_leaves[0], _leaves[1], _leaves[2], _leaves[3], _leaves[4], _leaves[5], Steps), _leaves);
}
