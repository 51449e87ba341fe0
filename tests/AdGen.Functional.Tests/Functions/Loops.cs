using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Every loop form with trip counts known only at run time, nested loops, break, continue, early return.</summary>
public static partial class Loops
{
    [Differentiable]
    public static double WhileProduct(ReadOnlySpan<double> x)
    {
        double product = 1.0;
        int i = 0;
        while (i < x.Length)
        {
            product *= 1.0 + 0.5 * Math.Sin(x[i]);
            i++;
        }

        return product;
    }

    /// <summary>A recurrence that overwrites its state on every pass of a do loop.</summary>
    [Differentiable]
    public static double DoWhileRecurrence(ReadOnlySpan<double> x)
    {
        double state = 0.5;
        int i = 0;
        do
        {
            state = Math.Tanh(state * x[i] + 0.3);
            i += 1;
        }
        while (i < x.Length);

        return state;
    }

    [Differentiable]
    public static double ForeachGaussianSum(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        foreach (double value in x)
        {
            sum += Math.Exp(-value * value) * value;
        }

        return sum;
    }

    /// <summary>Σᵢ Σⱼ₍ⱼ₎ exp(−(xᵢ − xⱼ)²): the inner trip count depends on the outer index.</summary>
    [Differentiable]
    public static double NestedPairwise(ReadOnlySpan<double> x)
    {
        double total = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                double difference = x[i] - x[j];
                total += Math.Exp(-difference * difference);
            }
        }

        return total;
    }

    /// <summary>Breaks once the running sum passes a threshold (a condition on differentiable values).</summary>
    [Differentiable]
    public static double BreakOnThreshold(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        double weighted = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i];
            weighted += sum * x[i];
            if (sum > 2.5)
            {
                break;
            }
        }

        return weighted;
    }

    /// <summary>Skips some indices (an integer condition) and negative entries (a differentiable condition).</summary>
    [Differentiable]
    public static double ContinueSkips(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (i == 2 || i == 5)
            {
                continue;
            }

            if (x[i] < 0.0)
            {
                sum -= 0.5 * x[i] * x[i] * x[i];
                continue;
            }

            sum += x[i] * Math.Cos(x[i]);
        }

        return sum;
    }

    /// <summary>Returns from inside the loop once the sum of squares passes 3.1.</summary>
    [Differentiable]
    public static double EarlyReturnInLoop(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
            if (sum > 3.1)
            {
                return Math.Sqrt(sum) * (i + 1);
            }
        }

        return sum;
    }

    /// <summary>Counts down with -- in a while loop and up with ++ in a foreach.</summary>
    [Differentiable]
    public static double CountersAndVariance(ReadOnlySpan<double> x)
    {
        int count = 0;
        double sum = 0.0;
        foreach (double value in x)
        {
            sum += value;
            count++;
        }

        double mean = sum / count;
        double variance = 0.0;
        int remaining = x.Length;
        while (remaining > 0)
        {
            remaining--;
            double deviation = x[remaining] - mean;
            variance += deviation * deviation * (remaining + 1);
        }

        return variance / count;
    }

    /// <summary>Explicit Euler for y' = −rate·y: the state is overwritten each step (closed form (1 − rate·h)ⁿ·y₀).</summary>
    [Differentiable]
    public static double EulerDecay(double initial, double rate, int steps)
    {
        double y = initial;
        double h = 1.0 / steps;
        for (int step = 0; step < steps; step++)
        {
            y = y - h * rate * y;
        }

        return y;
    }

    /// <summary>Semi-implicit Euler for a damped pendulum: two state variables overwritten each step.</summary>
    [Differentiable]
    public static double EulerPendulum(double angle, double velocity, double gravity, int steps)
    {
        const double Damping = 0.1;
        double h = 2.0 / steps;
        for (int step = 0; step < steps; step++)
        {
            double acceleration = -gravity * Math.Sin(angle) - Damping * velocity;
            velocity = velocity + h * acceleration;
            angle = angle + h * velocity;
        }

        return angle * angle + 0.5 * velocity * velocity;
    }

    [Differentiable]
    public static double ForeachOverArray(double[] x)
    {
        double sum = 0.0;
        double previous = 1.0;
        foreach (double value in x)
        {
            sum += value * previous;
            previous = Math.Cos(value);
        }

        return sum;
    }

    /// <summary>Rows of a ragged matrix: nested loops, the inner one left by an integer break.</summary>
    [Differentiable]
    public static double RowSumsSquared(ReadOnlySpan<double> x, int width)
    {
        double total = 0.0;
        for (int row = 0; row * width < x.Length; row++)
        {
            double rowSum = 0.0;
            for (int column = 0; column < width; column++)
            {
                int k = row * width + column;
                if (k >= x.Length)
                {
                    break;
                }

                rowSum += x[k] * (column + 1);
            }

            total += rowSum * rowSum;
        }

        return total;
    }
}
