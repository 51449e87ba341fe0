using System;
using System.Globalization;
using System.Linq;
using AdGen.Generator.Model;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Transforms;

/// <summary>What AdGen knows of a kinked primitive's rule: where its value comes from and which values are valid.</summary>
/// <param name="OptionName">The property of [Differentiable] / [DifferentiableDefaults] that sets it, if any.</param>
/// <param name="RuleArgumentIndex">The call argument that sets it per call, if the call has that many arguments.</param>
/// <param name="Low">The Clarke subdifferential's lower end at the kink (NaN: given by another argument).</param>
internal sealed record KinkPrimitive(IntrinsicOwner Owner, string Name, string? OptionName, double Default, double Low, double High, int RuleArgumentIndex);

/// <summary>One kink site: a nonsmooth primitive at a place in the user's source, and its rule, for comments and the monitor.</summary>
internal sealed record KinkSiteInfo(string Method, string File, int Line, int Column, string Primitive, string Rule, LocationInfo? SourceLocation = null)
{
    public string FieldName => "s_kink_" + Method.Substring(Method.LastIndexOf('.') + 1) + "_" + Line.ToString(CultureInfo.InvariantCulture) + "_" + Column.ToString(CultureInfo.InvariantCulture);

    public string Location => File + "(" + Line.ToString(CultureInfo.InvariantCulture) + "," + Column.ToString(CultureInfo.InvariantCulture) + ")";
}

/// <summary>
/// The conservative rules at AdGen's kinks and singular points (docs/conservative-rules.md has the table): which
/// primitives have a rule, their defaults and valid ranges, the kink condition and the rule's description.
/// </summary>
internal static class KinkCatalog
{
    private static readonly KinkPrimitive[] Primitives =
    {
        new(IntrinsicOwner.Math, "Abs", "AbsSlopeAtZero", 0, -1, 1, -1),
        new(IntrinsicOwner.Math, "Max", "MaxTieWeight", 0.5, 0, 1, -1),
        new(IntrinsicOwner.Math, "Min", "MinTieWeight", 0.5, 0, 1, -1),
        new(IntrinsicOwner.Math, "Clamp", "ClampBoundaryWeight", 0.5, 0, 1, -1),
        new(IntrinsicOwner.Math, "CopySign", "AbsSlopeAtZero", 0, -1, 1, -1),
        new(IntrinsicOwner.AdMath, "Relu", "ReluSlopeAtZero", 0, 0, 1, 1),
        new(IntrinsicOwner.AdMath, "LeakyRelu", null, double.NaN, double.NaN, double.NaN, 2),
        new(IntrinsicOwner.AdMath, "HardTanh", null, 0.5, 0, 1, 1),
        new(IntrinsicOwner.AdMath, "Hinge", null, 0, -1, 0, 1),
        new(IntrinsicOwner.AdMath, "Abs", null, 0, -1, 1, 1),
        new(IntrinsicOwner.AdMath, "Max", null, 0.5, 0, 1, 2),
        new(IntrinsicOwner.AdMath, "Min", null, 0.5, 0, 1, 2),
        new(IntrinsicOwner.AdMath, "Clamp", null, 0.5, 0, 1, 3),
    };

    /// <summary>The primitive whose kink takes a rule value, or null (smooth, or a rule-free jump such as Floor).</summary>
    public static KinkPrimitive? Find(IntrinsicOwner owner, string name) =>
        Primitives.FirstOrDefault(p => p.Owner == owner && p.Name == name);

    /// <summary>The kink condition and the rule's description for a call, or null for a primitive without kinks.</summary>
    public static (Expr Condition, string Where, string Rule)? Describe(IntrinsicCall call)
    {
        TypeRef t = call.Type;
        Expr a = call.Arguments[0];
        string[] text = call.SourceArguments.Count == call.Arguments.Count ? call.SourceArguments.Items.ToArray() : call.Arguments.Select(static _ => "?").ToArray();
        Expr Zero() => Constant(0, t);
        Expr Or(Expr l, Expr r) => new Binary(TypeRef.Boolean, BinaryOperator.LogicalOr, l, r);
        Expr And(Expr l, Expr r) => new Binary(TypeRef.Boolean, BinaryOperator.LogicalAnd, l, r);
        string rule = RuleText(call);
        switch (call.Owner, call.Name)
        {
            case (IntrinsicOwner.Math, "Abs") or (IntrinsicOwner.AdMath, "Abs") or (_, "Relu") or (_, "LeakyRelu"):
                return (Equal(a, Zero()), text[0] + " == 0", "slope " + rule);
            case (IntrinsicOwner.Math, "CopySign"):
                return (Equal(a, Zero()), text[0] + " == 0", "slope " + rule + " (as Math.Abs)");
            case (_, "Max") or (_, "Min"):
                return (Equal(a, call.Arguments[1]), text[0] + " == " + text[1], SplitText(call.Rule, rule));
            case (_, "Clamp"):
                return (Or(Equal(a, call.Arguments[1]), Equal(a, call.Arguments[2])), text[0] + " == " + text[1] + " or " + text[0] + " == " + text[2], "weight " + rule + " to " + text[0]);
            case (_, "HardTanh"):
                return (Or(Equal(a, Constant(1, t)), Equal(a, Constant(-1, t))), text[0] + " == ±1", "slope " + rule);
            case (_, "Hinge"):
                return (Equal(a, Constant(1, t)), text[0] + " == 1", "slope " + rule);
            case (IntrinsicOwner.Math, "Floor" or "Ceiling" or "Truncate"):
                return (Equal(a, Intrinsic("Floor", t, a)), text[0] + " an integer", "derivative 0 (the function jumps)");
            case (IntrinsicOwner.Math, "Sign"):
                return (Equal(a, Constant(0, a.Type)), text[0] + " == 0", "derivative 0 (the function jumps)");
            case (IntrinsicOwner.Math, "Round"):
                return (Equal(Subtract(a, Intrinsic("Floor", t, a))!, Constant(0.5, t)), text[0] + " halfway between integers", "derivative 0 (the function jumps)");
            case (IntrinsicOwner.Math, "Sqrt" or "Log" or "Log10" or "Log2" or "Cbrt") when call.Arguments.Count == 1:
                return (Equal(a, Zero()), text[0] + " == 0", "+∞, the one-sided derivative");
            case (IntrinsicOwner.Math, "Log"):
                return (Equal(a, Zero()), text[0] + " == 0", "+∞, the one-sided derivative");
            case (IntrinsicOwner.Math, "Pow") when call.Arguments[1] is Literal exponent && IsSmoothPower(exponent):
                return null;
            case (IntrinsicOwner.Math, "Pow"):
                return (Equal(a, Zero()), text[0] + " == 0", "∂/∂" + text[0] + " by the power rule, ∂/∂" + text[1] + " = 0");
            case (IntrinsicOwner.Math, "Atan2"):
                return (And(Equal(a, Zero()), Equal(call.Arguments[1], Zero())), text[0] + " == 0 and " + text[1] + " == 0", "0, 0");
            case (IntrinsicOwner.Math, "Asin" or "Acos"):
                return (Or(Equal(a, Constant(1, t)), Equal(a, Constant(-1, t))), text[0] + " == ±1", "±∞, the one-sided derivative");
            default:
                return null;
        }
    }

    /// <summary>
    /// Sites nested inside a value rather than at its root: Math.Sign, whose int result carries no derivative but
    /// whose jump is still a site.
    /// </summary>
    public static void AddNestedSiteStatements(string method, Expr value, System.Collections.Generic.List<Stmt> output)
    {
        foreach (IntrinsicCall call in NestedSigns(value))
        {
            AddSiteStatements(method, call, output);
        }
    }

    private static System.Collections.Generic.IEnumerable<IntrinsicCall> NestedSigns(Expr expression)
    {
        switch (expression)
        {
            case IntrinsicCall { Name: "Sign", Type.Scalar: ScalarType.Int32 } sign:
                yield return sign;
                break;
            case Binary binary:
                foreach (IntrinsicCall inner in NestedSigns(binary.Left).Concat(NestedSigns(binary.Right)))
                {
                    yield return inner;
                }

                break;
            case Unary unary:
                foreach (IntrinsicCall inner in NestedSigns(unary.Operand))
                {
                    yield return inner;
                }

                break;
            case Cast cast:
                foreach (IntrinsicCall inner in NestedSigns(cast.Operand))
                {
                    yield return inner;
                }

                break;
        }
    }

    /// <summary>The comment and monitor check that generated code places before it differentiates a kinked call.</summary>
    public static void AddSiteStatements(string method, IntrinsicCall call, System.Collections.Generic.List<Stmt> output)
    {
        if (Site(method, call) is { } site && Describe(call) is { } description)
        {
            output.Add(new Comment("kink: " + site.Primitive + ": " + site.Rule));
            output.Add(new KinkCheck(site, description.Condition));
        }
    }

    /// <summary>
    /// A branch that compares differentiable values is a kink site too: at equality the derivative is that of the
    /// branch taken. The check fires when any comparison of the condition that involves an active value is tied.
    /// </summary>
    public static void AddBranchSiteStatements(string method, If branch, Func<Expr, bool> isActive, System.Collections.Generic.List<Stmt> output)
    {
        if (branch.Spot is not { Line: > 0 } spot || branch.ConditionText is null)
        {
            return;
        }

        Expr? tie = null;
        foreach (Binary comparison in Comparisons(branch.Condition))
        {
            if (comparison.Left.Type.IsFloating && (isActive(comparison.Left) || isActive(comparison.Right)))
            {
                Expr equal = Equal(comparison.Left, comparison.Right);
                tie = tie is null ? equal : new Binary(TypeRef.Boolean, BinaryOperator.LogicalOr, tie, equal);
            }
        }

        if (tie is null)
        {
            return;
        }

        var site = new KinkSiteInfo(method, spot.File, spot.Line, spot.Column, "branch on " + branch.ConditionText + " at equality", "the branch the program takes", spot.Location);
        output.Add(new Comment("kink: " + site.Primitive + ": " + site.Rule));
        output.Add(new KinkCheck(site, tie));
    }

    private static System.Collections.Generic.IEnumerable<Binary> Comparisons(Expr condition)
    {
        switch (condition)
        {
            case Binary { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr } logical:
                foreach (Binary inner in Comparisons(logical.Left).Concat(Comparisons(logical.Right)))
                {
                    yield return inner;
                }

                break;
            case Unary { Operator: UnaryOperator.LogicalNot } not:
                foreach (Binary inner in Comparisons(not.Operand))
                {
                    yield return inner;
                }

                break;
            case Binary { Operator: BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } comparison:
                yield return comparison;
                break;
        }
    }

    /// <summary>A kink site for a call in a method, or null when the call has no kink.</summary>
    public static KinkSiteInfo? Site(string method, IntrinsicCall call)
    {
        if (Describe(call) is not { } description || call.Spot.Line == 0)
        {
            return null;
        }

        string primitive = (call.Owner == IntrinsicOwner.AdMath ? "AdMath." : "Math.") + call.Name + "(" + string.Join(", ", call.SourceArguments) + ") at " + description.Where;
        return new KinkSiteInfo(method, call.Spot.File, call.Spot.Line, call.Spot.Column, primitive, description.Rule, call.Spot.Location);
    }

    /// <summary>x^c with a constant c ≥ 1 (or 0) is smooth at 0: no site.</summary>
    private static bool IsSmoothPower(Literal exponent) =>
        double.TryParse(exponent.Text.TrimEnd('f'), NumberStyles.Float, CultureInfo.InvariantCulture, out double power) && (power >= 1 || power == 0);

    private static string RuleText(IntrinsicCall call) => call.Rule switch
    {
        null => "none",
        Literal literal => Number(literal),
        Variable variable => variable.Name + " (run-time value)",
        _ => "a run-time value",
    };

    private static string SplitText(Expr? rule, string text)
    {
        if (rule is Literal literal && double.TryParse(literal.Text.TrimEnd('f'), NumberStyles.Float, CultureInfo.InvariantCulture, out double weight))
        {
            return weight switch
            {
                1 => "all to the first",
                0 => "all to the second",
                _ => "split " + Format(weight) + "/" + Format(1 - weight),
            };
        }

        return "weight " + text + " to the first";
    }

    private static string Number(Literal literal) =>
        double.TryParse(literal.Text.TrimEnd('f'), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? Format(value) : literal.Text;

    private static string Format(double value) => value.ToString("0.################", CultureInfo.InvariantCulture);
}
