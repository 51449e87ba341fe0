using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Straight-line scalar code: arithmetic, every elementary function, locals and their reassignment.</summary>
public static partial class Scalars
{
    private static readonly double Damping = 0.3;

    [Differentiable]
    public static double Arithmetic(double a, double b) => a * b + a / b - b + 2.0 * a - 1.5;

    /// <summary>A quotient of two active values, held in a local and read again: both partials share one reciprocal.</summary>
    [Differentiable]
    public static double Ratio(double a, double b)
    {
        double ratio = a / b;
        return ratio + Math.Exp(-(ratio * ratio) / 2.0);
    }

    [Differentiable]
    public static double UnaryMinus(double x, double y)
    {
        double z = -x;
        z = -(z * y);
        return -z + x / -y - -x;
    }

    [Differentiable]
    public static double CompoundAssignments(double x, double y)
    {
        double s = x;
        s += y * y;
        s -= 0.5 * x;
        s *= y;
        s /= 1.0 + x * x;
        s += s * s;
        s -= x;
        return s;
    }

    [Differentiable]
    public static double Trigonometric(double x, double y) => Math.Sin(x) * Math.Cos(y) + Math.Tan(0.5 * x * y);

    [Differentiable]
    public static double InverseTrigonometric(double x, double y) =>
        Math.Asin(x) + Math.Acos(y) * Math.Atan(x * y) + Math.Atan2(y, x + 2.0) + Math.Atan2(x, y + 2.0);

    [Differentiable]
    public static double Hyperbolic(double x) => Math.Sinh(x) * Math.Cosh(0.5 * x) - Math.Tanh(x) + Math.Tanh(x * x);

    [Differentiable]
    public static double Logarithms(double x, double y) =>
        Math.Log(x) + Math.Log(y, x + 2.0) + Math.Log(x * y, 3.0) + Math.Log10(x + y) - Math.Log2(y);

    [Differentiable]
    public static double ExpAndRoots(double x) => Math.Exp(-x) * Math.Sqrt(x) + Math.Cbrt(x - 3.0) + Math.Sqrt(Math.Exp(x));

    /// <summary>Pow with a variable exponent, a constant exponent and a constant base.</summary>
    [Differentiable]
    public static double Powers(double x, double y) => Math.Pow(x, y) + Math.Pow(x, 3.0) - Math.Pow(2.5, y) + Math.Pow(x + 1.0, 0.5);

    [Differentiable]
    public static double FusedMultiplyAdds(double a, double b, double c) =>
        Math.FusedMultiplyAdd(a, b, c) * Math.FusedMultiplyAdd(c, a, 1.0) + Math.FusedMultiplyAdd(2.0, b, a * c);

    [Differentiable]
    public static double ConstantsAndStaticFields(double x)
    {
        const double Half = 0.5;
        const double Quarter = Half * Half;
        double damped = Damping * x;
        return Math.PI * x * x * Quarter + Math.E * Math.Exp(-damped) - Half;
    }

    /// <summary>The generic-math static forms on double, Pi and E included.</summary>
    [Differentiable]
    public static double DoubleStaticForms(double x, double y)
    {
        double trig = double.Sin(x) * double.Cos(y) + double.Tan(0.3 * x) + double.Atan2(y, 2.0 + x) + double.Asin(0.5 * x) + double.Acos(0.5 * y) + double.Atan(x);
        double hyperbolic = double.Sinh(0.5 * y) + double.Cosh(0.5 * x) + double.Tanh(x - y);
        double logs = double.Log(x + 3.0) + double.Log(y + 3.0, x + 4.0) + double.Log10(x + 2.0) + double.Log2(y + 2.0);
        double rest = double.Exp(0.5 * x) * double.Sqrt(y + 2.0) + double.Cbrt(x + y + 5.0) + double.Pow(y + 2.0, x) + double.FusedMultiplyAdd(x, y, x);
        return trig + hyperbolic + logs + rest + double.Pi * x - double.E * y;
    }

    [Differentiable]
    public static double Softplus(double x) => Math.Log(1.0 + Math.Exp(x));

    /// <summary>A non-differentiable scale: it enters the result but gets no derivative argument.</summary>
    [Differentiable]
    public static double NoDerivativeScale(double x, [NoDerivative] double scale, double y) => scale * Math.Sin(scale * x) + y * scale * scale;

    /// <summary>An int trip count and a bool flag are passed through untouched.</summary>
    [Differentiable]
    public static double IntegerPower(double x, int power, bool negate)
    {
        double result = 1.0;
        for (int i = 0; i < power; i++)
        {
            result *= x;
        }

        return negate ? -result : result;
    }

    /// <summary>Horner's rule over a static readonly coefficient table, counting down with --.</summary>
    [Differentiable]
    public static double Horner(double x)
    {
        double result = 0.0;
        for (int i = HornerCoefficients.Length - 1; i >= 0; i--)
        {
            result = result * x + HornerCoefficients[i];
        }

        return result;
    }

    /// <summary>1 − 2x + 0.5x² + 3x³ − 0.25x⁴: Horner's coefficients, constant term first.</summary>
    public static readonly double[] HornerCoefficients = { 1.0, -2.0, 0.5, 3.0, -0.25 };

    /// <summary>Literal forms: a float literal widened to double, int division, digit separators, a class-level const.</summary>
    [Differentiable]
    public static double Literals(double x) => x * 0.1f + 1e-3 * x + x * (1 / 3) + x * (7 / 2) + 1_000.5 * x * Rate + (float)0.1 * x;

    /// <summary>Compound assignments on an int local feeding a differentiable product.</summary>
    [Differentiable]
    public static double IntegerCompoundAssignments(double x)
    {
        int k = 0;
        k += 2;
        k *= 3;
        k -= 1;
        k /= 2;
        return x * k;
    }

    /// <summary>Pow with an int exponent and Log with an int base (implicit conversions).</summary>
    [Differentiable]
    public static double IntegerExponentAndBase(double x, int n) => Math.Pow(x, n) + Math.Log(x, 2);

    private const double Rate = 0.3;

    /// <summary>A result that does not depend on the input: the gradient is zero.</summary>
    [Differentiable]
    public static double ConstantResult(double x) => 3.0;

    /// <summary>An input that only enters multiplied by zero.</summary>
    [Differentiable]
    public static double IgnoresInput(double x, double y) => y * 0.0 + 1.5;
}
