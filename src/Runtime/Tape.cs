using System;
using System.Runtime.CompilerServices;

namespace AdGen;

/// <summary>
/// The stack that reverse-mode code uses through loops: the forward sweep pushes the values it is about to
/// overwrite, branch outcomes and trip counts; the reverse sweep pops them in the opposite order (as Tapenade does).
/// </summary>
/// <remarks>
/// One tape per thread, reused by every generated derivative on that thread: its buffers grow to the largest
/// sweep seen and are then kept, so a gradient call allocates nothing in steady state. Calls nest naturally because
/// each generated method pops exactly what it pushed. Generated code is the intended caller; the members are public
/// so that it can reach them from the user's assembly.
/// </remarks>
public sealed class Tape
{
    [ThreadStatic]
    private static Tape? t_current;

    private double[] _values = new double[256];
    private int _valueCount;
    private int[] _integers = new int[256];
    private int _integerCount;

    /// <summary>The calling thread's tape.</summary>
    public static Tape Current => t_current ??= new Tape();

    /// <summary>How many floating-point values are on the tape.</summary>
    public int ValueCount => _valueCount;

    /// <summary>How many integers (trip counts, branch outcomes, indices) are on the tape.</summary>
    public int IntegerCount => _integerCount;

    /// <summary>Bytes currently reserved by this tape's buffers.</summary>
    public long CapacityInBytes => (long)_values.Length * sizeof(double) + (long)_integers.Length * sizeof(int);

    /// <summary>Pushes a value the forward sweep is about to overwrite (floats are widened exactly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        if (_valueCount == _values.Length)
        {
            Grow(ref _values);
        }

        _values[_valueCount++] = value;
    }

    /// <summary>Pops the most recently pushed floating-point value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => _values[--_valueCount];

    /// <summary>Pops the most recently pushed value as a <see cref="float"/> (exact for values pushed as floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float PopSingle() => (float)_values[--_valueCount];

    /// <summary>Pushes an integer: a trip count, a loop start, or an index about to be overwritten.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value)
    {
        if (_integerCount == _integers.Length)
        {
            Grow(ref _integers);
        }

        _integers[_integerCount++] = value;
    }

    /// <summary>Pushes a long integer about to be overwritten (its bits travel unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(long value) => Push(BitConverter.Int64BitsToDouble(value));

    /// <summary>Pops a long integer pushed with <see cref="Push(long)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long PopInt64() => BitConverter.DoubleToInt64Bits(_values[--_valueCount]);

    /// <summary>Pushes a branch outcome.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => Push(value ? 1 : 0);

    /// <summary>Pops the most recently pushed integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt32() => _integers[--_integerCount];

    /// <summary>Pops the most recently pushed branch outcome.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBoolean() => _integers[--_integerCount] != 0;

    /// <summary>
    /// Drops everything above the given counts. Generated code does not need it (its pushes and pops balance);
    /// it is for callers that abandoned a sweep, e.g. after an exception in user code.
    /// </summary>
    public void Truncate(int valueCount, int integerCount)
    {
        if ((uint)valueCount > (uint)_valueCount)
        {
            throw new ArgumentOutOfRangeException(nameof(valueCount));
        }

        if ((uint)integerCount > (uint)_integerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(integerCount));
        }

        _valueCount = valueCount;
        _integerCount = integerCount;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow<T>(ref T[] buffer) => Array.Resize(ref buffer, buffer.Length * 2);
}
