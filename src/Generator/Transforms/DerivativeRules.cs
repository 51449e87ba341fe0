using System;
using System.Linq;
using AdGen.Generator.Helpers;
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
    /// <param name="selfUpdate">The call updates a variable it reads (m = Math.Max(m, x[i])).</param>
    public static Expr?[] Partials(IntrinsicCall call, Expr? result, bool selfUpdate = false)
    {
        if (call.Owner == IntrinsicOwner.AdMath || call.Name is "Abs" or "Max" or "Min" or "Clamp" or "CopySign" or "Floor" or "Ceiling" or "Round" or "Truncate")
        {
            // A running extreme (m = Math.Max(m, x[i])) changes rarely: its comparison is a branch the processor
            // predicts, while flags would add the comparison to the loop's chain of dependent operations.
            return KinkPartials(call, branchFree: !selfUpdate);
        }

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
                // atan2(a, b): ∂a = b / (a² + b²), ∂b = -a / (a² + b²); at the origin the rule is 0, 0.
                Expr b = call.Arguments[1];
                Expr squaredNorm = Add(Multiply(a, a), Multiply(b, b))!;
                Expr atOrigin = Equal(squaredNorm, Constant(0, t));
                return new[]
                {
                    new Conditional(t, atOrigin, Constant(0, t), Or0(Divide(b, squaredNorm), t)),
                    new Conditional(t, atOrigin, Constant(0, t), Or0(Negate(Divide(a, squaredNorm)), t)),
                };
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
                    PlusInfinityAtZero(a, Divide(One(), Multiply(a, logBase)!)!),
                    Negate(Divide(y, Multiply(call.Arguments[1], logBase)!)),
                };
            }

            case "Log":
                return new[] { PlusInfinityAtZero(a, Divide(One(), a)!) };
            case "Log10":
                return new[] { PlusInfinityAtZero(a, Divide(One(), Multiply(a, Constant(Math.Log(10), t))!)!) };
            case "Log2":
                return new[] { PlusInfinityAtZero(a, Divide(One(), Multiply(a, Constant(Math.Log(2), t))!)!) };
            case "Sqrt":
                // At 0 this is +∞, the true one-sided derivative (the documented rule), also at -0.0.
                return new[] { PlusInfinityAtZero(a, Divide(Constant(0.5, t), y)!) };
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

    /// <summary>
    /// A choice between two slopes on a condition that is not one comparison (HardTanh's <c>-1 &lt; x &amp;&amp; x &lt; 1</c>).
    /// Between whole numbers it is made on integers, <c>(double)(inside ? 1 : 0)</c>, which the JIT compiles to a
    /// flag-setting instruction, not to a branch mispredicted on every other element.
    /// </summary>
    private static Expr Select(TypeRef type, Expr condition, Expr whenTrue, Expr whenFalse) =>
        WholeNumber(whenTrue) is int first && WholeNumber(whenFalse) is int second
            ? new Cast(type, first == 0 && second == 1 ? new Conditional(TypeRef.Int32, condition, Int(0), Int(1)) : FlagSum(second, first - second, condition))
            : new Conditional(type, condition, whenTrue, whenFalse);

    /// <summary><c>constant + coefficient·(condition ? 1 : 0)</c> on integers: the indicator is a flag, not a branch.</summary>
    private static Expr FlagSum(int constant, int coefficient, Expr condition)
    {
        if (coefficient == 0)
        {
            return Int(constant);
        }

        Expr indicator = new Conditional(TypeRef.Int32, condition, Int(1), Int(0));
        Expr magnitude = Math.Abs(coefficient) == 1 ? indicator : new Binary(TypeRef.Int32, BinaryOperator.Multiply, Int(Math.Abs(coefficient)), indicator);
        return constant == 0
            ? (coefficient > 0 ? magnitude : new Unary(TypeRef.Int32, UnaryOperator.Negate, magnitude))
            : new Binary(TypeRef.Int32, coefficient > 0 ? BinaryOperator.Add : BinaryOperator.Subtract, Int(constant), magnitude);
    }

    /// <summary>The weight of a tied Max or Min's first argument: the site's rule (0 without one).</summary>
    public static Expr TieWeight(IntrinsicCall call) => call.Rule ?? Constant(0, call.Type);

    /// <summary>1 − w, folded when w is a constant: the weight of the second argument at a tie.</summary>
    public static Expr OtherWeight(Expr weight) =>
        Number(weight) is double constant ? Constant(1 - constant, weight.Type) : new Binary(weight.Type, BinaryOperator.Subtract, Constant(1, weight.Type), weight);

    private static double? Number(Expr expression) =>
        expression is Literal literal
        && double.TryParse(literal.Text.TrimEnd('f', 'F', 'd', 'D'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            ? value
            : null;

    private static int? WholeNumber(Expr expression) =>
        expression is Literal literal
        && double.TryParse(literal.Text.TrimEnd('f', 'F', 'd', 'D'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
        && Math.Abs(value) <= 16 && value == Math.Round(value)
            ? (int)value
            : null;

    /// <summary>
    /// Partials of the kinked primitives: the gradient away from the kink, the rule value at it. Each rule is an
    /// element of the primitive's Clarke subdifferential there, so the chain rule yields a conservative gradient.
    /// </summary>
    private static Expr?[] KinkPartials(IntrinsicCall call, bool branchFree)
    {
        TypeRef t = call.Type;
        Expr a = call.Arguments[0];
        Expr rule = TieWeight(call);
        Expr One() => Constant(1, t);
        Expr Zero() => Constant(0, t);
        // Where the two cases compare the same operands (a > b and a < b), the slope is chosen by side: with compare
        // masks (KinkRules.BySide) where the side follows the data, with branches in a running extreme, where it
        // rarely changes. A NaN, where neither case nor the tie holds, takes `unordered`: the rule's value unless the
        // primitive says otherwise. Compound cases (HardTanh's interval) with one side equal to the rule are chosen
        // with an integer flag.
        Expr Pick(Expr positive, Expr whenPositive, Expr negative, Expr whenNegative, Expr atKink, Expr? unordered = null)
        {
            unordered ??= atKink;
            if (positive is not Binary { Operator: BinaryOperator.Greater or BinaryOperator.Less } sides
                || negative is not Binary { Operator: BinaryOperator.Greater or BinaryOperator.Less } mirror
                || mirror.Operator == sides.Operator || !Equals(mirror.Left, sides.Left) || !Equals(mirror.Right, sides.Right))
            {
                return branchFree && Equals(whenNegative, atKink) ? Select(t, positive, whenPositive, atKink)
                    : branchFree && Equals(whenPositive, atKink) ? Select(t, negative, whenNegative, atKink)
                    : new Conditional(t, positive, whenPositive, new Conditional(t, negative, whenNegative, atKink));
            }

            if (branchFree)
            {
                return sides.Operator == BinaryOperator.Greater
                    ? new SideChoice(t, sides.Left, sides.Right, whenPositive, whenNegative, atKink, unordered)
                    : new SideChoice(t, sides.Left, sides.Right, whenNegative, whenPositive, atKink, unordered);
            }

            // A NaN that goes with the negative side needs no test of its own: the tie is tested instead.
            return new Conditional(t, positive, whenPositive, Equals(unordered, atKink)
                ? new Conditional(t, negative, whenNegative, atKink)
                : Equals(unordered, whenNegative)
                    ? new Conditional(t, Equal(sides.Left, sides.Right), atKink, whenNegative)
                    : new Conditional(t, negative, whenNegative, new Conditional(t, Equal(sides.Left, sides.Right), atKink, unordered)));
        }

        Expr Greater(Expr l, Expr r) => new Binary(TypeRef.Boolean, BinaryOperator.Greater, l, r);
        Expr LessThan(Expr l, Expr r) => new Binary(TypeRef.Boolean, BinaryOperator.Less, l, r);
        Expr?[] WithRuleArgument(params Expr?[] partials) => call.Arguments.Count > partials.Length ? partials.Concat(new Expr?[call.Arguments.Count - partials.Length]).ToArray() : partials;

        switch (call.Name)
        {
            case "Abs":
                return WithRuleArgument(Pick(Greater(a, Zero()), One(), LessThan(a, Zero()), Constant(-1, t), rule));
            case "CopySign":
            {
                // |a| with the sign of b: ∂a is sign(a)·sign(b) (the abs rule at a == 0), ∂b is 0.
                Expr signOfB = new Conditional(t, new PlainCall(TypeRef.Boolean, (t.Scalar == ScalarType.Single ? "float" : "double") + ".IsNegative", Helpers.EquatableArray.Of(new Argument(call.Arguments[1]))), Constant(-1, t), One());
                return new[] { Multiply(Pick(Greater(a, Zero()), One(), LessThan(a, Zero()), Constant(-1, t), rule), signOfB), null };
            }

            case "Max" or "Min":
            {
                Expr b = call.Arguments[1];
                bool isMax = call.Name == "Max";
                Expr firstWins = isMax ? Greater(a, b) : LessThan(a, b);
                Expr secondWins = isMax ? LessThan(a, b) : Greater(a, b);
                Expr otherWeight = OtherWeight(rule);
                // At a NaN the second argument counts as the winner, as the running extreme's reverse sweep assumes.
                return WithRuleArgument(
                    Pick(firstWins, One(), secondWins, Zero(), rule, unordered: Zero()),
                    Pick(firstWins, Zero(), secondWins, One(), otherWeight, unordered: One()));
            }

            case "Clamp":
            {
                string helper = "global::AdGen.KinkRules.Clamp";
                var arguments = Helpers.EquatableArray.Of(new Argument(a), new Argument(call.Arguments[1]), new Argument(call.Arguments[2]), new Argument(rule));
                return WithRuleArgument(
                    new PlainCall(t, helper + "PartialX", arguments),
                    new PlainCall(t, helper + "PartialLow", arguments),
                    new PlainCall(t, helper + "PartialHigh", arguments));
            }

            case "Relu":
                return WithRuleArgument(Pick(Greater(a, Zero()), One(), LessThan(a, Zero()), Zero(), rule));
            case "LeakyRelu":
            {
                Expr slope = call.Arguments[1];
                return WithRuleArgument(
                    Pick(Greater(a, Zero()), One(), LessThan(a, Zero()), slope, rule),
                    new Conditional(t, LessThan(a, Zero()), a, Zero()));
            }

            case "HardTanh":
            {
                Expr inside = new Binary(TypeRef.Boolean, BinaryOperator.LogicalAnd, Greater(a, Constant(-1, t)), LessThan(a, One()));
                Expr outside = new Binary(TypeRef.Boolean, BinaryOperator.LogicalOr, LessThan(a, Constant(-1, t)), Greater(a, One()));
                return WithRuleArgument(Pick(inside, One(), outside, Zero(), rule));
            }

            case "Hinge":
                return WithRuleArgument(Pick(LessThan(a, One()), Constant(-1, t), Greater(a, One()), Zero(), rule));
            default:
                // Floor, Ceiling, Round, Truncate: piecewise constant, derivative 0 everywhere (jumps included).
                return new Expr?[call.Arguments.Count];
        }
    }

    /// <summary>
    /// The tangent of a TensorPrimitives reduction, itself reductions: Dot(dx, y) + Dot(x, dy), Sum(dx), 2·Dot(x, dx).
    /// <paramref name="tangentOf"/> gives the same slice of an operand's tangent, null when it carries none.
    /// </summary>
    public static Expr? SpanReductionTangent(SpanReduction reduction, Func<SpanSlice, SpanSlice?> tangentOf)
    {
        SpanReduction Dot(SpanSlice x, SpanSlice y) => reduction with { Kind = SpanReductionKind.Dot, Operands = EquatableArray.Of(x, y) };
        SpanSlice x = reduction.Operands[0];
        switch (reduction.Kind)
        {
            case SpanReductionKind.Dot:
            {
                SpanSlice y = reduction.Operands[1];
                if (Equals(x, y))
                {
                    // x·x: 2·Dot(x, dx), one reduction instead of two equal ones.
                    return tangentOf(x) is { } dself ? Multiply(Constant(2, reduction.Type), Dot(x, dself)) : null;
                }

                return Add(tangentOf(x) is { } dx ? Dot(dx, y) : null, tangentOf(y) is { } dy ? Dot(x, dy) : null);
            }

            case SpanReductionKind.Sum:
                return tangentOf(x) is { } dsum ? reduction with { Operands = EquatableArray.Of(dsum) } : null;
            default:
                return tangentOf(x) is { } dsquares ? Multiply(Constant(2, reduction.Type), Dot(x, dsquares)) : null;
        }
    }

    /// <summary>
    /// What a TensorPrimitives reduction adds into each operand's adjoint per unit of the result's: the other operand
    /// of a dot product, 1 for a sum (a null factor), 2x for a sum of squares. One entry per operand, in order.
    /// </summary>
    public static (double Coefficient, SpanSlice? Factor)[] SpanReductionPartials(SpanReduction reduction) => reduction.Kind switch
    {
        SpanReductionKind.Dot => new (double, SpanSlice?)[] { (1, reduction.Operands[1]), (1, reduction.Operands[0]) },
        SpanReductionKind.Sum => new (double, SpanSlice?)[] { (1, null) },
        _ => new (double, SpanSlice?)[] { (2, reduction.Operands[0]) },
    };

    /// <summary>
    /// The forward rule of an arithmetic operation, from its operands' tangents (<c>null</c> for zero). Forward mode's
    /// tangents and reverse mode's <see cref="UnitSeedPartial"/> both use it. <paramref name="quotient"/> names the value
    /// of a division when a variable holds it.
    /// </summary>
    public static Expr? ArithmeticTangent(Binary binary, Expr? left, Expr? right, Expr? quotient = null) => binary.Operator switch
    {
        BinaryOperator.Add => Add(left, right),
        BinaryOperator.Subtract => Subtract(left, right),
        BinaryOperator.Multiply => Add(Multiply(left, binary.Right), Multiply(binary.Left, right)),
        // d(a/b) = (da − (a/b)·db)·(1/b): the quotient is the value's own, so no division but the reciprocal.
        BinaryOperator.Divide when right is not null => Multiply(Subtract(left, Multiply(quotient ?? binary, right)), ReciprocalOf(binary, quotient)),
        BinaryOperator.Divide => Divide(left, binary.Right),
        _ => null,
    };

    /// <summary>1/b for a quotient a/b: the quotient itself when a is 1 (t = 1/(1 + z) gives dt = −t·dz·t).</summary>
    public static Expr ReciprocalOf(Binary quotient, Expr? held) => IsOne(quotient.Left) ? held ?? quotient : Reciprocal(quotient.Right);

    /// <summary>
    /// ∂expression/∂operand of an arithmetic expression (+, −, ×, ÷, negation, casts), by the forward rules with the
    /// operand's tangent 1 and every other operand's 0. It nests as the expression nests: for Horner's
    /// t·(c1 + t·(c2 + …)) it is p′(t) in Horner form, where a sum over the operand's reads would multiply out powers of t.
    /// </summary>
    public static Expr? UnitSeedPartial(Expr expression, Expr operand, Expr? value = null)
    {
        if (!expression.Type.IsFloating)
        {
            return null;
        }

        if (Equals(expression, operand))
        {
            return Constant(1, expression.Type);
        }

        switch (expression)
        {
            case Unary { Operator: UnaryOperator.Negate } negate:
                return Negate(UnitSeedPartial(negate.Operand, operand));
            case Binary binary:
                return ArithmeticTangent(binary, UnitSeedPartial(binary.Left, operand), UnitSeedPartial(binary.Right, operand), value);
            case Cast cast when cast.Operand.Type.IsFloating:
                return Convert(UnitSeedPartial(cast.Operand, operand), cast.Type);
            default:
                return null;
        }
    }

    /// <summary>Whether <see cref="UnitSeedPartial"/> knows every node of an expression: +, −, ×, ÷, negation, casts, leaves.</summary>
    public static bool IsArithmetic(Expr expression) => IrQueries.SubexpressionsEntering(expression, static e => e is not ElementAccess).All(static e =>
        !e.Type.IsFloating || e is Variable or ElementAccess or Literal or Cast or Unary { Operator: UnaryOperator.Negate }
        || e is Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide });

    /// <summary>
    /// True when the partial of an argument can be infinite (at a singular point): the product with a zero tangent
    /// or adjoint is then taken as 0, not NaN, so a direction that does not move the argument is not poisoned.
    /// </summary>
    public static bool CanBeInfinite(IntrinsicCall call, int argument) =>
        call.Owner == IntrinsicOwner.Math && argument == 0 && Parsing.Intrinsics.IsSingularAtEdge(call.Name)
        && !(call.Name == "Pow" && call.Arguments[1] is Literal exponent && double.TryParse(exponent.Text.TrimEnd('f'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double power) && (power >= 1 || power == 0));

    private static Expr PlusInfinityAtZero(Expr argument, Expr partial) =>
        new Conditional(partial.Type, Equal(argument, Constant(0, partial.Type)), Constant(double.PositiveInfinity, partial.Type), partial);

    private static Expr?[] PowPartials(IntrinsicCall call, Expr y, TypeRef t)
    {
        Expr a = call.Arguments[0];
        Expr b = call.Arguments[1];
        Expr? exponentMinusOne = b is Literal literal && double.TryParse(literal.Text.TrimEnd('f'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double exponent)
            ? Constant(exponent - 1, t)
            : Subtract(b, Constant(1, t));
        // x^0 is constant: its base partial is 0 even at x == 0, where the power rule would give 0·∞.
        Expr? dBase = IsZero(b) ? null
            : IsZero(exponentMinusOne) ? b
            : IsOne(exponentMinusOne) ? Multiply(b, a)
            : b is Literal ? Multiply(b, Intrinsic("Pow", t, a, Or0(exponentMinusOne, t)))
            : new Conditional(t, Equal(b, Constant(0, t)), Constant(0, t), Multiply(b, Intrinsic("Pow", t, a, Or0(exponentMinusOne, t)))!);

        // ∂/∂b = y·ln a; at a == 0 the rule is 0 (y is 0 there and ln a is -∞: the product is taken as its limit).
        Expr dExponent = new Conditional(t, Equal(a, Constant(0, t)), Constant(0, t), Multiply(y, Intrinsic("Log", t, a))!);
        return new[] { dBase, dExponent };
    }
}
