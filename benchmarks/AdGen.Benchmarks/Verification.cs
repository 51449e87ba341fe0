using System;
using System.Collections.Generic;
using AdGen.Benchmarks.Problems;
using TorchSharp;
using static TorchSharp.torch;

namespace AdGen.Benchmarks;

/// <summary>
/// Before anything is timed: every gradient that is benchmarked (AdGen's, the hand-written one, TorchSharp's) must agree
/// with the others, and AdGen's tangent with the gradient's dot product. A benchmark of a wrong gradient is worthless.
/// </summary>
public static class Verification
{
    public static void Run(int odeSteps)
    {
        TorchProblems.Initialize();
        var failures = new List<string>();

        foreach (int n in new[] { 10, 1_000 })
        {
            double[] x = Rosenbrock.StartingPoint(n);
            double[] direction = Directions.Random(n);
            double[] generated = new double[n], hand = new double[n], torchGradient = new double[n];
            double value = Rosenbrock.ValueGradient(x, generated);
            Rosenbrock.HandGradient(x, hand);
            using Tensor leaf = TorchProblems.Leaf(x);
            TorchProblems.Gradient(() => TorchProblems.Rosenbrock(leaf), [leaf], torchGradient);
            Check(failures, $"Rosenbrock n={n}", value, Rosenbrock.Value(x), generated, hand, torchGradient, Rosenbrock.ValueTangent(x, direction).Tangent, direction, 1e-10);
        }

        {
            double[] parameters = Mlp.InitialParameters();
            (double[] images, double[] labels) = Mnist.Load(ProblemSizes.MlpBatch);
            double[] direction = Directions.Random(Mlp.ParameterCount);
            double[] generated = new double[Mlp.ParameterCount], hand = new double[Mlp.ParameterCount], torchGradient = new double[Mlp.ParameterCount];
            double value = Mlp.LossGradient(parameters, images, labels, generated);
            Mlp.HandGradient(parameters, images, labels, hand);
            Tensor[] leaves = TorchMlp.Parameters(parameters);
            using Tensor imageTensor = TorchProblems.Constant(images).view(ProblemSizes.MlpBatch, Mlp.Inputs);
            using Tensor labelTensor = torch.tensor(Array.ConvertAll(labels, static l => (long)l));
            using (torch.NewDisposeScope())
            {
                Tensor loss = TorchProblems.MlpLoss(leaves[0], leaves[1], leaves[2], leaves[3], imageTensor, labelTensor);
                IList<Tensor> gradients = torch.autograd.grad([loss], leaves);
                torch.cat([gradients[0].flatten(), gradients[1], gradients[2].flatten(), gradients[3]]).data<double>().CopyTo(torchGradient);
            }

            Check(failures, "MLP", value, Mlp.Loss(parameters, images, labels), generated, hand, torchGradient, Mlp.LossTangent(parameters, images, labels, direction).Tangent, direction, 1e-9);

            // The TensorPrimitives version: the same function (its sums in another order), the same Torch gradient.
            double vectorisedValue = MlpVectorised.LossGradient(parameters, images, labels, generated);
            MlpVectorised.HandGradient(parameters, images, labels, hand);
            if (Math.Abs(vectorisedValue - value) > 1e-12)
            {
                failures.Add($"MLP with TensorPrimitives.Dot: loss {vectorisedValue}, the loop version {value}");
            }

            Check(failures, "MLP with TensorPrimitives.Dot", vectorisedValue, MlpVectorised.Loss(parameters, images, labels), generated, hand, torchGradient, MlpVectorised.LossTangent(parameters, images, labels, direction).Tangent, direction, 1e-9);
        }

        {
            double[] logits = SoftmaxCrossEntropy.RandomLogits(ProblemSizes.Classes);
            double[] direction = Directions.Random(ProblemSizes.Classes);
            double[] generated = new double[ProblemSizes.Classes], hand = new double[ProblemSizes.Classes], torchGradient = new double[ProblemSizes.Classes];
            double value = SoftmaxCrossEntropy.ValueGradient(logits, 17, generated);
            SoftmaxCrossEntropy.HandGradient(logits, 17, hand);
            using Tensor leaf = TorchProblems.Leaf(logits);
            TorchProblems.Gradient(() => TorchProblems.SoftmaxCrossEntropy(leaf, 17), [leaf], torchGradient);
            Check(failures, "softmax cross-entropy", value, SoftmaxCrossEntropy.Value(logits, 17), generated, hand, torchGradient, SoftmaxCrossEntropy.ValueTangent(logits, 17, direction).Tangent, direction, 1e-10);
            double stoppedValue = SoftmaxCrossEntropy.ValueStoppedMaxGradient(logits, 17, generated);
            Check(failures, "softmax cross-entropy, max through AdMath.StopGradient", stoppedValue, SoftmaxCrossEntropy.ValueStoppedMax(logits, 17), generated, hand, torchGradient, SoftmaxCrossEntropy.ValueStoppedMaxTangent(logits, 17, direction).Tangent, direction, 1e-10);
        }

        double[] marketDirection = [0.3, -0.2, 0.1, 0.4, -0.5];
        {
            double value = BlackScholes.CallGradient(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, out double g0, out double g1, out double g2, out double g3, out double g4);
            double[] hand = new double[5];
            BlackScholes.HandGradient(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, hand);
            double[] torchGradient = TorchScalarGradient(leaves => TorchProblems.Call(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4]), Market.Leaves());
            double tangent = BlackScholes.CallTangent(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, 0.3, -0.2, 0.1, 0.4, -0.5).Tangent;
            // Hand-written Greeks and TorchSharp's erf use the exact normal density; AdGen differentiates the approximated Φ.
            Check(failures, "Black–Scholes", value, BlackScholes.Call(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity), [g0, g1, g2, g3, g4], hand, torchGradient, tangent, marketDirection, 1e-5);
            double[] sameProgram = new double[5];
            BlackScholes.HandGradientSameProgram(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, sameProgram);
            Check(failures, "Black–Scholes (by hand through the approximated Φ)", value, BlackScholes.Call(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity), [g0, g1, g2, g3, g4], sameProgram, [g0, g1, g2, g3, g4], tangent, marketDirection, 1e-12);
        }

        {
            double[] normals = BlackScholes.Normals(ProblemSizes.Paths);
            double value = BlackScholes.MonteCarloCallGradient(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, normals, out double g0, out double g1, out double g2, out double g3, out double g4);
            double[] hand = new double[5];
            BlackScholes.MonteCarloHandGradient(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, normals, hand);
            using Tensor normalTensor = TorchProblems.Constant(normals);
            double[] torchGradient = TorchScalarGradient(leaves => TorchProblems.MonteCarloCall(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], normalTensor), Market.Leaves());
            double tangent = BlackScholes.MonteCarloCallTangent(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, normals, 0.3, -0.2, 0.1, 0.4, -0.5).Tangent;
            Check(failures, "Monte Carlo", value, BlackScholes.MonteCarloCall(Market.Spot, Market.Strike, Market.Rate, Market.Volatility, Market.Maturity, normals), [g0, g1, g2, g3, g4], hand, torchGradient, tangent, marketDirection, 1e-10);
        }

        {
            double[] x = Piecewise.RandomPoint(ProblemSizes.PiecewiseLength);
            double[] direction = Directions.Random(x.Length);
            double[] generated = new double[x.Length], hand = new double[x.Length], torchGradient = new double[x.Length], unchecked_ = new double[x.Length];
            double value = Piecewise.ValueGradient(x, generated);
            Piecewise.HandGradient(x, hand);
            using Tensor leaf = TorchProblems.Leaf(x);
            TorchProblems.Gradient(() => TorchProblems.Piecewise(leaf), [leaf], torchGradient);
            Check(failures, "piecewise", value, Piecewise.Value(x), generated, hand, torchGradient, Piecewise.ValueTangent(x, direction).Tangent, direction, 1e-10);
            double copyValue = PiecewiseWithoutKinkChecks.ValueGradient(x, unchecked_);
            Check(failures, "piecewise (copy without kink checks)", copyValue, value, unchecked_, generated, generated, Piecewise.ValueTangent(x, direction).Tangent, direction, 0);
            double[] sameRules = new double[x.Length];
            Piecewise.HandGradientSameRules(x, sameRules);
            Check(failures, "piecewise (by hand with AdGen's rules)", value, Piecewise.Value(x), generated, sameRules, generated, Piecewise.ValueTangent(x, direction).Tangent, direction, 1e-12);

            // On the kinks themselves only the same-rules gradient can agree, and it must, exactly.
            double[] kinks = Piecewise.KinkPoint();
            double[] atKinks = new double[kinks.Length], sameRulesAtKinks = new double[kinks.Length];
            Piecewise.ValueGradient(kinks, atKinks);
            Piecewise.HandGradientSameRules(kinks, sameRulesAtKinks);
            double[] kinkDirection = Directions.Random(kinks.Length);
            Check(failures, "piecewise on its kinks (by hand with AdGen's rules)", Piecewise.ValueGradient(kinks, atKinks), Piecewise.Value(kinks), atKinks, sameRulesAtKinks, atKinks, Piecewise.ValueTangent(kinks, kinkDirection).Tangent, kinkDirection, 1e-12);
        }

        {
            double[] direction = [0.3, -0.2, 0.1, 0.4, -0.5, 0.6];
            double value = LotkaVolterra.ValueGradient(LotkaVolterra.Alpha, LotkaVolterra.Beta, LotkaVolterra.Gamma, LotkaVolterra.Delta, LotkaVolterra.Prey0, LotkaVolterra.Predator0, odeSteps,
                out double g0, out double g1, out double g2, out double g3, out double g4, out double g5);
            double[] hand = new double[6];
            LotkaVolterra.HandGradient(LotkaVolterra.Alpha, LotkaVolterra.Beta, LotkaVolterra.Gamma, LotkaVolterra.Delta, LotkaVolterra.Prey0, LotkaVolterra.Predator0, odeSteps, new double[2 * odeSteps], hand);
            double[] torchGradient = TorchScalarGradient(
                leaves => TorchProblems.LotkaVolterra(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], leaves[5], odeSteps),
                [
                    TorchProblems.Leaf(LotkaVolterra.Alpha), TorchProblems.Leaf(LotkaVolterra.Beta), TorchProblems.Leaf(LotkaVolterra.Gamma),
                    TorchProblems.Leaf(LotkaVolterra.Delta), TorchProblems.Leaf(LotkaVolterra.Prey0), TorchProblems.Leaf(LotkaVolterra.Predator0),
                ]);
            double tangent = LotkaVolterra.ValueTangent(LotkaVolterra.Alpha, LotkaVolterra.Beta, LotkaVolterra.Gamma, LotkaVolterra.Delta, LotkaVolterra.Prey0, LotkaVolterra.Predator0, odeSteps,
                0.3, -0.2, 0.1, 0.4, -0.5, 0.6).Tangent;
            double f = LotkaVolterra.Value(LotkaVolterra.Alpha, LotkaVolterra.Beta, LotkaVolterra.Gamma, LotkaVolterra.Delta, LotkaVolterra.Prey0, LotkaVolterra.Predator0, odeSteps);
            Check(failures, $"Lotka–Volterra {odeSteps} steps", value, f, [g0, g1, g2, g3, g4, g5], hand, torchGradient, tangent, direction, 1e-8);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException("Gradients disagree; nothing was timed:\n" + string.Join("\n", failures));
        }

        Console.WriteLine("Verified: AdGen's gradient and tangent, the hand-written gradient and TorchSharp agree on every problem.");
    }

    private static double[] TorchScalarGradient(Func<Tensor[], Tensor> loss, Tensor[] leaves)
    {
        var gradient = new double[leaves.Length];
        using (torch.NewDisposeScope())
        {
            IList<Tensor> gradients = torch.autograd.grad([loss(leaves)], leaves);
            for (int i = 0; i < leaves.Length; i++)
            {
                gradient[i] = gradients[i].item<double>();
            }
        }

        foreach (Tensor leaf in leaves)
        {
            leaf.Dispose();
        }

        return gradient;
    }

    /// <summary>Relative agreement: |a − b| ≤ tolerance · (1 + max |b|) componentwise, for values, gradients and the tangent.</summary>
    private static void Check(List<string> failures, string problem, double value, double expectedValue, double[] generated, double[] hand, double[] torchGradient, double tangent, double[] direction, double tolerance)
    {
        double scale = 1;
        foreach (double h in hand)
        {
            scale = Math.Max(scale, Math.Abs(h));
        }

        if (Math.Abs(value - expectedValue) > 1e-12 * (1 + Math.Abs(expectedValue)))
        {
            failures.Add($"{problem}: gradient returned value {value}, f gives {expectedValue}");
        }

        for (int i = 0; i < generated.Length; i++)
        {
            if (Math.Abs(generated[i] - hand[i]) > tolerance * scale)
            {
                failures.Add($"{problem}: ∂f/∂x[{i}] AdGen {generated[i]}, by hand {hand[i]}");
                break;
            }

            if (Math.Abs(torchGradient[i] - hand[i]) > Math.Max(tolerance, 1e-9) * scale)
            {
                failures.Add($"{problem}: ∂f/∂x[{i}] TorchSharp {torchGradient[i]}, by hand {hand[i]}");
                break;
            }
        }

        double dot = 0, magnitude = 0;
        for (int i = 0; i < generated.Length; i++)
        {
            dot += generated[i] * direction[i];
            magnitude += Math.Abs(generated[i] * direction[i]);
        }

        if (Math.Abs(tangent - dot) > 1e-10 * (1 + magnitude))
        {
            failures.Add($"{problem}: tangent {tangent}, gradient · direction {dot}");
        }
    }
}
