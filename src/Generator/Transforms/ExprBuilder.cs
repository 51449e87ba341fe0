using System.Collections.Generic;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using AdGen.Generator.Parsing;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Smart constructors for derivative expressions: they drop multiplications by zero and one and additions of zero,
/// so that generated code holds only the terms that matter. A <c>null</c> expression means an exact zero.
/// </summary>
internal static class ExprBuilder
{
    public static Literal Constant(double value, TypeRef type) => LiteralFormatter.Of(value, type);

    /// <summary>The zero of a type, spelled for it: <c>0.0</c>, <c>0f</c>, <c>0</c>, <c>0L</c>, <c>false</c>.</summary>
    public static Literal DefaultOf(TypeRef type) => type.Scalar switch
    {
        ScalarType.Int32 => new Literal(type, "0"),
        ScalarType.Int64 => new Literal(type, "0L"),
        ScalarType.Boolean => new Literal(type, "false"),
        _ => LiteralFormatter.Of(0, type),
    };

    public static bool IsZero(Expr? e) => e is null || (e is Literal literal && IsNumber(literal, 0));

    public static bool IsOne(Expr? e) => e is Literal literal && IsNumber(literal, 1);

    /// <summary>Equal terms: products with the same factors in any order (dx * x and x * dx are one term).</summary>
    private static bool SameTerm(Expr a, Expr b)
    {
        if (Equals(a, b))
        {
            return true;
        }

        List<Expr> left = Factors(a);
        List<Expr> right = Factors(b);
        if (left.Count != right.Count || left.Count < 2)
        {
            return false;
        }

        foreach (Expr factor in left)
        {
            int match = right.FindIndex(other => Equals(other, factor));
            if (match < 0)
            {
                return false;
            }

            right.RemoveAt(match);
        }

        return true;
    }

    /// <summary>A term's constant factors multiplied out, and the product of its other factors: 100 * dt * t is (100, dt * t).</summary>
    private static (double Coefficient, Expr Term) SplitCoefficient(Expr e)
    {
        if (e is Unary { Operator: UnaryOperator.Negate } negated)
        {
            (double coefficientOfOperand, Expr termOfOperand) = SplitCoefficient(negated.Operand);
            return (-coefficientOfOperand, termOfOperand);
        }

        List<Expr> factors = Factors(e);
        double coefficient = 1;
        Expr? term = null;
        foreach (Expr factor in factors)
        {
            if (TryValue(factor, out double value))
            {
                coefficient *= value;
            }
            else
            {
                term = term is null ? factor : new Binary(e.Type, BinaryOperator.Multiply, term, factor);
            }
        }

        return term is null || factors.Count == 1 ? (1, e) : (coefficient, term);
    }

    private static List<Expr> Factors(Expr e)
    {
        var factors = new List<Expr>();
        void Collect(Expr node)
        {
            if (node is Binary { Operator: BinaryOperator.Multiply } product && Equals(product.Type, e.Type))
            {
                Collect(product.Left);
                Collect(product.Right);
            }
            else
            {
                factors.Add(node);
            }
        }

        Collect(e);
        return factors;
    }

    private static bool TryValue(Expr e, out double value)
    {
        value = 0;
        return e is Literal literal
            && (literal.Type.Scalar is ScalarType.Double or ScalarType.Single)
            && double.TryParse(literal.Text.TrimEnd('f'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static bool IsNumber(Literal literal, double value)
    {
        string text = literal.Text.TrimEnd('f', 'L');
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed) && parsed == value;
    }

    public static Expr? Add(Expr? a, Expr? b)
    {
        if (IsZero(a))
        {
            return IsZero(b) ? null : b;
        }

        if (IsZero(b))
        {
            return a;
        }

        if (TryValue(a!, out double left) && TryValue(b!, out double right))
        {
            return Constant(left + right, a!.Type);
        }

        // Like terms: c1·X + c2·X = (c1 + c2)·X, so x*x differentiates to 2 * x, not x + x.
        (double ca, Expr xa) = SplitCoefficient(a!);
        (double cb, Expr xb) = SplitCoefficient(b!);
        if (SameTerm(xa, xb) && xa is not Literal)
        {
            double coefficient = ca + cb;
            return coefficient < 0 ? Negate(Multiply(Constant(-coefficient, a!.Type), xa)) : Multiply(Constant(coefficient, a!.Type), xa);
        }

        if (b is Unary { Operator: UnaryOperator.Negate } negated)
        {
            return new Binary(a!.Type, BinaryOperator.Subtract, a, negated.Operand);
        }

        return new Binary(a!.Type, BinaryOperator.Add, a, b!);
    }

    public static Expr? Subtract(Expr? a, Expr? b)
    {
        if (IsZero(b))
        {
            return IsZero(a) ? null : a;
        }

        if (b is Unary { Operator: UnaryOperator.Negate } negated)
        {
            return Add(a, negated.Operand);
        }

        if (IsZero(a))
        {
            return Negate(b);
        }

        if (TryValue(a!, out double left) && TryValue(b!, out double right))
        {
            return Constant(left - right, a!.Type);
        }

        return new Binary(a!.Type, BinaryOperator.Subtract, a, b!);
    }

    public static Expr? Multiply(Expr? a, Expr? b)
    {
        if (IsZero(a) || IsZero(b))
        {
            return null;
        }

        // Constants go first and fold together: (x * 100) * 2 becomes 200 * x.
        if (b is Literal && a is not Literal)
        {
            (a, b) = (b, a);
        }

        if (a is Literal && TryValue(a, out double left))
        {
            if (b is Literal && TryValue(b, out double right))
            {
                return Constant(left * right, a.Type);
            }

            if (b is Binary { Operator: BinaryOperator.Multiply, Left: Literal inner } product && TryValue(inner, out double innerValue))
            {
                return Multiply(Constant(left * innerValue, a.Type), product.Right);
            }
        }

        if (IsOne(a))
        {
            return b;
        }

        if (IsOne(b))
        {
            return a;
        }

        if (a is Unary { Operator: UnaryOperator.Negate } na)
        {
            return Negate(Multiply(na.Operand, b));
        }

        if (b is Unary { Operator: UnaryOperator.Negate } nb)
        {
            return Negate(Multiply(a, nb.Operand));
        }

        return new Binary(a!.Type, BinaryOperator.Multiply, a, b!);
    }

    public static Expr? Divide(Expr? a, Expr b)
    {
        if (IsZero(a))
        {
            return null;
        }

        if (IsOne(b))
        {
            return a;
        }

        if (a is Unary { Operator: UnaryOperator.Negate } na)
        {
            return Negate(Divide(na.Operand, b));
        }

        return new Binary(a!.Type, BinaryOperator.Divide, a, b);
    }

    /// <summary>1/b, written so that every use is the same expression, which the JIT then computes once.</summary>
    public static Expr Reciprocal(Expr b) => new Binary(b.Type, BinaryOperator.Divide, Constant(1, b.Type), b);

    public static Expr? Negate(Expr? a) => a switch
    {
        null => null,
        _ when IsZero(a) => null,
        Unary { Operator: UnaryOperator.Negate } negated => negated.Operand,
        _ => new Unary(a.Type, UnaryOperator.Negate, a),
    };

    public static Expr? Convert(Expr? a, TypeRef type) => a is null || Equals(a.Type, type) ? a : new Cast(type, a);

    public static Expr Or0(Expr? a, TypeRef type) => a ?? Constant(0, type);

    public static Expr Intrinsic(string name, TypeRef type, params Expr[] arguments) =>
        new IntrinsicCall(type, name, EquatableArray.Of(arguments), SourceSpot.None);

    public static Expr Less(Expr a, Expr b) => new Binary(TypeRef.Boolean, BinaryOperator.Less, a, b);

    public static Expr Equal(Expr a, Expr b) => new Binary(TypeRef.Boolean, BinaryOperator.Equal, a, b);

    public static Expr NotEqual(Expr a, Expr b) => new Binary(TypeRef.Boolean, BinaryOperator.NotEqual, a, b);

    public static Expr Not(Expr a) => a is Unary { Operator: UnaryOperator.LogicalNot } inner ? inner.Operand : new Unary(TypeRef.Boolean, UnaryOperator.LogicalNot, a);

    /// <summary>The value of an integer literal, if the expression is one.</summary>
    public static int? IntValue(Expr e) =>
        e is Literal { Text: var text } && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary><c>a + b</c> on ints, constants folded: <c>(n - 1) + 1</c> is <c>n</c>.</summary>
    public static Expr IntAdd(Expr a, Expr b)
    {
        (Expr? restA, long constantA) = SplitIntConstant(a);
        (Expr? restB, long constantB) = SplitIntConstant(b);
        Expr? rest = restA is null ? restB : restB is null ? restA : new Binary(TypeRef.Int32, BinaryOperator.Add, restA, restB);
        return WithIntConstant(rest, constantA + constantB) ?? new Binary(TypeRef.Int32, BinaryOperator.Add, a, b);
    }

    /// <summary><c>a - b</c> on ints, constants folded.</summary>
    public static Expr IntSubtract(Expr a, Expr b)
    {
        (Expr? restA, long constantA) = SplitIntConstant(a);
        (Expr? restB, long constantB) = SplitIntConstant(b);
        if (restB is not null)
        {
            // Only constants move: a - (x + c) keeps its shape.
            return constantB == 0 && restA is not null
                ? WithIntConstant(new Binary(TypeRef.Int32, BinaryOperator.Subtract, restA, restB), constantA) ?? new Binary(TypeRef.Int32, BinaryOperator.Subtract, a, b)
                : new Binary(TypeRef.Int32, BinaryOperator.Subtract, a, b);
        }

        return WithIntConstant(restA, constantA - constantB) ?? new Binary(TypeRef.Int32, BinaryOperator.Subtract, a, b);
    }

    /// <summary>An int expression as a rest plus a constant: <c>n - 1</c> is (n, −1), <c>3</c> is (null, 3).</summary>
    private static (Expr? Variable, long Constant) SplitIntConstant(Expr e) => e switch
    {
        _ when IntValue(e) is int value => (null, value),
        Binary { Operator: BinaryOperator.Add, Right: var right } sum when IntValue(right) is int value => (sum.Left, value),
        Binary { Operator: BinaryOperator.Subtract, Right: var right } difference when IntValue(right) is int value => (difference.Left, -(long)value),
        _ => (e, 0),
    };

    /// <summary>rest + constant, spelled rest + c or rest - c; null when the constant does not fit an int.</summary>
    private static Expr? WithIntConstant(Expr? rest, long constant)
    {
        if (constant != (int)constant || constant == int.MinValue)
        {
            return null;
        }

        if (rest is null)
        {
            return Int((int)constant);
        }

        return constant switch
        {
            0 => rest,
            > 0 => new Binary(TypeRef.Int32, BinaryOperator.Add, rest, Int((int)constant)),
            _ => new Binary(TypeRef.Int32, BinaryOperator.Subtract, rest, Int((int)-constant)),
        };
    }

    public static Expr Int(int value) => new Literal(TypeRef.Int32, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Expr True => new Literal(TypeRef.Boolean, "true");

    public static Expr False => new Literal(TypeRef.Boolean, "false");
}
