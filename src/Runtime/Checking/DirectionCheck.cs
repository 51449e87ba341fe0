namespace AdGen.Checking;

/// <summary>One random direction v of the dot-product test.</summary>
/// <param name="Index">Which direction (0-based).</param>
/// <param name="Forward">∇f·v from forward mode (the tangent function).</param>
/// <param name="Reverse">∇f·v from reverse mode (the gradient dotted with v).</param>
/// <param name="Numeric">The central difference (f(x + hv) − f(x − hv)) / 2h.</param>
/// <param name="Consistent">Forward and reverse agree within the consistency tolerance.</param>
/// <param name="NumericAgrees">Reverse agrees with the numeric estimate within the finite-difference tolerances.</param>
public readonly record struct DirectionCheck(int Index, double Forward, double Reverse, double Numeric, bool Consistent, bool NumericAgrees)
{
    /// <summary>Whether this direction passed both comparisons.</summary>
    public bool Passed => Consistent && NumericAgrees;
}
