using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>User names that collide with the generator's own: derivative names (dx), result, seed, tape, branch, counters.</summary>
public static partial class Naming
{
    [Differentiable]
    public static double NamesTheGeneratorAlsoUses(double x, double dx, double seed)
    {
        double result = x * dx;
        double tape = Math.Sin(seed);
        double branch = result + tape;
        double dresult = branch * x;
        int iCount = 3;
        for (int i = 0; i < iCount; i++)
        {
            dresult = dresult * 0.5 + x;
        }

        return dresult + seed * dx;
    }
}
