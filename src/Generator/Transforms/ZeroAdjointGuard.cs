using System;
using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>
/// Skips a reverse loop whose every incoming adjoint is exactly zero, as hand-written backpropagation skips an
/// inactive ReLU unit: the loop would only add zeros. The reverse sweep is linear in the adjoints, so the loop has no
/// effect when they are all zero, apart from 0·∞ = NaN, which AdGen already treats as 0 (see DerivativeRules).
/// Only loops made of plain assignments qualify: a tape pop, a pullback call or a kink count must still run.
/// </summary>
internal static class ZeroAdjointGuard
{
    /// <summary>At most this many adjoints in the test: beyond that the test costs more than it is likely to save.</summary>
    private const int MaximumIncoming = 3;

    public static Stmt Apply(Stmt reverseLoop, Block body, Func<string, bool> isAdjoint)
    {
        var readsInValues = new Dictionary<string, TypeRef>(StringComparer.Ordinal);
        var declaredInside = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in IrQueries.Descendants(body))
        {
            switch (statement)
            {
                case Declaration declaration when IsPlain(declaration.Initializer, isAdjoint):
                    declaredInside.Add(declaration.Name);
                    AddVariables(declaration.Initializer, readsInValues);
                    break;
                case Assignment { Operator: AssignOperator.Set, Target: ElementAccess { Sequence: Variable sequence } } when isAdjoint(sequence.Name):
                    // Resetting an adjoint element must happen whatever the incoming adjoints are.
                    return reverseLoop;
                case Assignment assignment when IsPlain(assignment.Value, isAdjoint) && (assignment.Target is not ElementAccess target || IsPlain(target.Index, isAdjoint)):
                    if (assignment is { Target: Variable variable, Operator: AssignOperator.Set } && isAdjoint(variable.Name))
                    {
                        readsInValues[variable.Name] = variable.Type;
                    }

                    AddVariables(assignment.Value, readsInValues);
                    break;
                case If branch when IsPlain(branch.Condition, isAdjoint):
                case For loop when IsPlain(loop.Condition, isAdjoint):
                case Block or Comment:
                    break;
                default:
                    return reverseLoop;
            }
        }

        // The adjoints the loop reads, and those it resets: when all are zero on entry, the loop changes nothing.
        var incoming = readsInValues
            .Where(pair => isAdjoint(pair.Key) && !declaredInside.Contains(pair.Key))
            .OrderBy(static pair => pair.Key, StringComparer.Ordinal)
            .ToList();
        if (incoming.Count == 0 || incoming.Count > MaximumIncoming)
        {
            return reverseLoop;
        }

        Expr? anyNonzero = null;
        foreach (KeyValuePair<string, TypeRef> adjoint in incoming)
        {
            Expr test = new Binary(TypeRef.Boolean, BinaryOperator.NotEqual, new Variable(adjoint.Value, adjoint.Key), ExprBuilder.Constant(0, adjoint.Value));
            anyNonzero = anyNonzero is null ? test : new Binary(TypeRef.Boolean, BinaryOperator.LogicalOr, anyNonzero, test);
        }

        return new If(anyNonzero!, new Block(EquatableArray.Of<Stmt>(new Comment("the loop only adds multiples of " + string.Join(", ", incoming.Select(static pair => pair.Key)) + ": skip it when they are zero"), reverseLoop)), null);
    }

    private static void AddVariables(Expr? expression, Dictionary<string, TypeRef> variables)
    {
        foreach (Variable variable in IrQueries.Variables(expression))
        {
            variables[variable.Name] = variable.Type;
        }
    }

    /// <summary>Arithmetic on variables and elements, with no call and no adjoint element read (it could not be tested up front).</summary>
    private static bool IsPlain(Expr? expression, Func<string, bool> isAdjoint) =>
        expression is null
        || (IrQueries.IsPure(expression) && IrQueries.Subexpressions(expression).All(e => e switch
        {
            MemberAccess => false,
            ElementAccess { Sequence: Variable sequence } => !isAdjoint(sequence.Name),
            ElementAccess => false,
            _ => true,
        }));
}
