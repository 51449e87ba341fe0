using System;

namespace AdGen.Generator.Tests;

/// <summary>Central differences: the oracle the derivative tests compare generated gradients with.</summary>
internal static class Differences
{
    /// <summary>(f(x + h·e_i) − f(x − h·e_i)) / 2h: the partial derivative of f in its i-th input, at x.</summary>
    public static double Central(Func<double[], double> f, double[] at, int i, double h = 1e-6)
    {
        double[] plus = (double[])at.Clone(), minus = (double[])at.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }
}
