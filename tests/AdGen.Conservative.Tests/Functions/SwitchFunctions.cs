using System;
using AdGen;

namespace AdGen.Conservative.Tests.Functions;

/// <summary>switch on differentiable values: the arm the program takes is differentiated.</summary>
public static partial class SwitchFunctions
{
    [Differentiable]
    public static double SwitchExpression(double x) => x switch
    {
        < 0.0 => -x,
        < 1.0 => x * x,
        _ => 2.0 * x - 1.0,
    };

    [Differentiable]
    public static double SwitchStatement(double x, int mode)
    {
        switch (mode)
        {
            case 0:
                return Math.Sqrt(x);
            case 1:
                return x * x;
            default:
                return -x;
        }
    }
}
