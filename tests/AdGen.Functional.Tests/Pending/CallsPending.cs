using System;

namespace AdGen.Functional.Tests.Functions;

// Parked: generated code does not compile yet (see /tmp/adgen-bugs.md).
public static partial class Calls
{
    /// <summary>Callees with int, bool and [NoDerivative] parameters.</summary>
    [Differentiable]
    public static double CallsWithPassthrough(double x, double y)
    {
        double cubic = Scalars.IntegerPower(x, 3, false);
        double scaled = Scalars.NoDerivativeScale(x, 1.5, y);
        return cubic + scaled * Branches.FlagSelected(y, x, true, 2);
    }
}
