using System;
using System.Numerics;
using AdGen.Optimizers;
using BenchmarkDotNet.Attributes;

namespace AdGen.Benchmarks;

/// <summary>
/// One optimizer step on 10⁶ parameters: the runtime's vectorised <see cref="Optimizer.Step(Span{double}, ReadOnlySpan{double})"/>
/// against a plain scalar loop of the same rule (the baseline). Steps per second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class OptimizerStepBenchmarks
{
    private const int Length = 1_000_000;

    private Optimizer _optimizer = null!;
    private double[] _theta = [];
    private double[] _gradient = [];
    private double[] _state0 = [];
    private double[] _state1 = [];
    private float[] _thetaSingle = [];
    private float[] _gradientSingle = [];
    private float[] _state0Single = [];
    private float[] _state1Single = [];
    private long _scalarSteps;

    /// <summary>The update rule, with the runtime's defaults (SGD with momentum 0.9).</summary>
    [Params("SGD momentum", "RMSprop", "Adam", "AdamW", "INNA", "INNAprop")]
    public string Rule { get; set; } = "";

    /// <summary>double or float parameters and state.</summary>
    [Params("double", "float")]
    public string Precision { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _optimizer = Rule switch
        {
            "SGD momentum" => new Sgd(momentum: 0.9),
            "RMSprop" => new RmsProp(),
            "Adam" => new Adam(),
            "AdamW" => new AdamW(),
            "INNA" => new Inna(),
            "INNAprop" => new InnaProp(),
            _ => throw new ArgumentException(Rule),
        };

        var random = new Random(1);
        _theta = new double[Length];
        _gradient = new double[Length];
        for (int i = 0; i < Length; i++)
        {
            _theta[i] = random.NextDouble() - 0.5;
            _gradient[i] = 1e-3 * (random.NextDouble() - 0.5);
        }

        _state0 = new double[Length];
        _state1 = new double[Length];
        _thetaSingle = Array.ConvertAll(_theta, static v => (float)v);
        _gradientSingle = Array.ConvertAll(_gradient, static v => (float)v);
        _state0Single = new float[Length];
        _state1Single = new float[Length];
        _scalarSteps = 0;
    }

    [Benchmark(Baseline = true, Description = "scalar loop")]
    public void ScalarLoop()
    {
        _scalarSteps++;
        if (Precision == "double")
        {
            Scalar<double>(_theta, _gradient, _state0, _state1, _scalarSteps);
        }
        else
        {
            Scalar<float>(_thetaSingle, _gradientSingle, _state0Single, _state1Single, _scalarSteps);
        }
    }

    [Benchmark(Description = "AdGen Step")]
    public void AdGenStep()
    {
        if (Precision == "double")
        {
            _optimizer.Step(_theta, _gradient);
        }
        else
        {
            _optimizer.Step(_thetaSingle, _gradientSingle);
        }
    }

    private void Scalar<T>(T[] theta, T[] gradient, T[] state0, T[] state1, long k)
        where T : IFloatingPointIeee754<T>
    {
        switch (Rule)
        {
            case "SGD momentum": ScalarBaselines.SgdMomentum<T>(theta, gradient, state0, k); break;
            case "RMSprop": ScalarBaselines.RmsProp<T>(theta, gradient, state0); break;
            case "Adam": ScalarBaselines.Adam<T>(theta, gradient, state0, state1, k, weightDecay: 0); break;
            case "AdamW": ScalarBaselines.Adam<T>(theta, gradient, state0, state1, k, weightDecay: 0.01); break;
            case "INNA": ScalarBaselines.Inna<T>(theta, gradient, state0); break;
            case "INNAprop": ScalarBaselines.InnaProp<T>(theta, gradient, state0, state1, k); break;
        }
    }
}
