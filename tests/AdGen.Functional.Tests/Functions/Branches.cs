using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>if/else, ?: and early returns on differentiable and non-differentiable conditions.</summary>
public static partial class Branches
{
    [Differentiable]
    public static double Conditional(double x, double y) => x > y ? x * x * y : Math.Sin(x) + y;

    /// <summary>Returns from inside branches; the last return is reached only when both conditions fail.</summary>
    [Differentiable]
    public static double EarlyReturns(double x)
    {
        if (x < 0.0)
        {
            return Math.Exp(x);
        }

        double square = x * x;
        if (square > 4.0)
        {
            return square * Math.Cos(x);
        }

        square += x;
        return square;
    }

    /// <summary>Nested if/else that reassign a local in every branch.</summary>
    [Differentiable]
    public static double NestedBranches(double x, double y)
    {
        double result = x * y;
        if (x > 0.0)
        {
            if (y > 0.0)
            {
                result *= Math.Exp(-y);
            }
            else
            {
                result = result + y * y;
            }
        }
        else
        {
            result -= Math.Sin(y) * x;
            if (y < -1.0)
            {
                result /= x - 2.0;
            }
        }

        return result;
    }

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
