using System;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>
/// The tape's blocks (a slot per loop iteration, see <see cref="Tape.PushBlock"/>): last in, first out, reused at the
/// same depth once popped, grown when a longer loop needs more, never moved while on the tape.
/// </summary>
public sealed class TapeBlockRuntimeTests
{
    [Fact]
    public void Blocks_are_read_from_the_top_and_popped_together()
    {
        var tape = new Tape();
        double[] first = tape.PushBlock(3);
        double[] second = tape.PushBlock(5);
        first[2] = 1.5;
        second[4] = -2.5;
        Assert.Equal(2, tape.BlockCount);
        Assert.Same(second, tape.PeekBlock(0));
        Assert.Same(first, tape.PeekBlock(1));
        Assert.Equal(-2.5, tape.PeekBlock(0)[4]);
        Assert.Equal(1.5, tape.PeekBlock(1)[2]);
        tape.PopBlocks(2);
        Assert.Equal(0, tape.BlockCount);
    }

    [Fact]
    public void A_popped_block_is_reused_at_its_depth_and_grown_when_too_short()
    {
        var tape = new Tape();
        double[] block = tape.PushBlock(100);
        tape.PopBlocks(1);
        Assert.Same(block, tape.PushBlock(60));
        tape.PopBlocks(1);
        double[] longer = tape.PushBlock(101);
        Assert.NotSame(block, longer);
        Assert.True(longer.Length >= 200, "blocks grow by doubling at least");
        tape.PopBlocks(1);

        // A block under another is not the one the upper push gets.
        double[] lower = tape.PushBlock(10);
        double[] upper = tape.PushBlock(10);
        Assert.NotSame(lower, upper);
        Assert.Same(lower, tape.PeekBlock(1));
        tape.PopBlocks(2);
    }

    [Fact]
    public void Loops_that_do_not_run_get_empty_blocks_and_impossible_counts_throw()
    {
        var tape = new Tape();
        Assert.NotNull(tape.PushBlock(-7));
        Assert.NotNull(tape.PushBlock(0));
        tape.PopBlocks(2);
        Assert.Throws<OutOfMemoryException>(() => tape.PushBlock((long)int.MaxValue + 1));
        Assert.Equal(0, tape.BlockCount);
        Assert.Throws<InvalidOperationException>(() => tape.PopBlocks(1));
    }

    [Fact]
    public void Many_blocks_grow_the_stack_and_truncate_drops_them()
    {
        var tape = new Tape();
        for (int i = 0; i < 100; i++)
        {
            tape.PushBlock(i + 1)[i] = i;
        }

        Assert.Equal(100, tape.BlockCount);
        Assert.Equal(99, tape.PeekBlock(0)[99]);
        long capacity = tape.CapacityInBytes;
        tape.Truncate(tape.ValueCount, tape.IntegerCount);
        Assert.Equal(100, tape.BlockCount);
        tape.Truncate(0, 0, 40);
        Assert.Equal(40, tape.BlockCount);
        Assert.Equal(39, tape.PeekBlock(0)[39]);
        Assert.Throws<ArgumentOutOfRangeException>(() => tape.Truncate(0, 0, 41));
        Assert.Equal(capacity, tape.CapacityInBytes);
    }
}
