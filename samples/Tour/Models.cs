using System;
using AdGen;

namespace Tour;

public static partial class Models
{
    [Differentiable]
    public static double Product(double a, double b) => a * b + Math.Sin(a);

    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t1 = x[i + 1] - x[i] * x[i];
            double t2 = 1 - x[i];
            sum += 100 * t1 * t1 + t2 * t2;
        }

        return sum;
    }

    [Differentiable]
    public static double Piecewise(double x)
    {
        if (x < 0)
        {
            return -x;
        }

        double y = x;
        for (int k = 0; k < 3; k++)
        {
            y = y * y + Math.Exp(-y);
        }

        return Math.Sqrt(y);
    }
}
