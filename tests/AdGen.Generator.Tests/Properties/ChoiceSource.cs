using System;
using System.Collections.Generic;
using CsCheck;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// The random decisions behind one generated program, recorded as a sequence of small integers (Hypothesis-style).
/// A program is a pure function of its choice sequence, so a failing program can be replayed from its seed and
/// minimised by editing the sequence: every decision maps choice 0 to its simplest option (a constant leaf, the end
/// of a block), and a sequence that runs out answers 0, so shorter or smaller sequences give simpler programs.
/// </summary>
public sealed class ChoiceSource
{
    private readonly PCG? _random;
    private readonly IReadOnlyList<uint>? _replay;
    private readonly List<uint> _recorded = new();

    private ChoiceSource(PCG? random, IReadOnlyList<uint>? replay)
    {
        _random = random;
        _replay = replay;
    }

    /// <summary>Draws fresh choices from CsCheck's PCG generator (reproducible from its stream and seed).</summary>
    public static ChoiceSource FromSeed(uint stream, ulong seed) => new(new PCG(stream, seed), null);

    /// <summary>Replays recorded choices; past their end every choice is 0.</summary>
    public static ChoiceSource Replay(IReadOnlyList<uint> choices) => new(null, choices);

    /// <summary>The choices made so far (what <see cref="Replay"/> needs to rebuild the same program).</summary>
    public IReadOnlyList<uint> Recorded => _recorded;

    /// <summary>A choice in [0, bound).</summary>
    public int Next(int bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        uint raw;
        if (_random is not null)
        {
            raw = _random.Next((uint)bound);
        }
        else
        {
            raw = _recorded.Count < _replay!.Count ? _replay[_recorded.Count] : 0u;
        }

        _recorded.Add(raw);
        return (int)(raw % (uint)bound);
    }

    /// <summary>An integer in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>True with probability about numerator/denominator; choice 0 means false.</summary>
    public bool Chance(int numerator, int denominator) => Next(denominator) >= denominator - numerator;

    /// <summary>Picks an index with the given relative weights; choice 0 picks the first option with a weight.</summary>
    public int Weighted(ReadOnlySpan<int> weights)
    {
        int total = 0;
        foreach (int weight in weights)
        {
            total += Math.Max(0, weight);
        }

        if (total == 0)
        {
            throw new InvalidOperationException("No option has a positive weight.");
        }

        int pick = Next(total);
        for (int i = 0; i < weights.Length; i++)
        {
            int weight = Math.Max(0, weights[i]);
            if (pick < weight)
            {
                return i;
            }

            pick -= weight;
        }

        throw new InvalidOperationException("Unreachable: the pick is below the total weight.");
    }

    public T Pick<T>(IReadOnlyList<T> options) => options[Next(options.Count)];

    /// <summary>A multiple of 0.25 in [-max, max] (choice 0 gives 0, then 0.25, -0.25, ...), so the text stays readable.</summary>
    public double Constant(double max)
    {
        int steps = (int)Math.Floor(max * 4);
        int k = Next(2 * steps + 1);
        int zigzag = k % 2 == 0 ? k / 2 : -(k + 1) / 2;
        return zigzag / 4.0;
    }
}
