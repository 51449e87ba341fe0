using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Span and array inputs, local arrays and realistic vector models.</summary>
public static partial class Arrays
{
    private static readonly double[] Weights = { 0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 1.0, -2.0 };

    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double valley = x[i + 1] - x[i] * x[i];
            double slope = 1.0 - x[i];
            sum += 100.0 * valley * valley + slope * slope;
        }

        return sum;
    }

    [Differentiable]
    public static double Norm(ReadOnlySpan<double> x)
    {
        double sumOfSquares = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sumOfSquares += x[i] * x[i];
        }

        return Math.Sqrt(sumOfSquares);
    }

    /// <summary>log Σ exp(xᵢ), shifted by the maximum (found with a branch) for stability.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double maximum = x[0];
        foreach (double value in x)
        {
            if (value > maximum)
            {
                maximum = value;
            }
        }

        double sum = 0.0;
        foreach (double value in x)
        {
            sum += Math.Exp(value - maximum);
        }

        return maximum + Math.Log(sum);
    }

    [Differentiable]
    public static double DotOfArrays(double[] a, double[] b)
    {
        double sum = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * Math.Sin(b[i]);
        }

        return sum;
    }

    /// <summary>A weighted sum with weights from a static readonly table (a constant).</summary>
    [Differentiable]
    public static double WeightedByStaticTable(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Weights[i] * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>A local array written and read, with every compound assignment on its elements.</summary>
    [Differentiable]
    public static double LocalArrayCompoundAssignments(ReadOnlySpan<double> x)
    {
        double[] work = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            work[i] = x[i];
        }

        for (int i = 1; i < x.Length; i++)
        {
            work[i] += 0.5 * work[i - 1];
        }

        for (int i = 0; i < x.Length; i++)
        {
            work[i] *= x[i];
            work[i] -= 0.1 * x[i];
            work[i] /= 1.0 + x[i] * x[i];
        }

        double result = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            result += work[i] * work[i];
        }

        return result;
    }

    /// <summary>A stackalloc buffer: forward then backward exponential smoothing.</summary>
    [Differentiable]
    public static double StackallocSmoothing(ReadOnlySpan<double> x)
    {
        Span<double> smooth = stackalloc double[x.Length];
        smooth[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            smooth[i] = 0.7 * smooth[i - 1] + 0.3 * x[i];
        }

        for (int i = x.Length - 2; i >= 0; i--)
        {
            smooth[i] = 0.5 * (smooth[i] + smooth[i + 1]);
        }

        double energy = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            energy += smooth[i] * smooth[i] * x[i];
        }

        return energy;
    }

    /// <summary>
    /// One hidden tanh layer and a linear output: parameters are the hidden weights (row-major, hidden × inputs),
    /// the hidden biases, the output weights and the output bias.
    /// </summary>
    [Differentiable]
    public static double MlpLayer(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int hidden)
    {
        int inputs = input.Length;
        int biasOffset = hidden * inputs;
        int outputOffset = biasOffset + hidden;
        double output = parameters[outputOffset + hidden];
        for (int j = 0; j < hidden; j++)
        {
            double activation = parameters[biasOffset + j];
            for (int i = 0; i < inputs; i++)
            {
                activation += parameters[j * inputs + i] * input[i];
            }

            output += parameters[outputOffset + j] * Math.Tanh(activation);
        }

        return output;
    }

    /// <summary>A scalar, a span, an array, an excluded scalar and an int, all in one signature.</summary>
    [Differentiable]
    public static double MixedParameters(double scale, ReadOnlySpan<double> x, double[] y, [NoDerivative] double offset, int power)
    {
        double sum = offset;
        for (int i = 0; i < x.Length; i++)
        {
            double term = scale * x[i] + y[i];
            double raised = 1.0;
            for (int p = 0; p < power; p++)
            {
                raised *= term;
            }

            sum += raised;
        }

        return sum * scale;
    }

    /// <summary>Elements of a local array overwritten on every pass of an outer loop.</summary>
    [Differentiable]
    public static double ElementsOverwrittenInNestedLoops(ReadOnlySpan<double> x)
    {
        double[] w = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            w[i] = 1.0;
        }

        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                w[i] = Math.Sin(w[i] * x[i]) + 0.5 * w[i];
            }
        }

        double sum = 0.0;
        foreach (double value in w)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>A local array whose length is an int parameter: Σ xⁱ/(i + 1).</summary>
    [Differentiable]
    public static double LocalArrayOfParameterLength(double x, int n)
    {
        double[] powers = new double[n];
        powers[0] = 1.0;
        for (int i = 1; i < n; i++)
        {
            powers[i] = powers[i - 1] * x;
        }

        double sum = 0.0;
        for (int i = 0; i < n; i++)
        {
            sum += powers[i] / (i + 1);
        }

        return sum;
    }

    /// <summary>Scatter into a local array through an int[] of bins, gather back through a ReadOnlySpan&lt;int&gt; order.</summary>
    [Differentiable]
    public static double GatherScatter(ReadOnlySpan<double> x, int[] bins, ReadOnlySpan<int> order)
    {
        double[] accumulated = new double[3];
        for (int i = 0; i < x.Length; i++)
        {
            accumulated[bins[i]] += x[i] * x[i];
            accumulated[bins[i]] *= 0.9;
        }

        double state = 0.0;
        for (int k = 0; k < order.Length; k++)
        {
            state = state * accumulated[order[k]] + accumulated[order[k]];
        }

        return state;
    }
}
