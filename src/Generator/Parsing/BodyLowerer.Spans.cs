using System.Collections.Generic;
using System.Linq;
using AdGen.Generator.Diagnostics;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static AdGen.Generator.Transforms.ExprBuilder;

namespace AdGen.Generator.Parsing;

/// <summary>
/// Lowering of span slices: TensorPrimitives reductions over them, and span locals that view part of a sequence
/// (<c>ReadOnlySpan&lt;double&gt; row = w.Slice(j * n, n);</c>), whose uses become uses of the sequence itself.
/// </summary>
internal sealed partial class BodyLowerer
{
    /// <summary>
    /// A span local that views elements [Start, Start + Length) of a sequence parameter or local. Start and Length are
    /// taken once, where the view is declared (into fresh ints; a constant start stays a constant), as C# evaluates a
    /// slice, and the length from the slice itself, so a view out of range throws there as in the method.
    /// </summary>
    private sealed record SequenceView(Variable Sequence, Expr Start, Expr Length, bool OfParameter);

    private readonly Dictionary<ILocalSymbol, SequenceView> _views = new(SymbolEqualityComparer.Default);

    /// <summary>TensorPrimitives.Dot, Sum or SumOfSquares over spans, arrays, their slices or views.</summary>
    private Expr LowerSpanReduction(IInvocationOperation invocation, SpanReductionKind kind, TypeRef type, Mode mode, List<Stmt>? output)
    {
        var operands = new List<SpanSlice>();
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (LowerSpanOperand(argument.Value, type, output) is not { } operand)
            {
                return Unsupported(
                    argument.Value,
                    "The argument '" + Normalize(argument.Value.Syntax.ToString()) + "' of TensorPrimitives." + kind,
                    "pass a span or array (a parameter or a local) or its Slice(start, length) or AsSpan(start, length)");
            }

            operands.Add(operand);
        }

        var call = new SpanReduction(type, kind, operands.ToEquatableArray(), invocation.TargetMethod.IsGenericMethod);
        return Hoist(call, char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString().Substring(1), mode, output);
    }

    /// <summary>
    /// A slice of a sequence: a sequence parameter or local, a view, <c>x.Slice(start[, length])</c> of either, or
    /// <c>x.AsSpan(start[, length])</c> of an array; null for anything else.
    /// </summary>
    private SpanSlice? LowerSpanOperand(IOperation operation, TypeRef element, List<Stmt>? output)
    {
        operation = WithoutImplicitConversions(operation);
        IOperation sequenceOperation = operation;
        IOperation? startOperation = null;
        IOperation? lengthOperation = null;
        if (operation is IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice && slice.Arguments.Length is 1 or 2)
        {
            sequenceOperation = instance;
            startOperation = slice.Arguments[0].Value;
            lengthOperation = slice.Arguments.Length == 2 ? slice.Arguments[1].Value : null;
        }
        else if (operation is IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true } } asSpan
            && asSpan.TargetMethod.ContainingType.ToDisplayString() == "System.MemoryExtensions"
            && asSpan.Arguments.Length is 1 or 2 or 3
            && asSpan.Arguments.Skip(1).All(static a => a.Value.Type?.SpecialType == SpecialType.System_Int32))
        {
            sequenceOperation = asSpan.Arguments[0].Value;
            startOperation = asSpan.Arguments.Length > 1 ? asSpan.Arguments[1].Value : null;
            lengthOperation = asSpan.Arguments.Length > 2 ? asSpan.Arguments[2].Value : null;
        }

        sequenceOperation = WithoutImplicitConversions(sequenceOperation);
        if (TypeMapper.Map(sequenceOperation.Type) is not { IsSequence: true } sequenceType || sequenceType.Scalar != element.Scalar)
        {
            return null;
        }

        // The whole of what is sliced: a view's own range, or all of a sequence.
        TypeRef spanType = TypeRef.SequenceOf(element, Shape.ReadOnlySpan);
        SpanSlice whole;
        if (sequenceOperation is ILocalReferenceOperation { Local: var local } && _views.TryGetValue(local, out SequenceView? view))
        {
            whole = new SpanSlice(spanType, view.Sequence, view.Start, view.Length);
        }
        else if (sequenceOperation is IParameterReferenceOperation or ILocalReferenceOperation
            && Lower(sequenceOperation, Mode.Passive, output) is Variable sequence)
        {
            whole = new SpanSlice(spanType, sequence);
        }
        else
        {
            return null;
        }

        if (startOperation is null)
        {
            return whole;
        }

        Expr start = Lower(startOperation, Mode.Passive, output);
        Expr wholeLength = whole.Length ?? new LengthOf(whole.Sequence);
        Expr length = lengthOperation is null ? IntSubtract(wholeLength, start) : Lower(lengthOperation, Mode.Passive, output);
        return new SpanSlice(spanType, whole.Sequence, whole.Start is null ? start : IntAdd(whole.Start, start), length);
    }

    /// <summary>
    /// Declares a span local that views a slice of a sequence, <c>ReadOnlySpan&lt;double&gt; row = w.Slice(j * n, n)</c>:
    /// no statement but its bounds, taken now; false when the initializer is not such a slice.
    /// </summary>
    private bool TryDeclareView(ILocalSymbol local, string name, TypeRef type, IOperation? value, List<Stmt> output)
    {
        if (value is null || type.Shape is not (Shape.Span or Shape.ReadOnlySpan) || LowerSpanOperand(value, type.Element, output) is not { } slice)
        {
            return false;
        }

        Expr start = slice.Start ?? Int(0);
        Expr length = slice.Length ?? new LengthOf(slice.Sequence);
        if (slice.Start is not null)
        {
            if (slice.Start is not Literal)
            {
                string startName = Fresh(name + "Start");
                output.Add(new Declaration(TypeRef.Int32, startName, slice.Start));
                start = new Variable(TypeRef.Int32, startName);
            }

            // The length is read from the slice itself, which checks the bounds where the method's own Slice does.
            string lengthName = Fresh(name + "Length");
            output.Add(new Declaration(TypeRef.Int32, lengthName, new LengthOf(slice with { Start = start })));
            length = new Variable(TypeRef.Int32, lengthName);
        }

        var sequence = (Variable)slice.Sequence;
        bool ofParameter = _method.Parameters.Any(p => p.Name == sequence.Name);
        _views[local] = new SequenceView(sequence, start, length, ofParameter);
        return true;
    }

    /// <summary>
    /// A call argument that is a view or a slice (<c>x.Slice(a, n)</c>, <c>a.AsSpan(s, n)</c>) of a sequence, for a
    /// sequence parameter; null for anything else, which lowers as usual (a whole sequence stays a variable).
    /// </summary>
    private SpanSlice? SliceArgument(IOperation argument, TypeRef? parameterType, List<Stmt>? output)
    {
        IOperation unwrapped = WithoutImplicitConversions(argument);
        bool sliced = ViewOf(unwrapped) is not null || unwrapped is IInvocationOperation { TargetMethod.Name: "Slice" or "AsSpan" };
        return sliced && parameterType is { IsSequence: true } ? LowerSpanOperand(unwrapped, parameterType.Element, output) : null;
    }

    /// <summary>The view a reference names, if it is a view local.</summary>
    private SequenceView? ViewOf(IOperation? operation) =>
        operation is not null && WithoutImplicitConversions(operation) is ILocalReferenceOperation { Local: var local } && _views.TryGetValue(local, out SequenceView? view) ? view : null;

    /// <summary><c>row[k]</c> of a view: the element at the view's start plus k of the sequence it views.</summary>
    private static ElementAccess ElementOfView(SequenceView view, Expr index) =>
        new(view.Sequence.Type.Element, view.Sequence, IntAdd(view.Start, index));

    /// <summary>A write through a view: allowed into a local sequence, refused into a parameter's, as a direct write is.</summary>
    private Expr? LowerViewElementTarget(IOperation element, SequenceView view, IOperation index)
    {
        if (view.OfParameter)
        {
            Report(DiagnosticDescriptors.UnsupportedWrite, element.Syntax, "'" + element.Syntax + "', an element of the parameter sequence '" + view.Sequence.Name + "' through a span view");
            return null;
        }

        return ElementOfView(view, Lower(index, Mode.Passive, null));
    }

    private static IOperation WithoutImplicitConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
