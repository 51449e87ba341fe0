using System;
using System.Numerics.Tensors;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Problem 2 again, with each neuron's weighted sum written as <c>TensorPrimitives.Dot</c> over a row of the
/// parameters, as a .NET user who wants vectorised code writes it. Same parameters, data and loss as
/// <see cref="Mlp"/>; AdGen differentiates the dot products (forward: TensorPrimitives; reverse: SpanMath.AddScaled).
/// </summary>
public static partial class MlpVectorised
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> parameters, [NoDerivative] ReadOnlySpan<double> images, [NoDerivative] ReadOnlySpan<double> labels)
    {
        int batch = labels.Length;

        // Unit by unit over the whole batch, as a matrix product is blocked: a row of W1 (6 KB) stays in the L1 cache
        // for the batch's 32 images instead of the whole of W1 (800 KB) being read once per image.
        Span<double> hidden = stackalloc double[batch * Mlp.Hidden];
        for (int j = 0; j < Mlp.Hidden; j++)
        {
            for (int b = 0; b < batch; b++)
            {
                double activation = parameters[Mlp.Hidden1Offset + j] + TensorPrimitives.Dot(parameters.Slice(j * Mlp.Inputs, Mlp.Inputs), images.Slice(b * Mlp.Inputs, Mlp.Inputs));
                hidden[b * Mlp.Hidden + j] = Math.Max(activation, 0);
            }
        }

        Span<double> logits = stackalloc double[Mlp.Classes];
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < Mlp.Classes; c++)
            {
                logits[c] = parameters[Mlp.Bias2Offset + c] + TensorPrimitives.Dot<double>(parameters.Slice(Mlp.Weights2Offset + c * Mlp.Hidden, Mlp.Hidden), hidden.Slice(b * Mlp.Hidden, Mlp.Hidden));
            }

            double max = logits[0];
            for (int c = 1; c < Mlp.Classes; c++)
            {
                max = Math.Max(max, logits[c]);
            }

            double sum = 0;
            for (int c = 0; c < Mlp.Classes; c++)
            {
                sum += Math.Exp(logits[c] - max);
            }

            total += max + Math.Log(sum) - logits[(int)labels[b]];
        }

        return total / batch;
    }

    /// <summary>
    /// Backpropagation by hand with the same TensorPrimitives calls (Dot forward, MultiplyAdd backward), skipping
    /// inactive units like <see cref="Mlp.HandGradient"/>.
    /// </summary>
    public static double HandGradient(ReadOnlySpan<double> parameters, ReadOnlySpan<double> images, ReadOnlySpan<double> labels, Span<double> gradient)
    {
        gradient.Clear();
        int batch = labels.Length;
        Span<double> hidden = stackalloc double[batch * Mlp.Hidden];
        Span<double> hiddenAdjoint = stackalloc double[batch * Mlp.Hidden];
        Span<double> logits = stackalloc double[Mlp.Classes];
        for (int j = 0; j < Mlp.Hidden; j++)
        {
            for (int b = 0; b < batch; b++)
            {
                double activation = parameters[Mlp.Hidden1Offset + j] + TensorPrimitives.Dot(parameters.Slice(j * Mlp.Inputs, Mlp.Inputs), images.Slice(b * Mlp.Inputs, Mlp.Inputs));
                hidden[b * Mlp.Hidden + j] = activation > 0 ? activation : 0;
            }
        }

        double total = 0;
        double scale = 1.0 / batch;
        hiddenAdjoint.Clear();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<double> units = hidden.Slice(b * Mlp.Hidden, Mlp.Hidden);
            double max = double.NegativeInfinity;
            for (int c = 0; c < Mlp.Classes; c++)
            {
                double activation = parameters[Mlp.Bias2Offset + c] + TensorPrimitives.Dot(parameters.Slice(Mlp.Weights2Offset + c * Mlp.Hidden, Mlp.Hidden), units);
                logits[c] = activation;
                max = Math.Max(max, activation);
            }

            int label = (int)labels[b];
            double labelLogit = logits[label];
            double sum = 0;
            for (int c = 0; c < Mlp.Classes; c++)
            {
                logits[c] = Math.Exp(logits[c] - max);
                sum += logits[c];
            }

            total += max + Math.Log(sum) - labelLogit;

            // logits now holds exp(z − max): turn it into the adjoint of z, (softmax − one-hot) / batch.
            Span<double> unitAdjoints = hiddenAdjoint.Slice(b * Mlp.Hidden, Mlp.Hidden);
            for (int c = 0; c < Mlp.Classes; c++)
            {
                double adjoint = (logits[c] / sum - (c == label ? 1 : 0)) * scale;
                gradient[Mlp.Bias2Offset + c] += adjoint;
                Span<double> row = gradient.Slice(Mlp.Weights2Offset + c * Mlp.Hidden, Mlp.Hidden);
                TensorPrimitives.MultiplyAdd(units, adjoint, row, row);
                TensorPrimitives.MultiplyAdd(parameters.Slice(Mlp.Weights2Offset + c * Mlp.Hidden, Mlp.Hidden), adjoint, unitAdjoints, unitAdjoints);
            }
        }

        // Back through the first layer unit by unit, skipping inactive units.
        for (int j = 0; j < Mlp.Hidden; j++)
        {
            Span<double> row = gradient.Slice(j * Mlp.Inputs, Mlp.Inputs);
            for (int b = 0; b < batch; b++)
            {
                if (hidden[b * Mlp.Hidden + j] <= 0)
                {
                    continue;
                }

                double adjoint = hiddenAdjoint[b * Mlp.Hidden + j];
                gradient[Mlp.Hidden1Offset + j] += adjoint;
                TensorPrimitives.MultiplyAdd(images.Slice(b * Mlp.Inputs, Mlp.Inputs), adjoint, row, row);
            }
        }

        return total * scale;
    }
}
