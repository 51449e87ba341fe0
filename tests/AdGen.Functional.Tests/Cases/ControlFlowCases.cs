using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

public static class ControlFlowCases
{
    public static IEnumerable<DerivativeCase<double>> All()
    {
        yield return Case.Span<double>("ControlFlow.StrideTwo", ControlFlow.StrideTwo, ControlFlow.StrideTwoGradient, ControlFlow.StrideTwoTangent, ControlFlow.StrideTwoPullback, VariableLength<double>(0, 9, -2, 2));
        yield return Case.Scalar<double>("ControlFlow.OtherElementReadThenOverwritten", ControlFlow.OtherElementReadThenOverwritten, ControlFlow.OtherElementReadThenOverwrittenGradient, ControlFlow.OtherElementReadThenOverwrittenTangent, ControlFlow.OtherElementReadThenOverwrittenPullback, Uniform<double>(1, -2, 2));
        yield return Case.Scalar<double>("ControlFlow.EarlyExitOverwritesElements", ControlFlow.EarlyExitOverwritesElements, ControlFlow.EarlyExitOverwritesElementsGradient, ControlFlow.EarlyExitOverwritesElementsTangent, ControlFlow.EarlyExitOverwritesElementsPullback, Uniform<double>(1, -2, 2));
        yield return Case.Span<double>("ControlFlow.ReversedIndex", ControlFlow.ReversedIndex, ControlFlow.ReversedIndexGradient, ControlFlow.ReversedIndexTangent, ControlFlow.ReversedIndexPullback, VariableLength<double>(1, 8, -2, 2));
        // Entries in [1, 1.02] make every product in [1, 1.0404]: the fifth product passes 4.5 (s₄ ≤ 4.17 < 4.5 < 5 ≤ s₅);
        // entries in [−0.5, 0.5] never reach it (at most 15 products of 0.25).
        yield return Case.Span<double>(
            "ControlFlow.ReturnFromNestedLoop", ControlFlow.ReturnFromNestedLoop, ControlFlow.ReturnFromNestedLoopGradient, ControlFlow.ReturnFromNestedLoopTangent, ControlFlow.ReturnFromNestedLoopPullback,
            EachOf(VariableLength<double>(3, 6, 1.0, 1.02), VariableLength<double>(1, 5, -0.5, 0.5)));
        // After k passes r = x(0.25 + 9.75·0.6ᵏ), so the trip count changes at x = 1/(0.25 + 9.75·0.6ᵏ):
        // 0.661, 0.992, 1.418, 1.91, 2.41, 2.87. One interval between each pair, with a margin.
        yield return Case.Scalar<double>(
            "ControlFlow.WhileOnDifferentiableCondition", ControlFlow.WhileOnDifferentiableCondition, ControlFlow.WhileOnDifferentiableConditionGradient, ControlFlow.WhileOnDifferentiableConditionTangent, ControlFlow.WhileOnDifferentiableConditionPullback,
            EachOf(Box<double>((0.7, 0.95)), Box<double>((1.05, 1.35)), Box<double>((1.5, 1.85)), Box<double>((2.0, 2.35)), Box<double>((2.5, 2.8))));
        yield return Case.Binary<double>(
            "ControlFlow.BoolLocalsAndLogic", ControlFlow.BoolLocalsAndLogic, ControlFlow.BoolLocalsAndLogicGradient, ControlFlow.BoolLocalsAndLogicTangent, ControlFlow.BoolLocalsAndLogicPullback,
            EachOf(Box<double>((0.2, 2), (-0.8, 0.8)), Box<double>((0.2, 2), (1.2, 2)), Box<double>((-2, -0.2), (-0.8, 0.8)), Box<double>((-2, -0.2), (-2, -1.2))));
        // Magnitudes in [0.2, 1.3] or [1.7, 2.2], random signs: away from the sqrt pole, the sign test and the break at 1.5.
        yield return Case.Span<double>(
            "ControlFlow.ContinueInDoAndBreakInForeach", ControlFlow.ContinueInDoAndBreakInForeach, ControlFlow.ContinueInDoAndBreakInForeachGradient, ControlFlow.ContinueInDoAndBreakInForeachTangent, ControlFlow.ContinueInDoAndBreakInForeachPullback,
            (random, index) =>
            {
                double[] point = AwayFromZero<double>(1, 8, 0.2, 1.3)(random, index);
                for (int i = 0; i < point.Length; i++)
                {
                    point[i] = random.Next(3) == 0 ? point[i] + double.CopySign(1.5, point[i]) : point[i];
                }

                return point;
            });
        yield return Case.Binary<double>(
            "ControlFlow.NestedConditionals", ControlFlow.NestedConditionals, ControlFlow.NestedConditionalsGradient, ControlFlow.NestedConditionalsTangent, ControlFlow.NestedConditionalsPullback,
            EachOf(Box<double>((0.2, 2), (0.2, 2)), Box<double>((0.2, 2), (-2, -0.2)), Box<double>((-2, -1), (-0.8, 2)), Box<double>((-1, -0.2), (-2, -1.2))));
        yield return Case.Span<double>("ControlFlow.IntegerArithmeticInWeights", ControlFlow.IntegerArithmeticInWeights, ControlFlow.IntegerArithmeticInWeightsGradient, ControlFlow.IntegerArithmeticInWeightsTangent, ControlFlow.IntegerArithmeticInWeightsPullback, VariableLength<double>(1, 8, -2, 2));
        yield return Case.Scalar<double>("ControlFlow.ChainOfOverwrites", ControlFlow.ChainOfOverwrites, ControlFlow.ChainOfOverwritesGradient, ControlFlow.ChainOfOverwritesTangent, ControlFlow.ChainOfOverwritesPullback, Uniform<double>(1, -2, 2));
        yield return Case.Ternary<double>("Naming.NamesTheGeneratorAlsoUses", Naming.NamesTheGeneratorAlsoUses, Naming.NamesTheGeneratorAlsoUsesGradient, Naming.NamesTheGeneratorAlsoUsesTangent, Naming.NamesTheGeneratorAlsoUsesPullback, Uniform<double>(3, -1, 1));

        foreach (int start in new[] { 0, 2, 5 })
        {
            yield return new DerivativeCase<double>(
                $"ControlFlow.VariableStart(start: {start})",
                x => ControlFlow.VariableStart(x, start),
                (x, g) => ControlFlow.VariableStartGradient(x, start, g),
                (x, v) => ControlFlow.VariableStartTangent(x, start, v),
                (x, seed, adjoint) => ControlFlow.VariableStartPullback(x, start, seed, adjoint),
                VariableLength<double>(0, 8, -2, 2));
        }

        yield return Case.Span<double>("ControlFlow.GuardClause", ControlFlow.GuardClause, ControlFlow.GuardClauseGradient, ControlFlow.GuardClauseTangent, ControlFlow.GuardClausePullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Scalar<double>("ControlFlow.NewtonSquareRoot", ControlFlow.NewtonSquareRoot, ControlFlow.NewtonSquareRootGradient, ControlFlow.NewtonSquareRootTangent, ControlFlow.NewtonSquareRootPullback, Uniform<double>(1, 0.5, 4));
        yield return Case.Scalar<double>("ControlFlow.DoubleLoopCounter", ControlFlow.DoubleLoopCounter, ControlFlow.DoubleLoopCounterGradient, ControlFlow.DoubleLoopCounterTangent, ControlFlow.DoubleLoopCounterPullback, Uniform<double>(1, -2, 2));
        yield return Case.Span<double>("ControlFlow.ArgMax", ControlFlow.ArgMax, ControlFlow.ArgMaxGradient, ControlFlow.ArgMaxTangent, ControlFlow.ArgMaxPullback, VariableLength<double>(1, 8, -2, 2));
        // Either no prefix sum of squares reaches 2 (at most 5 × 0.36), or the second one passes it (squares ≥ 1.1025).
        yield return Case.Span<double>(
            "ControlFlow.ReturnInsideForeach", ControlFlow.ReturnInsideForeach, ControlFlow.ReturnInsideForeachGradient, ControlFlow.ReturnInsideForeachTangent, ControlFlow.ReturnInsideForeachPullback,
            EachOf(VariableLength<double>(1, 5, -0.6, 0.6), Box<double>((1.05, 1.15), (1.05, 1.15), (-1, 1))));

        yield return Case.Span<double>("ControlFlow.SameNameDifferentTypes", ControlFlow.SameNameDifferentTypes, ControlFlow.SameNameDifferentTypesGradient, ControlFlow.SameNameDifferentTypesTangent, ControlFlow.SameNameDifferentTypesPullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Binary<double>(
            "ControlFlow.SiblingBlocks", ControlFlow.SiblingBlocks, ControlFlow.SiblingBlocksGradient, ControlFlow.SiblingBlocksTangent, ControlFlow.SiblingBlocksPullback,
            EachOf(Box<double>((0.2, 2), (-2, 2)), Box<double>((-2, -0.2), (-2, 2))));
        // Magnitudes in [0.1, 0.9] or [1.1, 1.9], random signs: clear of the skip test at 1.
        yield return Case.Span<double>(
            "ControlFlow.SkipAhead", ControlFlow.SkipAhead, ControlFlow.SkipAheadGradient, ControlFlow.SkipAheadTangent, ControlFlow.SkipAheadPullback,
            (random, index) =>
            {
                double[] point = AwayFromZero<double>(0, 9, 0.1, 0.9)(random, index);
                for (int i = 0; i < point.Length; i++)
                {
                    point[i] = random.Next(2) == 0 ? point[i] : point[i] + double.CopySign(1.0, point[i]);
                }

                return point;
            });
        yield return Case.Span<double>("ControlFlow.ShrinkingLimit", ControlFlow.ShrinkingLimit, ControlFlow.ShrinkingLimitGradient, ControlFlow.ShrinkingLimitTangent, ControlFlow.ShrinkingLimitPullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Span<double>("ControlFlow.StartAtTheMiddle", ControlFlow.StartAtTheMiddle, ControlFlow.StartAtTheMiddleGradient, ControlFlow.StartAtTheMiddleTangent, ControlFlow.StartAtTheMiddlePullback, VariableLength<double>(0, 8, -2, 2));
        yield return Case.Span<double>("ControlFlow.WhileTrueInsideFor", ControlFlow.WhileTrueInsideFor, ControlFlow.WhileTrueInsideForGradient, ControlFlow.WhileTrueInsideForTangent, ControlFlow.WhileTrueInsideForPullback, VariableLength<double>(0, 8, -2, 2));

        foreach (int stop in new[] { -1, 0, 3, 6 })
        {
            yield return new DerivativeCase<double>(
                $"ControlFlow.ConstantSteps(stop: {stop})",
                x => ControlFlow.ConstantSteps(x, stop),
                (x, g) => ControlFlow.ConstantStepsGradient(x, stop, g),
                (x, v) => ControlFlow.ConstantStepsTangent(x, stop, v),
                (x, seed, adjoint) => ControlFlow.ConstantStepsPullback(x, stop, seed, adjoint),
                VariableLength<double>(0, 11, -1.2, 1.2));
        }
    }
}
