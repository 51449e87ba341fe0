using System;

namespace AdGen.Functional.Tests.Functions;

// Parked: generated code does not compile yet (see /tmp/adgen-bugs.md).
public static partial class Loops
{
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
