using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

// The cases of the functions parked in Pending/; they move to their theme's file once the functions build.
public static partial class Catalog
{
    static partial void AddPendingDouble(List<DerivativeCase<double>> cases)
    {
        cases.Add(new DerivativeCase<double>(
            "Loops.ForeachOverArray",
            x => Loops.ForeachOverArray((double[])x.Clone()),
            (x, g) => Loops.ForeachOverArrayGradient((double[])x.Clone(), g),
            (x, v) => Loops.ForeachOverArrayTangent((double[])x.Clone(), v),
            (x, seed, adjoint) => Loops.ForeachOverArrayPullback((double[])x.Clone(), seed, adjoint),
            VariableLength<double>(0, 8, -2, 2)));

        foreach (int width in new[] { 1, 3 })
        {
            cases.Add(new DerivativeCase<double>(
                $"Loops.RowSumsSquared(width: {width})",
                x => Loops.RowSumsSquared(x, width),
                (x, g) => Loops.RowSumsSquaredGradient(x, width, g),
                (x, v) => Loops.RowSumsSquaredTangent(x, width, v),
                (x, seed, adjoint) => Loops.RowSumsSquaredPullback(x, width, seed, adjoint),
                VariableLength<double>(0, 8, -2, 2)));
        }

        cases.Add(Case.Scalar<double>(
            "Branches.Piecewise", Branches.Piecewise, Branches.PiecewiseGradient, Branches.PiecewiseTangent, Branches.PiecewisePullback,
            EachOf(Box<double>((-3, -1.1)), Box<double>((-0.9, 0.9)), Box<double>((1.1, 3)))));

        foreach ((bool useSine, int order) in new[] { (true, 1), (false, 2), (true, 3) })
        {
            cases.Add(new DerivativeCase<double>(
                $"Branches.FlagSelected(useSine: {useSine}, order: {order})",
                x => Branches.FlagSelected(x[0], x[1], useSine, order),
                (x, g) => Branches.FlagSelectedGradient(x[0], x[1], useSine, order, out g[0], out g[1]),
                (x, v) => Branches.FlagSelectedTangent(x[0], x[1], useSine, order, v[0], v[1]),
                (x, seed, adjoint) => Branches.FlagSelectedPullback(x[0], x[1], useSine, order, seed, ref adjoint[0], ref adjoint[1]),
                Uniform<double>(2, -1.5, 1.5)));
        }

        cases.Add(Case.Binary<double>(
            "Calls.CallsWithPassthrough", Calls.CallsWithPassthrough, Calls.CallsWithPassthroughGradient, Calls.CallsWithPassthroughTangent, Calls.CallsWithPassthroughPullback,
            Uniform<double>(2, -1.5, 1.5)));
    }

    static partial void AddPendingSingle(List<DerivativeCase<float>> cases)
    {
        cases.Add(Case.Span<float>(
            "Floats.SpanLogSumExpPlusSoftplus", Floats.SpanLogSumExpPlusSoftplus, Floats.SpanLogSumExpPlusSoftplusGradient, Floats.SpanLogSumExpPlusSoftplusTangent, Floats.SpanLogSumExpPlusSoftplusPullback,
            VariableLength<float>(1, 8, -3, 3)));
    }
}
