using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Ordinary C# a user writes around the arithmetic: var, several declarators, Unicode names, accessibility, overloads, named and optional arguments, unused and excluded parameters.</summary>
public static partial class Signatures
{
    [Differentiable]
    public static double VarAndSeveralDeclarators(double x, double y)
    {
        var sum = 0.0;
        double a = x, b = y * 2.0;
        sum += a * b;
        var n = 3;
        sum *= n;
        return sum + a;
    }

    /// <summary>Parameter names that are C# keywords, escaped with @.</summary>
    [Differentiable]
    public static double KeywordNames(double value, double @base, double @in) => Math.Log(value, @base) * @in;

    [Differentiable]
    public static double GreekNames(double σ, double μ) => Math.Exp(μ + 0.5 * σ * σ);

    [Differentiable]
    private static double PrivateCube(double x) => x * x * x;

    /// <summary>An internal method calling a private one (the private one is checked through this caller).</summary>
    [Differentiable]
    internal static double InternalCallerOfPrivate(double x) => PrivateCube(x) + Math.Sin(x);

    [Differentiable]
    public static double Overload(double x) => x * x;

    [Differentiable]
    public static double Overload(double x, double y) => x * y + Overload(x);

    /// <summary>Named arguments out of order, one of them a [NoDerivative] parameter.</summary>
    [Differentiable]
    public static double NamedArguments(double x, double y) => Scalars.NoDerivativeScale(scale: 2.0, y: x, x: y);

    [Differentiable]
    public static double OptionalParameter(double x, int n = 3)
    {
        double product = 1.0;
        for (int i = 0; i < n; i++)
        {
            product *= x;
        }

        return product;
    }

    /// <summary>Calls a method once relying on its default argument and once overriding it.</summary>
    [Differentiable]
    public static double CallerOfOptional(double x) => OptionalParameter(x) + OptionalParameter(x, 2);

    /// <summary>A span and a scalar that do not influence the result: their derivatives must be zero.</summary>
    [Differentiable]
    public static double UnusedParameters(ReadOnlySpan<double> x, ReadOnlySpan<double> unused, double y) => x[0] * 2.0 + x[x.Length - 1];

    /// <summary>Least squares of a line through fixed data, which is excluded from differentiation.</summary>
    [Differentiable]
    public static double LeastSquares(ReadOnlySpan<double> line, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double[] ys)
    {
        double sum = 0.0;
        for (int i = 0; i < xs.Length; i++)
        {
            double residual = line[0] + line[1] * xs[i] - ys[i];
            sum += residual * residual;
        }

        return sum;
    }

    [Differentiable]
    public static double OtherPassthroughTypes(double x, long n, byte b, char c) => x * n + b * x * x + (c == 'a' ? x : 0.0);

    public static partial class Inner
    {
        [Differentiable]
        public static double NestedType(double x) => Math.Sin(x) * Overload(x);
    }
}

public readonly partial struct ValueTypeHost
{
    [Differentiable]
    public static double InStruct(double x, double y) => x * Math.Exp(y);
}

public partial class InstanceTypeHost
{
    [Differentiable]
    public static double InNonStaticClass(double x) => Math.Sqrt(x) * 3.0;
}
