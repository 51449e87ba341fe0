using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Shrinks a failing program by editing its choice sequence (deleting runs of choices, lowering single choices)
/// and keeping any edit whose program is shorter and still fails the same way. Choice 0 is always the simplest
/// option, so this converges on small programs; it compiles one program per attempt, within a time budget.
/// </summary>
public static class ProgramMinimizer
{
    public static ProgramFailure? Minimize(ProgramFailure failure, GeneratorSettings settings, ulong pointSeed, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        ProgramFailure best = failure;
        List<uint> choices = failure.Program.Choices.ToList();
        bool improved = true;
        while (improved && clock.Elapsed < budget)
        {
            improved = false;
            for (int size = Math.Max(1, choices.Count / 2); size >= 1 && clock.Elapsed < budget; size /= 2)
            {
                for (int start = choices.Count - size; start >= 0 && clock.Elapsed < budget; start -= Math.Max(1, size / 2))
                {
                    if (start + size > choices.Count)
                    {
                        continue;
                    }

                    List<uint> candidate = choices.Take(start).Concat(choices.Skip(start + size)).ToList();
                    if (TryCandidate(candidate))
                    {
                        improved = true;
                    }
                }
            }

            for (int i = choices.Count - 1; i >= 0 && clock.Elapsed < budget; i--)
            {
                if (i >= choices.Count || choices[i] == 0)
                {
                    continue;
                }

                foreach (uint smaller in new[] { 0u, choices[i] / 2, choices[i] - 1 }.Distinct())
                {
                    if (i < choices.Count && smaller < choices[i])
                    {
                        List<uint> candidate = choices.ToList();
                        candidate[i] = smaller;
                        if (TryCandidate(candidate))
                        {
                            improved = true;
                            break;
                        }
                    }
                }
            }
        }

        return ReferenceEquals(best, failure) ? null : best;

        bool TryCandidate(List<uint> candidate)
        {
            GeneratedProgram program;
            try
            {
                program = RandomProgramGenerator.Generate(failure.Program.Index, ChoiceSource.Replay(candidate), settings);
                if (failure.Program.IsFloat)
                {
                    program = RandomProgramGenerator.GenerateFloatTwin(program, settings);
                }
            }
            catch (InvalidOperationException)
            {
                return false;
            }

            if (program.Source.Length >= best.Program.Source.Length)
            {
                return false;
            }

            GeneratedProgram[] batch = program.Twin is null ? new[] { program } : new[] { program.Twin, program };
            ProgramFailure? result = ProgramBatch.CompileAndCheck(batch, pointSeed, new CheckStatistics())
                .FirstOrDefault(f => f.Kind == failure.Kind && f.Program.IsFloat == failure.Program.IsFloat);
            if (result is null)
            {
                return false;
            }

            best = result;
            choices = (program.Twin ?? program).Choices.ToList();
            return true;
        }
    }
}
