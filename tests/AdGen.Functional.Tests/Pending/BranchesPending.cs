using System;

namespace AdGen.Functional.Tests.Functions;

// Parked: generated code does not compile yet (see /tmp/adgen-bugs.md).
public static partial class Branches
{
    /// <summary>Three smooth pieces; the derivative follows the piece the program takes.</summary>
    [Differentiable]
    public static double Piecewise(double x)
    {
        double y;
        if (x < -1.0)
        {
            y = Math.Exp(x + 1.0);
        }
        else if (x < 1.0)
        {
            y = 1.0 + x + 0.25 * x * x * x;
        }
        else
        {
            y = 2.25 * Math.Sqrt(x);
            y += Math.Log(x);
        }

        return y * x;
    }

    /// <summary>A bool flag and a ?: on an integer choose the formula; only x and y are differentiated.</summary>
    [Differentiable]
    public static double FlagSelected(double x, double y, bool useSine, int order)
    {
        double basis = useSine ? Math.Sin(x) : Math.Cos(x);
        double scale = order > 1 ? y * y : y;
        return basis * scale + (order == 3 ? x * y : 0.0);
    }
}
