using System;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>
/// The partial derivatives of each math intrinsic with respect to each argument, shared by forward and reverse
/// mode so that both always apply the same rule. <paramref name="result"/> names a variable that holds the call's
/// value when the caller can reuse it (exp, sqrt, tanh reuse their value instead of computing it again).
/// </summary>
internal static class DerivativeRules
{
    public static Expr?[] Partials(IntrinsicCall call, Expr? result)
    {
        TypeRef t = call.Type;
        Expr y = result ?? call;
        Expr a = call.Arguments[0];
        Expr One() => Constant(1, t);
        switch (call.Name)
        {
            case "Sin":
                return new[] { Intrinsic("Cos", t, a) };
            case "Cos":
                return new[] { Negate(Intrinsic("Sin", t, a)) };
            case "Tan":
                return new[] { Add(One(), Multiply(y, y)) };
            case "Asin":
                return new[] { Divide(One(), Intrinsic("Sqrt", t, Subtract(One(), Multiply(a, a))!)) };
            case "Acos":
                return new[] { Negate(Divide(One(), Intrinsic("Sqrt", t, Subtract(One(), Multiply(a, a))!))) };
            case "Atan":
                return new[] { Divide(One(), Add(One(), Multiply(a, a))!) };
            case "Atan2":
            {
                // atan2(a, b): ∂a = b / (a² + b²), ∂b = -a / (a² + b²).
                Expr b = call.Arguments[1];
                Expr squaredNorm = Add(Multiply(a, a), Multiply(b, b))!;
                return new[] { Divide(b, squaredNorm), Negate(Divide(a, squaredNorm)) };
            }

            case "Sinh":
                return new[] { Intrinsic("Cosh", t, a) };
            case "Cosh":
                return new[] { Intrinsic("Sinh", t, a) };
            case "Tanh":
                return new[] { Subtract(One(), Multiply(y, y)) };
            case "Exp":
                return new[] { y };
            case "Log" when call.Arguments.Count == 2:
            {
                // log_b(a) = ln a / ln b: ∂a = 1 / (a ln b), ∂b = -log_b(a) / (b ln b).
                Expr logBase = Intrinsic("Log", t, call.Arguments[1]);
                return new[]
                {
                    Divide(One(), Multiply(a, logBase)!),
                    Negate(Divide(y, Multiply(call.Arguments[1], logBase)!)),
                };
            }

            case "Log":
                return new[] { Divide(One(), a) };
            case "Log10":
                return new[] { Divide(One(), Multiply(a, Constant(Math.Log(10), t))!) };
            case "Log2":
                return new[] { Divide(One(), Multiply(a, Constant(Math.Log(2), t))!) };
            case "Sqrt":
                // At 0 this is +∞, the true one-sided derivative (the documented rule).
                return new[] { Divide(Constant(0.5, t), y) };
            case "Cbrt":
                return new[] { Divide(One(), Multiply(Constant(3, t), Multiply(y, y))!) };
            case "Pow":
                return PowPartials(call, y, t);
            case "FusedMultiplyAdd":
                return new[] { call.Arguments[1], a, One() };
            default:
                throw new InvalidOperationException("No derivative rule for " + call.Name);
        }
    }

    private static Expr?[] PowPartials(IntrinsicCall call, Expr y, TypeRef t)
    {
        Expr a = call.Arguments[0];
        Expr b = call.Arguments[1];
        Expr? exponentMinusOne = b is Literal literal && double.TryParse(literal.Text.TrimEnd('f'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double exponent)
            ? Constant(exponent - 1, t)
            : Subtract(b, Constant(1, t));
        Expr? dBase = IsZero(exponentMinusOne)
            ? b
            : Multiply(b, Intrinsic("Pow", t, a, Or0(exponentMinusOne, t)));

        // ∂/∂b = y·ln a; at a == 0 the rule is 0 (y is 0 there and ln a is -∞: the product is taken as its limit).
        Expr dExponent = new Conditional(t, Equal(a, Constant(0, t)), Constant(0, t), Multiply(y, Intrinsic("Log", t, a))!);
        return new[] { dBase, dExponent };
    }
}
