using System;

namespace AdGen.Functional.Tests.Functions;

// Parked: generated code does not compile yet (see /tmp/adgen-bugs.md). Move back to Scalars.cs once fixed.
public static partial class Scalars
{
    [Differentiable]
    public static double ConstantResult(double x) => 3.0;

    [Differentiable]
    public static double IgnoresInput(double x, double y) => y * 0.0 + 1.5;
}
