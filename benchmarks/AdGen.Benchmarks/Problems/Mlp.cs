using System;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Problem 2: the mean softmax cross-entropy of a 784-128-10 ReLU perceptron on a minibatch of MNIST digits, written
/// with loops over spans. The parameters are one flat span: W1 (128 × 784, row-major), b1 (128), W2 (10 × 128), b2 (10).
/// </summary>
public static partial class Mlp
{
    public const int Inputs = 784, Hidden = 128, Classes = 10;
    public const int Hidden1Offset = Hidden * Inputs;
    public const int Weights2Offset = Hidden1Offset + Hidden;
    public const int Bias2Offset = Weights2Offset + Classes * Hidden;
    public const int ParameterCount = Bias2Offset + Classes;

    /// <param name="parameters">W1, b1, W2, b2, flattened.</param>
    /// <param name="images">batch × 784 pixels in [0, 1].</param>
    /// <param name="labels">The digit of each image (as a double so that the span carries no derivative by type).</param>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> parameters, [NoDerivative] ReadOnlySpan<double> images, [NoDerivative] ReadOnlySpan<double> labels)
    {
        int batch = labels.Length;
        Span<double> hidden = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Classes];
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            int image = b * Inputs;
            for (int j = 0; j < Hidden; j++)
            {
                double activation = parameters[Hidden1Offset + j];
                int row = j * Inputs;
                for (int k = 0; k < Inputs; k++)
                {
                    activation += parameters[row + k] * images[image + k];
                }

                hidden[j] = Math.Max(activation, 0);
            }

            for (int c = 0; c < Classes; c++)
            {
                double activation = parameters[Bias2Offset + c];
                int row = Weights2Offset + c * Hidden;
                for (int j = 0; j < Hidden; j++)
                {
                    activation += parameters[row + j] * hidden[j];
                }

                logits[c] = activation;
            }

            double max = logits[0];
            for (int c = 1; c < Classes; c++)
            {
                max = Math.Max(max, logits[c]);
            }

            double sum = 0;
            for (int c = 0; c < Classes; c++)
            {
                sum += Math.Exp(logits[c] - max);
            }

            total += max + Math.Log(sum) - logits[(int)labels[b]];
        }

        return total / batch;
    }

    /// <summary>
    /// Backpropagation by hand, in the same scalar-loop style as <see cref="Loss"/>; like any hand-written backward
    /// pass it skips the rows of W1 whose unit is inactive (ReLU'(a) = 0, the same choice as AdGen's at a = 0).
    /// </summary>
    public static double HandGradient(ReadOnlySpan<double> parameters, ReadOnlySpan<double> images, ReadOnlySpan<double> labels, Span<double> gradient)
    {
        gradient.Clear();
        int batch = labels.Length;
        Span<double> hidden = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Classes];
        Span<double> hiddenAdjoint = stackalloc double[Hidden];
        double total = 0;
        double scale = 1.0 / batch;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<double> image = images.Slice(b * Inputs, Inputs);
            for (int j = 0; j < Hidden; j++)
            {
                double activation = parameters[Hidden1Offset + j];
                ReadOnlySpan<double> row = parameters.Slice(j * Inputs, Inputs);
                for (int k = 0; k < Inputs; k++)
                {
                    activation += row[k] * image[k];
                }

                hidden[j] = activation > 0 ? activation : 0;
            }

            double max = double.NegativeInfinity;
            for (int c = 0; c < Classes; c++)
            {
                double activation = parameters[Bias2Offset + c];
                ReadOnlySpan<double> row = parameters.Slice(Weights2Offset + c * Hidden, Hidden);
                for (int j = 0; j < Hidden; j++)
                {
                    activation += row[j] * hidden[j];
                }

                logits[c] = activation;
                max = Math.Max(max, activation);
            }

            int label = (int)labels[b];
            double labelLogit = logits[label];
            double sum = 0;
            for (int c = 0; c < Classes; c++)
            {
                logits[c] = Math.Exp(logits[c] - max);
                sum += logits[c];
            }

            total += max + Math.Log(sum) - labelLogit;

            // logits now holds exp(z − max): turn it into the adjoint of z, (softmax − one-hot) / batch.
            hiddenAdjoint.Clear();
            for (int c = 0; c < Classes; c++)
            {
                double adjoint = (logits[c] / sum - (c == label ? 1 : 0)) * scale;
                gradient[Bias2Offset + c] += adjoint;
                int row = Weights2Offset + c * Hidden;
                for (int j = 0; j < Hidden; j++)
                {
                    gradient[row + j] += adjoint * hidden[j];
                    hiddenAdjoint[j] += adjoint * parameters[row + j];
                }
            }

            for (int j = 0; j < Hidden; j++)
            {
                if (hidden[j] <= 0)
                {
                    continue;
                }

                double adjoint = hiddenAdjoint[j];
                gradient[Hidden1Offset + j] += adjoint;
                Span<double> row = gradient.Slice(j * Inputs, Inputs);
                for (int k = 0; k < Inputs; k++)
                {
                    row[k] += adjoint * image[k];
                }
            }
        }

        return total * scale;
    }

    /// <summary>He-initialised parameters (fixed seed).</summary>
    public static double[] InitialParameters()
    {
        var random = new Random(2);
        var parameters = new double[ParameterCount];
        double scale1 = Math.Sqrt(2.0 / Inputs), scale2 = Math.Sqrt(2.0 / Hidden);
        for (int i = 0; i < Hidden1Offset; i++)
        {
            parameters[i] = scale1 * (2 * random.NextDouble() - 1) * Math.Sqrt(3);
        }

        for (int i = Weights2Offset; i < Bias2Offset; i++)
        {
            parameters[i] = scale2 * (2 * random.NextDouble() - 1) * Math.Sqrt(3);
        }

        return parameters;
    }
}
