namespace AdGen.Generator.Model;

/// <summary>The element type of a value, as far as differentiation cares.</summary>
internal enum ScalarType
{
    Double,
    Single,
    Int32,
    Int64,
    Boolean,
    Other,
}

/// <summary>Whether a value is a scalar or a sequence of scalars, and which kind of sequence.</summary>
internal enum Shape
{
    Scalar,
    Array,
    ReadOnlySpan,
    Span,
}

/// <summary>A type as the IR needs it: a scalar kind, a shape, and its spelling in generated C#.</summary>
internal sealed record TypeRef(ScalarType Scalar, Shape Shape, string Display)
{
    public static readonly TypeRef Double = new(ScalarType.Double, Shape.Scalar, "double");
    public static readonly TypeRef Single = new(ScalarType.Single, Shape.Scalar, "float");
    public static readonly TypeRef Int32 = new(ScalarType.Int32, Shape.Scalar, "int");
    public static readonly TypeRef Int64 = new(ScalarType.Int64, Shape.Scalar, "long");
    public static readonly TypeRef Boolean = new(ScalarType.Boolean, Shape.Scalar, "bool");

    /// <summary>True for double and float scalars and sequences of them: the values that carry derivatives.</summary>
    public bool IsFloating => Scalar is ScalarType.Double or ScalarType.Single;

    public bool IsScalar => Shape == Shape.Scalar;

    public bool IsSequence => Shape != Shape.Scalar;

    /// <summary>The scalar type of one element (the type itself for scalars).</summary>
    public TypeRef Element => Shape == Shape.Scalar ? this : OfScalar(Scalar);

    public static TypeRef OfScalar(ScalarType scalar) => scalar switch
    {
        ScalarType.Double => Double,
        ScalarType.Single => Single,
        ScalarType.Int32 => Int32,
        ScalarType.Int64 => Int64,
        ScalarType.Boolean => Boolean,
        _ => new TypeRef(ScalarType.Other, Shape.Scalar, "object"),
    };

    public static TypeRef SequenceOf(TypeRef element, Shape shape) => new(
        element.Scalar,
        shape,
        shape switch
        {
            Shape.Array => element.Display + "[]",
            Shape.ReadOnlySpan => "global::System.ReadOnlySpan<" + element.Display + ">",
            Shape.Span => "global::System.Span<" + element.Display + ">",
            _ => element.Display,
        });

    public override string ToString() => Display;
}
