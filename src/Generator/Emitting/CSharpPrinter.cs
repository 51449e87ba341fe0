using System;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Emitting;

/// <summary>Prints IR as C#: one statement a line, parentheses only where precedence needs them.</summary>
internal static class CSharpPrinter
{
    private const int Conditional = 3;
    private const int Unary = 14;
    private const int Primary = 15;

    public static void WriteBlockBody(SourceWriter writer, Block block)
    {
        foreach (Stmt statement in block.Statements)
        {
            Write(writer, statement);
        }
    }

    public static void WriteAll(SourceWriter writer, EquatableArray<Stmt> statements)
    {
        foreach (Stmt statement in statements)
        {
            Write(writer, statement);
        }
    }

    public static void Write(SourceWriter writer, Stmt statement)
    {
        switch (statement)
        {
            case Declaration declaration:
                writer.WriteLine(declaration.Initializer is null
                    ? declaration.Type.Display + " " + Identifier(declaration.Name) + ";"
                    : declaration.Type.Display + " " + Identifier(declaration.Name) + " = " + Print(declaration.Initializer) + ";");
                break;
            case Assignment assignment:
                writer.WriteLine(PrintAssignment(assignment) + ";");
                break;
            case ExpressionStatement expression:
                writer.WriteLine(Print(expression.Expression) + ";");
                break;
            case Block block:
                WriteBlockBody(writer, block);
                break;
            case If branch:
                WriteIf(writer, branch, prefix: "if");
                break;
            case While loop:
                writer.WriteLine("while (" + Print(loop.Condition) + ")");
                WriteBraced(writer, loop.Body);
                break;
            case DoWhile loop:
                writer.WriteLine("do");
                writer.OpenBrace();
                WriteBlockBody(writer, loop.Body);
                writer.CloseBrace(" while (" + Print(loop.Condition) + ");");
                break;
            case For loop:
                string initializers = string.Join(", ", loop.Initializers.Select(PrintHeaderStatement));
                string steps = string.Join(", ", loop.Steps.Select(PrintHeaderStatement));
                writer.WriteLine("for (" + initializers + "; " + (loop.Condition is null ? string.Empty : Print(loop.Condition)) + "; " + steps + ")");
                WriteBraced(writer, loop.Body);
                break;
            case Break:
                writer.WriteLine("break;");
                break;
            case Continue:
                writer.WriteLine("continue;");
                break;
            case Return ret:
                writer.WriteLine(ret.Value is null ? "return;" : "return " + Print(ret.Value) + ";");
                break;
            case KinkCheck kink:
                writer.WriteLine("if (" + Print(new Binary(TypeRef.Boolean, BinaryOperator.LogicalAnd, new StaticMember(TypeRef.Boolean, "global::AdGen.KinkMonitor.IsEnabled"), kink.Condition)) + ")");
                writer.OpenBrace();
                writer.WriteLine((kink.SiteAccess ?? kink.Site.FieldName) + ".Hit();");
                writer.CloseBrace();
                break;
            case Comment comment:
                writer.WriteLine("// " + comment.Text);
                break;
            case ThrowIf check:
                writer.WriteLine("if (" + Print(check.Condition) + ")");
                writer.OpenBrace();
                writer.WriteLine("throw new " + check.ExceptionType + "(" + Quote(check.Message) + ", " + Quote(check.ParameterName) + ");");
                writer.CloseBrace();
                break;
            default:
                throw new InvalidOperationException("Cannot print " + statement.GetType().Name);
        }
    }

    private static void WriteIf(SourceWriter writer, If branch, string prefix)
    {
        writer.WriteLine(prefix + " (" + Print(branch.Condition) + ")");
        WriteBraced(writer, branch.Then);
        if (branch.Else is null || branch.Else.Statements.Count == 0)
        {
            return;
        }

        if (branch.Else.Statements.Count == 1 && branch.Else.Statements[0] is If nested)
        {
            WriteIf(writer, nested, "else if");
            return;
        }

        writer.WriteLine("else");
        WriteBraced(writer, branch.Else);
    }

    private static void WriteBraced(SourceWriter writer, Block block)
    {
        writer.OpenBrace();
        WriteBlockBody(writer, block);
        writer.CloseBrace();
    }

    private static string PrintHeaderStatement(Stmt statement) => statement switch
    {
        Declaration declaration => declaration.Type.Display + " " + Identifier(declaration.Name) + (declaration.Initializer is null ? string.Empty : " = " + Print(declaration.Initializer)),
        Assignment assignment => PrintAssignment(assignment),
        ExpressionStatement expression => Print(expression.Expression),
        _ => throw new InvalidOperationException("Cannot print " + statement.GetType().Name + " in a for header"),
    };

    private static string PrintAssignment(Assignment assignment)
    {
        string target = Print(assignment.Target);
        if (assignment.Operator == AssignOperator.AddTo)
        {
            return assignment.Value is Unary { Operator: UnaryOperator.Negate } negated
                ? target + " -= " + Print(negated.Operand)
                : target + " += " + Print(assignment.Value);
        }

        if (assignment.Value is Binary { Left: var left, Right: Literal { Text: "1" } } step && Equals(left, assignment.Target)
            && assignment.Target.Type.Scalar is ScalarType.Int32 or ScalarType.Int64)
        {
            if (step.Operator == BinaryOperator.Add)
            {
                return target + "++";
            }

            if (step.Operator == BinaryOperator.Subtract)
            {
                return target + "--";
            }
        }

        if (assignment.Value is Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide } compound
            && Equals(compound.Left, assignment.Target))
        {
            return target + " " + Symbol(compound.Operator) + "= " + Print(compound.Right);
        }

        return target + " = " + Print(assignment.Value);
    }

    public static string Print(Expr expression) => Print(expression, 0);

    private static string Print(Expr expression, int required)
    {
        (string text, int precedence) = PrintCore(expression);
        return precedence < required ? "(" + text + ")" : text;
    }

    private static (string Text, int Precedence) PrintCore(Expr expression)
    {
        switch (expression)
        {
            case Literal literal:
                return (literal.Text, literal.Text.StartsWith("-", StringComparison.Ordinal) ? Unary : Primary);
            case Variable variable:
                return (Identifier(variable.Name), Primary);
            case StaticMember member:
                return (member.QualifiedName, Primary);
            case ElementAccess element:
                return (Print(element.Sequence, Primary) + "[" + Print(element.Index) + "]", Primary);
            case LengthOf length:
                return (Print(length.Sequence, Primary) + ".Length", Primary);
            case MemberAccess member:
                return (Print(member.Target, Primary) + "." + member.Member, Primary);
            case Model.Unary unary:
            {
                string operand = Print(unary.Operand, Unary);
                string symbol = unary.Operator switch
                {
                    UnaryOperator.Negate => "-",
                    UnaryOperator.LogicalNot => "!",
                    _ => "~",
                };
                if (operand.StartsWith("-", StringComparison.Ordinal) || operand.StartsWith("+", StringComparison.Ordinal))
                {
                    operand = "(" + operand + ")";
                }

                return (symbol + operand, Unary);
            }

            case Binary binary:
            {
                int precedence = Precedence(binary.Operator);
                string left = Print(binary.Left, precedence);
                string right = Print(binary.Right, precedence + 1);
                if (precedence is 9 or 10 && binary.Left is Variable or StaticMember && Equals(binary.Left, binary.Right) && binary.Left.Type.IsScalar)
                {
                    // A value compared with itself: the user wrote `+t > t` (the compiler warns on `t > t`, CS1718) and the
                    // lowering dropped the unary plus. Print it back, so the generated code compiles as the user's did.
                    left = binary.Left.Type.Scalar switch
                    {
                        ScalarType.Boolean => "!!" + left,
                        ScalarType.Other => left,
                        _ => "+" + left,
                    };
                }

                if (binary.Operator is BinaryOperator.Add or BinaryOperator.Subtract && right.StartsWith("-", StringComparison.Ordinal))
                {
                    // a - -x / b is C#, but a reader stumbles on it: a - (-x / b).
                    right = "(" + right + ")";
                }

                return (left + " " + Symbol(binary.Operator) + " " + right, precedence);
            }

            case Cast cast:
            {
                string operand = Print(cast.Operand, Unary);
                if (operand.StartsWith("-", StringComparison.Ordinal))
                {
                    operand = "(" + operand + ")";
                }

                return ("(" + cast.Type.Display + ")" + operand, Unary);
            }

            case Model.Conditional conditional:
                return (Print(conditional.Condition, Conditional + 1) + " ? " + Print(conditional.WhenTrue, Conditional) + " : " + Print(conditional.WhenFalse, Conditional), Conditional);
            case SideChoice choice:
                // Named sides: the reader sees each slope beside the case it belongs to.
                return ("global::AdGen.KinkRules.BySide(" + Print(choice.Left) + ", " + Print(choice.Right) + ", greater: " + Print(choice.WhenGreater)
                    + ", less: " + Print(choice.WhenLess) + ", equal: " + Print(choice.WhenEqual)
                    + (Equals(choice.WhenUnordered, choice.WhenEqual) ? "" : ", unordered: " + Print(choice.WhenUnordered)) + ")", Primary);
            case IntrinsicCall call:
            {
                string owner = call.Owner == IntrinsicOwner.AdMath
                    ? "global::AdGen.AdMath."
                    : call.Type.Scalar == ScalarType.Single && call.Name != "Clamp" ? "global::System.MathF." : "global::System.Math.";
                return (owner + call.Name + "(" + string.Join(", ", call.Arguments.Select(static a => Print(a))) + ")", Primary);
            }

            case DifferentiableCall call:
                return (call.Callee.QualifiedType + "." + call.Callee.Name + "(" + string.Join(", ", call.Arguments.Select(static a => Print(a))) + ")", Primary);
            case PlainCall call:
                return (call.QualifiedName + "(" + string.Join(", ", call.Arguments.Select(PrintArgument)) + ")", Primary);
            case NewSequence sequence:
                return ((sequence.IsStackAlloc ? "stackalloc " : "new ") + sequence.Type.Element.Display + "[" + Print(sequence.Length) + "]", Primary);
            case TupleLiteral tuple:
                return ("(" + string.Join(", ", tuple.Items.Select(static i => Print(i))) + ")", Primary);
            case SpanSlice slice:
                return (PrintSlice(slice), Primary);
            case SpanReduction reduction:
                return (TensorPrimitives + reduction.Kind + (reduction.IsGeneric ? "<" + reduction.Type.Display + ">" : string.Empty)
                    + "(" + string.Join(", ", reduction.Operands.Select(PrintSlice)) + ")", Primary);
            default:
                throw new InvalidOperationException("Cannot print " + expression.GetType().Name);
        }
    }

    /// <summary>How generated code names TensorPrimitives, whose reductions it calls like the user's code does.</summary>
    public const string TensorPrimitives = "global::System.Numerics.Tensors.TensorPrimitives.";

    private static string PrintSlice(SpanSlice slice)
    {
        string sequence = Print(slice.Sequence, Primary);
        if (slice.Start is null)
        {
            return sequence;
        }

        // An array converts to the span type first. The cast also compiles when the IR's array type stands for a
        // derivative passed as a span (the gradient of a double[] parameter is a Span<double>).
        string bounds = Print(slice.Start) + (slice.Length is null ? string.Empty : ", " + Print(slice.Length));
        return (slice.Sequence.Type.Shape == Shape.Array ? "((" + slice.Type.Display + ")" + sequence + ")" : sequence) + ".Slice(" + bounds + ")";
    }

    private static string PrintArgument(Argument argument) => argument.Kind switch
    {
        ArgumentKind.Ref => "ref " + Print(argument.Value),
        ArgumentKind.Out => "out " + Print(argument.Value),
        ArgumentKind.OutDeclaration => "out " + argument.Value.Type.Display + " " + Print(argument.Value),
        _ => Print(argument.Value),
    };

    private static int Precedence(BinaryOperator op) => op switch
    {
        BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Remainder => 13,
        BinaryOperator.Add or BinaryOperator.Subtract => 12,
        BinaryOperator.LeftShift or BinaryOperator.RightShift => 11,
        BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual => 10,
        BinaryOperator.Equal or BinaryOperator.NotEqual => 9,
        BinaryOperator.BitwiseAnd => 8,
        BinaryOperator.ExclusiveOr => 7,
        BinaryOperator.BitwiseOr => 6,
        BinaryOperator.LogicalAnd => 5,
        _ => 4,
    };

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Remainder => "%",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.LogicalAnd => "&&",
        BinaryOperator.LogicalOr => "||",
        BinaryOperator.BitwiseAnd => "&",
        BinaryOperator.BitwiseOr => "|",
        BinaryOperator.ExclusiveOr => "^",
        BinaryOperator.LeftShift => "<<",
        _ => ">>",
    };

    /// <summary>A user's name as C# needs it: <c>@base</c> for a name that is a keyword.</summary>
    public static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
