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

    // Blocks stay in their slot when popped, to be reused by the next block pushed at that depth: in steady state a
    // loop's blocks allocate nothing. A block is never resized while in use, so generated code may hold it in a local.
    private double[]?[] _blocks = new double[]?[16];
    private int _blockCount;

    /// <summary>The calling thread's tape.</summary>
    public static Tape Current => t_current ??= new Tape();

    /// <summary>How many floating-point values are on the tape.</summary>
    public int ValueCount => _valueCount;

    /// <summary>How many integers (trip counts, branch outcomes, indices) are on the tape.</summary>
    public int IntegerCount => _integerCount;

    /// <summary>How many blocks (see <see cref="PushBlock"/>) are on the tape.</summary>
    public int BlockCount => _blockCount;

    /// <summary>Bytes currently reserved by this tape's buffers, the blocks kept for reuse included.</summary>
    public long CapacityInBytes
    {
        get
        {
            long bytes = (long)_values.Length * sizeof(double) + (long)_integers.Length * sizeof(int);
            foreach (double[]? block in _blocks)
            {
                bytes += (long)(block?.Length ?? 0) * sizeof(double);
            }

            return bytes;
        }
    }

    /// <summary>
    /// Pushes a block with a slot for each iteration of a loop about to run <paramref name="iterations"/> times (none
    /// when negative), for a value the loop overwrites in every iteration: the loop writes and its reverse sweep reads
    /// the slots at its counter instead of pushing and popping the value each time. The block may be longer than asked.
    /// </summary>
    /// <exception cref="OutOfMemoryException">More iterations than an array can hold.</exception>
    public double[] PushBlock(long iterations)
    {
        if (iterations > Array.MaxLength)
        {
            throw new OutOfMemoryException($"A loop of {iterations} iterations is too long to tape.");
        }

        if (_blockCount == _blocks.Length)
        {
            Grow(ref _blocks);
        }

        int length = (int)Math.Max(iterations, 0);
        double[]? block = _blocks[_blockCount];
        if (block is null || block.Length < length)
        {
            // Doubling, so that a loop whose count creeps up reallocates a logarithmic number of times.
            long grown = Math.Max(length, 2L * (block?.Length ?? 0));
            block = new double[(int)Math.Min(grown, Array.MaxLength)];
            _blocks[_blockCount] = block;
        }

        _blockCount++;
        return block;
    }

    /// <summary>
    /// A block on the tape, <paramref name="below"/> blocks under the top (0: the most recently pushed), with the
    /// values its loop wrote. A reverse sweep reads its loop's blocks this way and pops them after the loop, so that
    /// the calls it makes meanwhile push their own blocks above them instead of reusing theirs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double[] PeekBlock(int below) => _blocks[_blockCount - 1 - below]!;

    /// <summary>Pops the most recently pushed <paramref name="count"/> blocks; they are kept for reuse.</summary>
    /// <exception cref="InvalidOperationException">Fewer blocks on the tape.</exception>
    public void PopBlocks(int count)
    {
        if ((uint)count > (uint)_blockCount)
        {
            throw new InvalidOperationException($"Popping {count} blocks from a tape with {_blockCount}.");
        }

        _blockCount -= count;
    }

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
    /// Drops the values and integers above the given counts, keeping the blocks; see
    /// <see cref="Truncate(int, int, int)"/>, which drops blocks too.
    /// </summary>
    public void Truncate(int valueCount, int integerCount) => Truncate(valueCount, integerCount, _blockCount);

    /// <summary>
    /// Drops everything above the given counts. Generated code does not need it (its pushes and pops balance);
    /// it is for callers that abandoned a sweep, e.g. after an exception in user code.
    /// </summary>
    public void Truncate(int valueCount, int integerCount, int blockCount)
    {
        if ((uint)blockCount > (uint)_blockCount)
        {
            throw new ArgumentOutOfRangeException(nameof(blockCount));
        }

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
        _blockCount = blockCount;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow<T>(ref T[] buffer) => Array.Resize(ref buffer, buffer.Length * 2);
}
