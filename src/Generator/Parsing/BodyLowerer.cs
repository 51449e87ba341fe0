using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AdGen.Generator.Diagnostics;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using AdGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AdGen.Generator.Parsing;

/// <summary>
/// Lowers a method body's operation tree into IR. Along the way it makes implicit conversions explicit, folds
/// constants, rewrites compound assignments as plain ones, gives every local a name unique in the method, and
/// hoists differentiable calls and floating conditionals nested inside expressions into named locals, so that
/// both derivative modes see one differentiable operation per statement.
/// </summary>
internal sealed partial class BodyLowerer
{
    /// <summary>How an expression's value is used: whether derivatives can flow through it.</summary>
    private enum Mode
    {
        /// <summary>Conditions, indices, counts: only the value matters; nothing is hoisted.</summary>
        Passive,

        /// <summary>A floating value inside a larger expression: nested calls and conditionals are hoisted.</summary>
        Value,

        /// <summary>The whole right-hand side of a statement: a call here stays in place.</summary>
        Root,
    }

    private readonly IMethodSymbol _method;
    private readonly SemanticModel _semanticModel;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ILocalSymbol, string> _localNames = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _localNamesTaken = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private readonly string _fileName;
    private int _loopDepth;

    public BodyLowerer(IMethodSymbol method, SemanticModel semanticModel, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _method = method;
        _semanticModel = semanticModel;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        _fileName = System.IO.Path.GetFileName(semanticModel.SyntaxTree.FilePath ?? string.Empty);
    }

    /// <summary>Every identifier of the method and every name this lowering made: generated names must avoid them.</summary>
    public IEnumerable<string> ReservedNames => _reserved;

    public Block? LowerBody(MethodDeclarationSyntax syntax, IMethodBodyOperation? body)
    {
        foreach (SyntaxToken token in syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                _reserved.Add(token.ValueText);
            }
        }

        foreach (IParameterSymbol parameter in _method.Parameters)
        {
            _localNamesTaken.Add(parameter.Name);
        }

        if (body is null)
        {
            return null;
        }

        IBlockOperation? block = body.BlockBody ?? body.ExpressionBody;
        if (block is null)
        {
            return null;
        }

        var statements = new List<Stmt>();
        LowerStatement(block, statements);
        return new Block(statements.ToEquatableArray());
    }

    // ---------------------------------------------------------------- statements

    private void LowerStatement(IOperation operation, List<Stmt> output)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IBlockOperation block:
                foreach (IOperation child in block.Operations)
                {
                    LowerStatement(child, output);
                }

                break;
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        LowerDeclarator(declarator, declarator.Initializer ?? declaration.Initializer, output);
                    }
                }

                break;
            case IExpressionStatementOperation expression:
                LowerExpressionStatement(expression.Operation, output);
                break;
            case IReturnOperation { Kind: OperationKind.Return } ret when ret.ReturnedValue is not null:
                LowerReturn(ret.ReturnedValue, output);
                break;
            case IConditionalOperation conditional:
                output.Add(new If(
                    Lower(conditional.Condition, Mode.Passive, output),
                    LowerBlock(conditional.WhenTrue),
                    conditional.WhenFalse is null ? null : LowerBlock(conditional.WhenFalse),
                    SpotOf(conditional.Condition.Syntax),
                    Normalize(conditional.Condition.Syntax.ToString())));
                break;
            case IForLoopOperation loop:
                LowerFor(loop, output);
                break;
            case IWhileLoopOperation loop when loop.Condition is not null:
                Expr condition = Lower(loop.Condition, Mode.Passive, output);
                Block body = LowerLoopBody(loop.Body);
                output.Add(loop.ConditionIsTop ? new While(condition, body) : new DoWhile(body, condition));
                break;
            case IForEachLoopOperation loop:
                LowerForEach(loop, output);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break }:
                output.Add(new Break());
                break;
            case IBranchOperation { BranchKind: BranchKind.Continue }:
                output.Add(new Continue());
                break;
            case IEmptyOperation:
                break;
            case ISwitchOperation switchStatement:
                LowerSwitch(switchStatement, output);
                break;
            default:
                ReportStatement(operation);
                break;
        }
    }

    /// <summary>A switch statement becomes an if / else if chain: its derivative is that of the section taken.</summary>
    private void LowerSwitch(ISwitchOperation switchStatement, List<Stmt> output)
    {
        Expr value = LowerSwitchValue(switchStatement.Value, output);
        Block? chain = null;
        Block? defaultBody = null;
        for (int i = switchStatement.Cases.Length - 1; i >= 0; i--)
        {
            ISwitchCaseOperation section = switchStatement.Cases[i];
            Block? body = LowerSwitchSection(section);
            if (body is null)
            {
                return;
            }

            Expr? condition = null;
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                Expr? clauseCondition = clause switch
                {
                    IDefaultCaseClauseOperation => null,
                    ISingleValueCaseClauseOperation single => ExprBuilder.Equal(value, Lower(single.Value, Mode.Passive, output, value.Type)),
                    IPatternCaseClauseOperation pattern => PatternCondition(value, pattern.Pattern, pattern.Guard, output),
                    _ => Unsupported(clause, "This case clause", "use constant or relational patterns"),
                };
                if (clauseCondition is null)
                {
                    defaultBody = body;
                    condition = null;
                    break;
                }

                condition = condition is null ? clauseCondition : new Binary(TypeRef.Boolean, BinaryOperator.LogicalOr, condition, clauseCondition);
            }

            if (condition is not null)
            {
                chain = new Block(EquatableArray.Of<Stmt>(new If(condition, body, chain ?? defaultBody)));
                defaultBody = null;
            }
        }

        Block? result = chain ?? defaultBody;
        if (result is not null)
        {
            output.AddRange(result.Statements);
        }
    }

    private Expr LowerSwitchValue(IOperation value, List<Stmt> output)
    {
        Expr lowered = Lower(value, Mode.Passive, output);
        if (lowered is Variable or Literal)
        {
            return lowered;
        }

        string name = Fresh("switchValue");
        output.Add(new Declaration(lowered.Type, name, lowered));
        return new Variable(lowered.Type, name);
    }

    private Block? LowerSwitchSection(ISwitchCaseOperation section)
    {
        var statements = new List<Stmt>();
        var body = section.Body.ToList();
        if (body.Count > 0 && body[body.Count - 1] is IBranchOperation { BranchKind: BranchKind.Break })
        {
            body.RemoveAt(body.Count - 1);
        }

        foreach (IOperation statement in body)
        {
            if (statement.DescendantsAndSelf().Any(static o => o is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo } branch
                && branch.Target.Name != null && branch.Syntax is BreakStatementSyntax or GotoStatementSyntax
                && !branch.Syntax.Ancestors().TakeWhile(static a => a is not SwitchSectionSyntax)
                    .Any(static a => a is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax)))
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, statement.Syntax, "A break or goto inside a switch section", "end each section with break or return, and use if / else inside it");
                return null;
            }

            LowerStatement(statement, statements);
        }

        return new Block(statements.ToEquatableArray());
    }

    /// <summary>The condition of a pattern: constants, relational patterns, and/or/not, discards, with an optional guard.</summary>
    private Expr? PatternCondition(Expr value, IPatternOperation pattern, IOperation? guard, List<Stmt>? output)
    {
        Expr? condition = pattern switch
        {
            IDiscardPatternOperation => null,
            IConstantPatternOperation constant => ExprBuilder.Equal(value, Lower(constant.Value, Mode.Passive, output, value.Type)),
            IRelationalPatternOperation relational => new Binary(
                TypeRef.Boolean,
                relational.OperatorKind switch
                {
                    BinaryOperatorKind.LessThan => BinaryOperator.Less,
                    BinaryOperatorKind.LessThanOrEqual => BinaryOperator.LessOrEqual,
                    BinaryOperatorKind.GreaterThan => BinaryOperator.Greater,
                    _ => BinaryOperator.GreaterOrEqual,
                },
                value,
                Lower(relational.Value, Mode.Passive, output, value.Type)),
            IBinaryPatternOperation binary => new Binary(
                TypeRef.Boolean,
                binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOperator.LogicalOr : BinaryOperator.LogicalAnd,
                PatternCondition(value, binary.LeftPattern, null, output) ?? ExprBuilder.True,
                PatternCondition(value, binary.RightPattern, null, output) ?? ExprBuilder.True),
            INegatedPatternOperation negated => ExprBuilder.Not(PatternCondition(value, negated.Pattern, null, output) ?? ExprBuilder.True),
            _ => Unsupported(pattern, "This pattern", "use constant patterns, relational patterns (< 0), and, or, not, and _"),
        };
        if (guard is not null)
        {
            Expr loweredGuard = Lower(guard, Mode.Passive, output);
            condition = condition is null ? loweredGuard : new Binary(TypeRef.Boolean, BinaryOperator.LogicalAnd, condition, loweredGuard);
        }

        return condition;
    }

    /// <summary>A switch expression on a value assigned to a target: an if / else if chain of assignments.</summary>
    private void LowerSwitchExpressionInto(Expr target, ISwitchExpressionOperation switchExpression, List<Stmt> output)
    {
        Expr value = LowerSwitchValue(switchExpression.Value, output);
        Block? chain = null;
        for (int i = switchExpression.Arms.Length - 1; i >= 0; i--)
        {
            ISwitchExpressionArmOperation arm = switchExpression.Arms[i];
            Block body = LowerBranchInto(target, arm.Value);
            Expr? condition = PatternCondition(value, arm.Pattern, arm.Guard, output);
            if (condition is null)
            {
                chain = body;
                continue;
            }

            if (chain is null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, switchExpression.Syntax, "A switch expression without a final discard arm", "end it with `_ => value` so every input has a value");
                return;
            }

            chain = new Block(EquatableArray.Of<Stmt>(new If(condition, body, chain)));
        }

        if (chain is not null)
        {
            output.AddRange(chain.Statements);
        }
    }

    private Block LowerBlock(IOperation operation)
    {
        var statements = new List<Stmt>();
        LowerStatement(operation, statements);
        return new Block(statements.ToEquatableArray());
    }

    private Block LowerLoopBody(IOperation operation)
    {
        _loopDepth++;
        try
        {
            return LowerBlock(operation);
        }
        finally
        {
            _loopDepth--;
        }
    }

    private void LowerDeclarator(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? initializer, List<Stmt> output)
    {
        ILocalSymbol local = declarator.Symbol;
        if (local.IsConst)
        {
            return; // Reads of a const local are folded to literals.
        }

        if (local.IsRef)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, "A ref local", "declare an ordinary local and copy the value");
            return;
        }

        TypeRef? type = TypeMapper.Map(local.Type);
        if (type is null && initializer?.Value is { } lambdaValue && Unwrap(lambdaValue) is IAnonymousFunctionOperation or IDelegateCreationOperation)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, lambdaValue.Syntax, "A lambda", "write the function as a separate [Differentiable] static method and call it");
            return;
        }

        if (type is null)
        {
            Report(
                DiagnosticDescriptors.UnsupportedStatement,
                declarator.Syntax,
                "A local of type '" + local.Type.ToDisplayString() + "'",
                "locals may be double, float, int, long or bool, or local arrays of them created with new T[n] or stackalloc T[n]");
            return;
        }

        string name = NameOf(local);
        IOperation? value = initializer?.Value;
        if (type.IsSequence)
        {
            if (TryDeclareView(local, name, type, value, output))
            {
                return;
            }

            Expr? creation = value is null ? null : LowerSequenceCreation(value, type);
            if (creation is null)
            {
                Report(
                    DiagnosticDescriptors.UnsupportedStatement,
                    declarator.Syntax,
                    "This local sequence '" + local.Name + "'",
                    "create local arrays with new T[n] or stackalloc T[n] and fill them element by element; to view part of a sequence, take x.Slice(start, length) of a span or x.AsSpan(start, length) of an array");
                return;
            }

            if (_loopDepth > 0)
            {
                Report(DiagnosticDescriptors.LocalArrayInLoop, declarator.Syntax, local.Name);
                return;
            }

            output.Add(new Declaration(type, name, creation));
            return;
        }

        if (value is null)
        {
            output.Add(new Declaration(type, name, null));
        }
        else if (type.IsFloating && Unwrap(value) is IConditionalOperation conditional && TypeMapper.IsFloating(conditional.Type))
        {
            output.Add(new Declaration(type, name, null));
            LowerConditionalInto(new Variable(type, name), conditional, output);
        }
        else
        {
            output.Add(new Declaration(type, name, Lower(value, type.IsFloating ? Mode.Root : Mode.Passive, output, type)));
        }
    }

    private Expr? LowerSequenceCreation(IOperation value, TypeRef type)
    {
        IOperation unwrapped = Unwrap(value);
        if (unwrapped is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } array)
        {
            return new NewSequence(type, Lower(array.DimensionSizes[0], Mode.Passive, null), IsStackAlloc: false);
        }

        if (unwrapped.Syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax arrayType }
            && arrayType.RankSpecifiers.Count == 1
            && arrayType.RankSpecifiers[0].Sizes.Count == 1
            && _semanticModel.GetOperation(arrayType.RankSpecifiers[0].Sizes[0], _cancellationToken) is { } size)
        {
            return new NewSequence(TypeRef.SequenceOf(type.Element, Shape.Span), Lower(size, Mode.Passive, null), IsStackAlloc: true);
        }

        return null;
    }

    private void LowerExpressionStatement(IOperation operation, List<Stmt> output)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                if (LowerTarget(assignment.Target) is not { } target)
                {
                    return;
                }

                if (target.Type.IsFloating && Unwrap(assignment.Value) is IConditionalOperation conditional && TypeMapper.IsFloating(conditional.Type))
                {
                    LowerConditionalInto(target, conditional, output);
                }
                else
                {
                    output.Add(new Assignment(target, Lower(assignment.Value, target.Type.IsFloating ? Mode.Root : Mode.Passive, output, target.Type)));
                }

                break;
            case ICompoundAssignmentOperation compound when compound.OperatorMethod is null:
                if (LowerTarget(compound.Target) is not { } compoundTarget || MapOperator(compound.OperatorKind, compound.Syntax) is not { } op)
                {
                    return;
                }

                Mode mode = compoundTarget.Type.IsFloating ? Mode.Value : Mode.Passive;
                Expr right = Lower(compound.Value, mode, output);
                output.Add(new Assignment(compoundTarget, Combine(op, compoundTarget, right, compound.Syntax)));
                break;
            case IIncrementOrDecrementOperation increment:
                if (LowerTarget(increment.Target) is not { } counter)
                {
                    return;
                }

                Literal one = LiteralFormatter.TryCreate(1, counter.Type) ?? new Literal(counter.Type, "1");
                BinaryOperator step = increment.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                output.Add(new Assignment(counter, new Binary(counter.Type, step, counter, one)));
                break;
            default:
                ReportStatement(operation);
                break;
        }
    }

    private void LowerReturn(IOperation value, List<Stmt> output)
    {
        if (Unwrap(value) is IConditionalOperation { Condition.ConstantValue: { HasValue: true, Value: bool constant } } folded && TypeMapper.IsFloating(folded.Type))
        {
            LowerReturn(constant ? folded.WhenTrue : folded.WhenFalse!, output);
            return;
        }

        if (Unwrap(value) is IConditionalOperation conditional && TypeMapper.IsFloating(conditional.Type))
        {
            // return c ? a : b  becomes  if (c) return a; else return b;  so the branch not taken is never evaluated.
            var whenTrue = new List<Stmt>();
            LowerReturn(conditional.WhenTrue, whenTrue);
            var whenFalse = new List<Stmt>();
            LowerReturn(conditional.WhenFalse!, whenFalse);
            output.Add(new If(
                Lower(conditional.Condition, Mode.Passive, output),
                new Block(whenTrue.ToEquatableArray()),
                new Block(whenFalse.ToEquatableArray()),
                SpotOf(conditional.Condition.Syntax),
                Normalize(conditional.Condition.Syntax.ToString())));
            return;
        }

        TypeRef returnType = TypeMapper.Map(_method.ReturnType) ?? TypeRef.Double;
        output.Add(new Return(Lower(value, Mode.Root, output, returnType)));
    }

    private void LowerConditionalInto(Expr target, IConditionalOperation conditional, List<Stmt> output)
    {
        if (conditional.Condition.ConstantValue is { HasValue: true, Value: bool constant })
        {
            // A constant condition picks its arm now: an if (true) would be unreachable code for C#.
            output.AddRange(LowerBranchInto(target, constant ? conditional.WhenTrue : conditional.WhenFalse!).Statements);
            return;
        }

        Expr condition = Lower(conditional.Condition, Mode.Passive, output);
        output.Add(new If(
            condition,
            LowerBranchInto(target, conditional.WhenTrue),
            LowerBranchInto(target, conditional.WhenFalse!),
            SpotOf(conditional.Condition.Syntax),
            Normalize(conditional.Condition.Syntax.ToString())));
    }

    private Block LowerBranchInto(Expr target, IOperation value)
    {
        var statements = new List<Stmt>();
        if (Unwrap(value) is IConditionalOperation nested && TypeMapper.IsFloating(nested.Type))
        {
            LowerConditionalInto(target, nested, statements);
        }
        else if (Unwrap(value) is ISwitchExpressionOperation switchExpression && TypeMapper.IsFloating(switchExpression.Type))
        {
            LowerSwitchExpressionInto(target, switchExpression, statements);
        }
        else
        {
            Expr lowered = Lower(value, Mode.Root, statements, target.Type);
            if (!Equals(lowered, target))
            {
                // m = c ? x : m keeps m in one branch: nothing to assign there.
                statements.Add(new Assignment(target, lowered));
            }
        }

        return new Block(statements.ToEquatableArray());
    }

    private void LowerFor(IForLoopOperation loop, List<Stmt> output)
    {
        var initializers = new List<Stmt>();
        foreach (IOperation before in loop.Before)
        {
            LowerStatement(before, initializers);
        }

        Expr? condition = loop.Condition is null ? null : Lower(loop.Condition, Mode.Passive, initializers);
        var steps = new List<Stmt>();
        foreach (IOperation after in loop.AtLoopBottom)
        {
            LowerStatement(after, steps);
        }

        Block body = LowerLoopBody(loop.Body);
        output.Add(new For(initializers.ToEquatableArray(), condition, steps.ToEquatableArray(), body, FindCanonicalCounter(initializers, steps, body)));
    }

    /// <summary>A loop is canonical when it declares one int counter, steps it by a constant and never writes it in the body.</summary>
    private static CanonicalCounter? FindCanonicalCounter(List<Stmt> initializers, List<Stmt> steps, Block body)
    {
        if (initializers.Count != 1
            || initializers[0] is not Declaration { Type.Scalar: ScalarType.Int32, Type.Shape: Shape.Scalar, Initializer: { } start } declaration
            || steps.Count != 1
            || steps[0] is not Assignment { Target: Variable target, Value: Binary { Left: Variable left, Right: Literal { Type.Scalar: ScalarType.Int32 } stepLiteral } stepValue }
            || !int.TryParse(stepLiteral.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int stride)
            || stride <= 0
            || target.Name != declaration.Name
            || left.Name != declaration.Name
            || stepValue.Operator is not (BinaryOperator.Add or BinaryOperator.Subtract)
            || IrQueries.AssignedNames(body).Contains(declaration.Name))
        {
            return null;
        }

        return new CanonicalCounter(declaration.Name, start, stepValue.Operator == BinaryOperator.Add ? stride : -stride);
    }

    private void LowerForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        // An array's foreach goes through an implicit conversion to IEnumerable: look through it.
        IOperation collection = loop.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : loop.Collection;
        SequenceView? view = ViewOf(Unwrap(collection));
        Expr sequence = view?.Sequence ?? Lower(Unwrap(collection), Mode.Passive, output);
        if (sequence.Type.Shape == Shape.Scalar || sequence is not (Variable or StaticMember) || loop.Locals.Length != 1)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, loop.Syntax, "This foreach loop", "loop over an array or span parameter, a local array or a static readonly array");
            return;
        }

        ILocalSymbol item = loop.Locals[0];
        TypeRef? itemType = TypeMapper.MapScalar(item.Type);
        if (itemType is null)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, loop.Syntax, "A foreach variable of type '" + item.Type.ToDisplayString() + "'", "loop over double, float, int or bool elements");
            return;
        }

        string itemName = NameOf(item);
        string index = Fresh(itemName + "Index");
        Expr element = view is null ? new ElementAccess(sequence.Type.Element, sequence, new Variable(TypeRef.Int32, index)) : ElementOfView(view, new Variable(TypeRef.Int32, index));
        if (!Equals(element.Type, itemType))
        {
            element = new Cast(itemType, element);
        }

        Block body = LowerLoopBody(loop.Body);
        var statements = new List<Stmt> { new Declaration(itemType, itemName, element) };
        statements.AddRange(body.Statements);
        var zero = new Literal(TypeRef.Int32, "0");
        output.Add(new For(
            EquatableArray.Of<Stmt>(new Declaration(TypeRef.Int32, index, zero)),
            new Binary(TypeRef.Boolean, BinaryOperator.Less, new Variable(TypeRef.Int32, index), view?.Length ?? new LengthOf(sequence)),
            EquatableArray.Of<Stmt>(new Assignment(new Variable(TypeRef.Int32, index), new Binary(TypeRef.Int32, BinaryOperator.Add, new Variable(TypeRef.Int32, index), new Literal(TypeRef.Int32, "1")))),
            new Block(statements.ToEquatableArray()),
            new CanonicalCounter(index, zero, 1)));
    }

    private Expr? LowerTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when TypeMapper.Map(local.Local.Type) is { IsScalar: true } type:
                return new Variable(type, NameOf(local.Local));
            case IParameterReferenceOperation parameter when TypeMapper.Map(parameter.Parameter.Type) is { IsScalar: true } type:
                return new Variable(type, parameter.Parameter.Name);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when Unwrap(element.ArrayReference) is ILocalReferenceOperation array:
                return LowerElementTarget(element, array.Local, element.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } viewed when ViewOf(viewed.Instance) is { } view:
                return LowerViewElementTarget(viewed, view, viewed.Arguments[0].Value);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer when indexer.Instance is not null && Unwrap(indexer.Instance) is ILocalReferenceOperation span:
                return LowerElementTarget(indexer, span.Local, indexer.Arguments[0].Value);
            case IParameterReferenceOperation parameter:
                Report(DiagnosticDescriptors.UnsupportedWrite, target.Syntax, "the parameter sequence '" + parameter.Parameter.Name + "'");
                return null;
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }:
                Report(DiagnosticDescriptors.UnsupportedWrite, target.Syntax, "'" + target.Syntax + "', an element of a sequence that is not a local array");
                return null;
            case IFieldReferenceOperation field:
                Report(DiagnosticDescriptors.UnsupportedWrite, target.Syntax, "the field '" + field.Field.Name + "'");
                return null;
            case IPropertyReferenceOperation property:
                Report(DiagnosticDescriptors.UnsupportedWrite, target.Syntax, "the property '" + property.Property.Name + "'");
                return null;
            default:
                Report(DiagnosticDescriptors.UnsupportedWrite, target.Syntax, "'" + target.Syntax + "'");
                return null;
        }
    }

    private Expr? LowerElementTarget(IOperation element, ILocalSymbol local, IOperation index)
    {
        TypeRef? type = TypeMapper.Map(local.Type);
        if (type is null || type.IsScalar)
        {
            Report(DiagnosticDescriptors.UnsupportedWrite, element.Syntax, "'" + element.Syntax + "'");
            return null;
        }

        return new ElementAccess(type.Element, new Variable(type, NameOf(local)), Lower(index, Mode.Passive, null));
    }

    // ---------------------------------------------------------------- expressions

    private Expr Lower(IOperation operation, Mode mode, List<Stmt>? output, TypeRef? convertTo = null)
    {
        Expr lowered = LowerCore(operation, mode, output);
        return convertTo is not null && convertTo.IsScalar && !Equals(lowered.Type, convertTo) ? new Cast(convertTo, lowered) : lowered;
    }

    private Expr LowerCore(IOperation operation, Mode mode, List<Stmt>? output)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (operation.ConstantValue is { HasValue: true } constant && TypeMapper.MapScalar(operation.Type) is { } constantType
            && LiteralFormatter.TryCreate(constant.Value, constantType) is { } literal)
        {
            return literal;
        }

        // Floating children of a floating value stay in value mode; everything else (conditions, indices) is passive.
        Mode ChildMode(IOperation child, TypeRef? resultType) =>
            mode != Mode.Passive && resultType is { IsFloating: true } && TypeMapper.IsFloating(child.Type) ? Mode.Value : Mode.Passive;

        switch (operation)
        {
            case IConversionOperation { OperatorMethod: not null } spanConversion when TypeMapper.Map(spanConversion.Type) is { IsSequence: true }:
                // double[] to ReadOnlySpan<double> goes through op_Implicit: the array itself is the value.
                return Lower(spanConversion.Operand, Mode.Passive, output);
            case IConversionOperation conversion when conversion.OperatorMethod is null:
            {
                TypeRef? target = TypeMapper.Map(conversion.Type);
                if (target is { IsSequence: true })
                {
                    return Lower(conversion.Operand, Mode.Passive, output);
                }

                if (target is null)
                {
                    return Unsupported(operation, "A conversion to '" + conversion.Type?.ToDisplayString() + "'", "convert between double, float, int, long and bool only");
                }

                Expr operand = Lower(conversion.Operand, ChildMode(conversion.Operand, target), output);
                return Equals(operand.Type, target) ? operand : new Cast(target, operand);
            }

            case ILocalReferenceOperation local when _views.ContainsKey(local.Local):
                return Unsupported(
                    operation,
                    "Using the span view '" + local.Local.Name + "' as a whole",
                    "index it, take its Length, loop over it with foreach, or pass it to a method or to TensorPrimitives.Dot, Sum or SumOfSquares");
            case ILocalReferenceOperation local:
                return TypeMapper.Map(local.Local.Type) is { } localType
                    ? new Variable(localType, NameOf(local.Local))
                    : Unsupported(operation, "A local of type '" + local.Local.Type.ToDisplayString() + "'", "use double, float, int, long or bool locals");
            case IParameterReferenceOperation parameter:
                return new Variable(
                    TypeMapper.Map(parameter.Parameter.Type) ?? new TypeRef(ScalarType.Other, Shape.Scalar, parameter.Parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
                    parameter.Parameter.Name);
            case IFieldReferenceOperation { Field.IsStatic: true } field when TypeMapper.Map(field.Type) is { } fieldType:
                return new StaticMember(fieldType, QualifiedName(field.Field));
            case IPropertyReferenceOperation { Property.IsStatic: true, Property.IsIndexer: false } property when TypeMapper.Map(property.Type) is { } propertyType:
                return new StaticMember(propertyType, QualifiedName(property.Property));
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } viewed } when ViewOf(viewed) is { } view:
                return view.Length;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } viewed } indexed when ViewOf(viewed) is { } view:
                return ElementOfView(view, Lower(indexed.Arguments[0].Value, Mode.Passive, output));
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when TypeMapper.Map(instance.Type) is { IsSequence: true }:
                return new LengthOf(Lower(instance, Mode.Passive, output));
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } spanInstance } indexer
                when TypeMapper.Map(spanInstance.Type) is { IsSequence: true } spanType && TypeMapper.MapScalar(indexer.Arguments[0].Value.Type)?.Scalar == ScalarType.Int32:
                return new ElementAccess(spanType.Element, Lower(spanInstance, Mode.Passive, output), Lower(indexer.Arguments[0].Value, Mode.Passive, output));
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when TypeMapper.Map(element.ArrayReference.Type) is { IsSequence: true } arrayType:
                return new ElementAccess(arrayType.Element, Lower(element.ArrayReference, Mode.Passive, output), Lower(element.Indices[0], Mode.Passive, output));
            case IBinaryOperation binary:
                return LowerBinary(binary, mode, output);
            case IUnaryOperation unary when unary.OperatorMethod is null && TypeMapper.MapScalar(unary.Type) is { } unaryType:
            {
                Expr operand = Lower(unary.Operand, ChildMode(unary.Operand, unaryType), output, unaryType);
                return unary.OperatorKind switch
                {
                    UnaryOperatorKind.Plus => operand,
                    UnaryOperatorKind.Minus => new Unary(unaryType, UnaryOperator.Negate, operand),
                    UnaryOperatorKind.Not => new Unary(unaryType, UnaryOperator.LogicalNot, operand),
                    UnaryOperatorKind.BitwiseNegation => new Unary(unaryType, UnaryOperator.BitwiseNot, operand),
                    _ => Unsupported(operation, "The operator in '" + operation.Syntax + "'", "use +, -, *, / and comparisons"),
                };
            }

            case IInvocationOperation invocation:
                return LowerCall(invocation, mode, output);
            case IConditionalOperation { IsRef: false, WhenFalse: { } constantFalse, Condition.ConstantValue: { HasValue: true, Value: bool constantCondition } } constantConditional:
                return Lower(constantCondition ? constantConditional.WhenTrue : constantFalse, mode, output, TypeMapper.MapScalar(constantConditional.Type));
            case IConditionalOperation { IsRef: false, WhenFalse: { } whenFalse } conditional when TypeMapper.MapScalar(conditional.Type) is { } conditionalType:
                if (conditionalType.IsFloating && mode != Mode.Passive && output is not null)
                {
                    string name = Fresh("choice");
                    var variable = new Variable(conditionalType, name);
                    output.Add(new Declaration(conditionalType, name, null));
                    LowerConditionalInto(variable, conditional, output);
                    return variable;
                }

                return new Conditional(
                    conditionalType,
                    Lower(conditional.Condition, Mode.Passive, output),
                    Lower(conditional.WhenTrue, mode == Mode.Root ? Mode.Value : mode, output, conditionalType),
                    Lower(whenFalse, mode == Mode.Root ? Mode.Value : mode, output, conditionalType));
            case ISwitchExpressionOperation switchExpression when TypeMapper.MapScalar(switchExpression.Type) is { IsFloating: true } switchType && mode != Mode.Passive && output is not null:
            {
                string name = Fresh("choice");
                var variable = new Variable(switchType, name);
                output.Add(new Declaration(switchType, name, null));
                LowerSwitchExpressionInto(variable, switchExpression, output);
                return variable;
            }

            case IParenthesizedOperation parenthesized:
                return Lower(parenthesized.Operand, mode, output);
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                return Unsupported(operation, "An assignment or increment inside an expression", "write it as a statement of its own");
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                return Unsupported(operation, "A lambda", "write the function as a separate [Differentiable] static method and call it");
            case IAwaitOperation:
                return Unsupported(operation, "await", "compute asynchronous inputs before calling the method");
            case IObjectCreationOperation or IAnonymousObjectCreationOperation or ITupleOperation:
                return Unsupported(operation, "Creating an object", "pass the values the method needs as double, float or int parameters");
            case IArrayCreationOperation:
                return Unsupported(operation, "An array created inside an expression", "declare a local array with new T[n] and fill it element by element");
            case IAddressOfOperation:
                return Unsupported(operation, "Unsafe code", "use arrays or spans");
            default:
                return Unsupported(operation, DescribeExpression(operation), "rewrite it with arithmetic, Math functions, locals, loops and calls of [Differentiable] methods");
        }
    }

    private Expr LowerBinary(IBinaryOperation binary, Mode mode, List<Stmt>? output)
    {
        if (binary.OperatorMethod is not null)
        {
            return Unsupported(binary, "The user-defined operator in '" + binary.Syntax + "'", "use double or float arithmetic");
        }

        TypeRef? type = TypeMapper.MapScalar(binary.Type);
        BinaryOperator? op = MapOperator(binary.OperatorKind, binary.Syntax);
        if (type is null || op is null)
        {
            return Unsupported(binary, "The operation '" + binary.Syntax + "'", "use arithmetic on double, float, int or long values");
        }

        if (op == BinaryOperator.Remainder && type.IsFloating)
        {
            return Unsupported(binary, "The floating remainder '%'", "write it as a - b * Math.Floor(a / b) once Floor is supported, or compute it on integers");
        }

        // Comparisons and logic produce no derivative: their operands are passive.
        Mode operandMode = type.IsFloating && mode != Mode.Passive ? Mode.Value : Mode.Passive;
        TypeRef? operandType = TypeMapper.MapScalar(binary.LeftOperand.Type);
        Expr left = Lower(binary.LeftOperand, operandMode, output, type.IsFloating ? type : null);
        Expr right = Lower(binary.RightOperand, operandMode, output, type.IsFloating ? type : null);
        return new Binary(type, op.Value, left, right);
    }

    private Expr LowerCall(IInvocationOperation invocation, Mode mode, List<Stmt>? output)
    {
        IMethodSymbol target = invocation.TargetMethod;
        if (invocation.Arguments.FirstOrDefault(static a => a.Value is IAnonymousFunctionOperation or IDelegateCreationOperation) is { } lambda)
        {
            return Unsupported(lambda.Value, "A lambda", "write the function as a separate [Differentiable] static method and call it");
        }

        if (target.MethodKind == MethodKind.LocalFunction)
        {
            // The local function itself is reported where it is declared.
            return new Literal(TypeMapper.MapScalar(target.ReturnType) ?? TypeRef.Double, "0");
        }

        if (target.MethodKind == MethodKind.DelegateInvoke)
        {
            return Unsupported(invocation, "Calling a delegate", "call a [Differentiable] static method directly instead of through a lambda or delegate");
        }

        if (!target.IsStatic)
        {
            return Unsupported(
                invocation,
                "Calling the instance method '" + target.Name + "'",
                "span and array methods are not supported: index the elements in a loop, or call TensorPrimitives.Dot, Sum or SumOfSquares on the span or its Slice(start, length)");
        }

        if (invocation.Arguments.Any(static a => a.Parameter?.RefKind is RefKind.Ref or RefKind.Out))
        {
            return Unsupported(invocation, "A call with ref or out arguments", "call methods that return their result");
        }

        if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, _method.OriginalDefinition))
        {
            Report(DiagnosticDescriptors.Recursion, invocation.Syntax, _method.Name);
            return new Literal(TypeRef.Double, "0.0");
        }

        TypeRef? returnType = TypeMapper.Map(target.ReturnType);
        string owner = target.ContainingType.ToDisplayString();
        IOperation[] arguments = invocation.Arguments.Select(static a => a.Value).ToArray();

        if (target.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == MethodParser.DifferentiableAttributeName)
            && returnType is { IsFloating: true, IsScalar: true })
        {
            return LowerDifferentiableCall(invocation, target, returnType, mode, output);
        }

        if (returnType is { IsFloating: true, IsScalar: true } && Intrinsics.IsStopGradient(owner, target.Name, arguments.Length))
        {
            // The value passes through and no derivative does: a passive call, which activity analysis does not look into.
            Expr stopped = Lower(arguments[0], Mode.Passive, output, returnType);
            return Hoist(new PlainCall(returnType, Intrinsics.StopGradientQualifiedName, EquatableArray.Of(new Argument(stopped))), "stopGradient", mode, output);
        }

        if (returnType is { IsFloating: true, IsScalar: true } && Intrinsics.SpanReductionOf(owner, target.Name, arguments.Length) is { } reduction)
        {
            return LowerSpanReduction(invocation, reduction, returnType, mode, output);
        }

        if (returnType is { IsFloating: true, IsScalar: true } && Intrinsics.OwnerOf(owner, target.Name, arguments.Length) is { } intrinsicOwner
            && target.Parameters.All(static p => TypeMapper.IsFloating(p.Type)))
        {
            return LowerIntrinsic(invocation, intrinsicOwner, returnType, mode, output);
        }

        if (target.Name == "Sign" && arguments.Length == 1 && TypeMapper.IsFloating(arguments[0].Type)
            && Intrinsics.IsMathOwner(owner))
        {
            // Sign jumps at 0 and returns an int: no derivative flows through it, but it is a kink site.
            Expr argument = Lower(arguments[0], Mode.Passive, output);
            return new IntrinsicCall(TypeRef.Int32, "Sign", EquatableArray.Of(argument), SpotOf(invocation.Syntax), IntrinsicOwner.Math, null, EquatableArray.Of(Normalize(arguments[0].Syntax.ToString())));
        }

        if (returnType is { IsScalar: true } && (!returnType.IsFloating || mode == Mode.Passive))
        {
            // A computation that yields no derivative (an int, a bool, or a value only used in a condition).
            var lowered = arguments.Select(a => new Argument(SliceArgument(a, TypeMapper.Map(a.Type), output) ?? Lower(a, Mode.Passive, output))).ToEquatableArray();
            return new PlainCall(returnType, target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + target.Name, lowered);
        }

        Report(DiagnosticDescriptors.NoKnownDerivative, invocation.Syntax, owner + "." + target.Name);
        return new Literal(returnType ?? TypeRef.Double, "0.0");
    }

    private Expr LowerIntrinsic(IInvocationOperation invocation, IntrinsicOwner owner, TypeRef type, Mode mode, List<Stmt>? output)
    {
        IMethodSymbol target = invocation.TargetMethod;
        Mode argumentMode = mode == Mode.Passive ? Mode.Passive : Mode.Value;
        KinkPrimitive? primitive = KinkCatalog.Find(owner, target.Name);
        var arguments = new List<Expr>();
        var sourceArguments = new List<string>();
        for (int i = 0; i < invocation.Arguments.Length; i++)
        {
            IArgumentOperation argument = invocation.Arguments[i];

            // A rule argument only selects the derivative at the kink: it never carries one itself.
            bool isRuleArgument = primitive is not null && i == primitive.RuleArgumentIndex;
            arguments.Add(Lower(argument.Value, isRuleArgument ? Mode.Passive : argumentMode, output, type));
            sourceArguments.Add(argument.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.DefaultValue && argument.Value.ConstantValue.HasValue
                ? Parsing.LiteralFormatter.TryCreate(argument.Value.ConstantValue.Value, type)?.Text ?? "default"
                : Normalize(argument.Value.Syntax.ToString()));
        }

        Expr? rule = primitive is null ? null : ResolveRule(invocation, primitive, arguments, type);
        string stem = char.ToLowerInvariant(target.Name[0]) + target.Name.Substring(1);
        var call = new IntrinsicCall(type, target.Name, arguments.ToEquatableArray(), SpotOf(invocation.Syntax), owner, rule, sourceArguments.ToEquatableArray());
        return Hoist(call, stem, mode, output);
    }

    /// <summary>The rule at a kink, innermost first: the call's own argument, the method's attribute, the assembly's, AdGen's default.</summary>
    private Expr? ResolveRule(IInvocationOperation invocation, KinkPrimitive primitive, List<Expr> arguments, TypeRef type)
    {
        if (primitive.RuleArgumentIndex >= 0 && primitive.RuleArgumentIndex < arguments.Count)
        {
            IOperation ruleArgument = invocation.Arguments[primitive.RuleArgumentIndex].Value;
            if (ruleArgument.ConstantValue is { HasValue: true, Value: { } constant })
            {
                ValidateRule(primitive, System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture), invocation, "the argument " + Normalize(ruleArgument.Syntax.ToString()));
            }

            return arguments[primitive.RuleArgumentIndex];
        }

        if (primitive.Name == "LeakyRelu")
        {
            // Without an explicit slope at zero, leaky ReLU takes its negative slope there (its left derivative).
            return arguments[1];
        }

        // Options on the attributes are checked where they are written (RuleOptionValidator), not at each call.
        double value = primitive.Default;
        if (primitive.OptionName is { } option)
        {
            value = ReadOption(_method.GetAttributes(), MethodParser.DifferentiableAttributeName, option)
                ?? ReadOption(_method.ContainingAssembly.GetAttributes(), MethodParser.DifferentiableDefaultsAttributeName, option)
                ?? value;
        }

        return Parsing.LiteralFormatter.Of(value, type);
    }

    /// <summary>A constant rule argument outside the primitive's Clarke subdifferential at the kink gets ADG0016.</summary>
    private void ValidateRule(KinkPrimitive primitive, double value, IInvocationOperation invocation, string origin)
    {
        double low = primitive.Low;
        double high = primitive.High;
        if (primitive.Name == "LeakyRelu")
        {
            if (invocation.Arguments[1].Value.ConstantValue is not { HasValue: true, Value: { } slope })
            {
                return; // The range depends on a run-time slope: AdMath.LeakyRelu checks it when called.
            }

            double negativeSlope = System.Convert.ToDouble(slope, System.Globalization.CultureInfo.InvariantCulture);
            low = Math.Min(negativeSlope, 1);
            high = Math.Max(negativeSlope, 1);
        }

        if (!(value >= low && value <= high))
        {
            Report(
                DiagnosticDescriptors.RuleOutOfRange,
                invocation.Syntax,
                value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                origin,
                primitive.Name,
                low.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                high.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static double? ReadOption(ImmutableArray<AttributeData> attributes, string attributeName, string option)
    {
        foreach (AttributeData attribute in attributes)
        {
            if (attribute.AttributeClass?.ToDisplayString() != attributeName)
            {
                continue;
            }

            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == option && named.Value.Value is { } raw)
                {
                    double value = System.Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
                    return double.IsNaN(value) ? null : value;
                }
            }
        }

        return null;
    }

    private static string Normalize(string text) => string.Join(" ", text.Split(new[] { ' ', '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries));

    private Expr LowerDifferentiableCall(IInvocationOperation invocation, IMethodSymbol target, TypeRef returnType, Mode mode, List<Stmt>? output)
    {
        var parameters = new List<ParameterModel>();
        var arguments = new List<Expr>();
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            IParameterSymbol parameter = target.Parameters[i];
            TypeRef type = TypeMapper.Map(parameter.Type) ?? new TypeRef(ScalarType.Other, Shape.Scalar, parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            bool noDerivative = parameter.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == MethodParser.NoDerivativeAttributeName);
            var model = new ParameterModel(parameter.Name, type, type.IsFloating && !noDerivative ? ParameterRole.Differentiable : ParameterRole.Passive);
            parameters.Add(model);

            IOperation value = invocation.Arguments.First(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter)).Value;
            if (!model.IsDifferentiable || mode == Mode.Passive || output is null)
            {
                arguments.Add(SliceArgument(value, type, output) ?? Lower(value, Mode.Passive, output, type.IsScalar ? type : null));
                continue;
            }

            if (type.IsSequence)
            {
                Expr sequence = SliceArgument(value, type, output) ?? Lower(value, Mode.Passive, output);
                if (sequence is not (Variable or SpanSlice))
                {
                    Report(DiagnosticDescriptors.ConstantSequenceArgument, value.Syntax, value.Syntax.ToString(), parameter.Name, target.Name);
                }

                arguments.Add(sequence);
                continue;
            }

            // Pullbacks take each scalar argument's adjoint by ref: give every non-trivial argument a name.
            Expr scalar = Lower(value, Mode.Value, output, type);
            if (scalar is not (Variable or Literal or ElementAccess))
            {
                string name = Fresh(parameter.Name + "Argument");
                output.Add(new Declaration(type, name, scalar));
                scalar = new Variable(type, name);
            }

            arguments.Add(scalar);
        }

        var callee = new CalleeModel(
            target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            target.Name,
            returnType,
            parameters.ToEquatableArray(),
            CalleeModes.Agree(target, _cancellationToken));
        string baseName = char.ToLowerInvariant(target.Name[0]) + target.Name.Substring(1);
        return Hoist(new DifferentiableCall(returnType, callee, arguments.ToEquatableArray()), baseName, mode, output);
    }

    /// <summary>Gives a call nested in a value expression a local of its own, so each statement has one call at most.</summary>
    private Expr Hoist(Expr call, string baseName, Mode mode, List<Stmt>? output)
    {
        if (mode != Mode.Value || output is null)
        {
            return call;
        }

        string name = Fresh(baseName);
        output.Add(new Declaration(call.Type, name, call));
        return new Variable(call.Type, name);
    }

    private Expr Combine(BinaryOperator op, Expr target, Expr right, SyntaxNode syntax)
    {
        TypeRef type = target.Type;
        TypeRef wide = Widest(type, right.Type);
        Expr left = Equals(wide, type) ? target : new Cast(wide, target);
        Expr rightWide = Equals(wide, right.Type) ? right : new Cast(wide, right);
        if (op == BinaryOperator.Remainder && wide.IsFloating)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, syntax, "The floating remainder '%='", "compute it on integers");
        }

        Expr combined = new Binary(wide, op, left, rightWide);
        return Equals(wide, type) ? combined : new Cast(type, combined);
    }

    private static TypeRef Widest(TypeRef a, TypeRef b)
    {
        if (a.Scalar == ScalarType.Double || b.Scalar == ScalarType.Double)
        {
            return TypeRef.Double;
        }

        if (a.Scalar == ScalarType.Single || b.Scalar == ScalarType.Single)
        {
            return TypeRef.Single;
        }

        return a.Scalar == ScalarType.Int64 || b.Scalar == ScalarType.Int64 ? TypeRef.Int64 : a;
    }

    private BinaryOperator? MapOperator(BinaryOperatorKind kind, SyntaxNode syntax)
    {
        switch (kind)
        {
            case BinaryOperatorKind.Add: return BinaryOperator.Add;
            case BinaryOperatorKind.Subtract: return BinaryOperator.Subtract;
            case BinaryOperatorKind.Multiply: return BinaryOperator.Multiply;
            case BinaryOperatorKind.Divide: return BinaryOperator.Divide;
            case BinaryOperatorKind.Remainder: return BinaryOperator.Remainder;
            case BinaryOperatorKind.LessThan: return BinaryOperator.Less;
            case BinaryOperatorKind.LessThanOrEqual: return BinaryOperator.LessOrEqual;
            case BinaryOperatorKind.GreaterThan: return BinaryOperator.Greater;
            case BinaryOperatorKind.GreaterThanOrEqual: return BinaryOperator.GreaterOrEqual;
            case BinaryOperatorKind.Equals: return BinaryOperator.Equal;
            case BinaryOperatorKind.NotEquals: return BinaryOperator.NotEqual;
            case BinaryOperatorKind.ConditionalAnd: return BinaryOperator.LogicalAnd;
            case BinaryOperatorKind.ConditionalOr: return BinaryOperator.LogicalOr;
            case BinaryOperatorKind.And: return BinaryOperator.BitwiseAnd;
            case BinaryOperatorKind.Or: return BinaryOperator.BitwiseOr;
            case BinaryOperatorKind.ExclusiveOr: return BinaryOperator.ExclusiveOr;
            case BinaryOperatorKind.LeftShift: return BinaryOperator.LeftShift;
            case BinaryOperatorKind.RightShift: return BinaryOperator.RightShift;
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, syntax, "The operator in '" + syntax + "'", "use +, -, *, /, comparisons and logical operators");
                return null;
        }
    }

    // ---------------------------------------------------------------- names, spots, diagnostics

    private string NameOf(ILocalSymbol local)
    {
        if (_localNames.TryGetValue(local, out string? name))
        {
            return name;
        }

        // The first local of a name keeps it; a later one in another scope gets a suffix, since reverse mode
        // moves declarations out of their blocks.
        name = _localNamesTaken.Add(local.Name) ? local.Name : Fresh(local.Name);
        _localNamesTaken.Add(name);
        _localNames.Add(local, name);
        return name;
    }

    private string Fresh(string baseName)
    {
        string candidate = baseName;
        for (int i = 2; _reserved.Contains(candidate) || _localNamesTaken.Contains(candidate); i++)
        {
            candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _reserved.Add(candidate);
        _localNamesTaken.Add(candidate);
        return candidate;
    }

    private SourceSpot SpotOf(SyntaxNode syntax)
    {
        FileLinePositionSpan lines = syntax.GetLocation().GetLineSpan();
        LinePosition start = lines.StartLinePosition;
        return new SourceSpot(_fileName, start.Line + 1, start.Character + 1, new LocationInfo(lines.Path ?? string.Empty, syntax.Span, lines.Span));
    }

    private static string QualifiedName(ISymbol member) =>
        member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member.Name;

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null, IsImplicit: true } conversion
            && SymbolEqualityComparer.Default.Equals(conversion.Type, conversion.Operand.Type))
        {
            operation = conversion.Operand;
        }

        return operation is IConversionOperation { Operand: IArrayCreationOperation or { Kind: OperationKind.None } } wrapped ? wrapped.Operand : operation;
    }

    private Expr Unsupported(IOperation operation, string what, string instead)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, what, instead);
        return new Literal(TypeMapper.MapScalar(operation.Type) ?? TypeRef.Double, "0");
    }

    private void ReportStatement(IOperation operation)
    {
        (string what, string instead) = operation.Syntax switch
        {
            TryStatementSyntax => ("A try statement", "handle errors outside the [Differentiable] method"),
            ThrowStatementSyntax or ThrowExpressionSyntax => ("A throw statement", "validate arguments in a wrapper before calling the method"),
            GotoStatementSyntax or LabeledStatementSyntax => ("goto", "use loops with break and continue"),
            LockStatementSyntax => ("A lock statement", "synchronize outside the method"),
            UsingStatementSyntax or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } => ("A using statement", "create and dispose resources outside the method"),
            SwitchStatementSyntax => ("A switch statement", "use if / else if"),
            LocalFunctionStatementSyntax => ("A local function", "make it a separate [Differentiable] static method"),
            YieldStatementSyntax => ("An iterator", "return one double or float value"),
            UnsafeStatementSyntax or FixedStatementSyntax => ("Unsafe code", "use arrays or spans"),
            CheckedStatementSyntax => ("A checked block", "remove checked/unchecked around differentiable code"),
            ExpressionStatementSyntax { Expression: InvocationExpressionSyntax } => ("A call whose result is discarded", "use the call's value in an expression"),
            _ => ("This statement (" + operation.Syntax.Kind() + ")", "use assignments, if/else, loops and return"),
        };
        Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, what, instead);
    }

    private static string DescribeExpression(IOperation operation) => operation.Syntax switch
    {
        QueryExpressionSyntax => "A LINQ query",
        SwitchExpressionSyntax => "A switch expression",
        IsPatternExpressionSyntax => "A pattern match",
        _ => "The expression '" + Truncate(operation.Syntax.ToString()) + "'",
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode syntax, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, syntax.GetLocation(), arguments));
}
