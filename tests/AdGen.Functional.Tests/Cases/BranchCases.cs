using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

/// <summary>Points of piecewise functions cycle through the pieces and keep away from every boundary.</summary>
public static class BranchCases
{
    public static IEnumerable<DerivativeCase<double>> All()
    {
        yield return Case.Binary<double>(
            "Branches.Conditional", Branches.Conditional, Branches.ConditionalGradient, Branches.ConditionalTangent, Branches.ConditionalPullback,
            EachOf(Box<double>((0.5, 1.5), (-1.5, 0.0)), Box<double>((-1.5, 0.0), (0.5, 1.5))));
        yield return Case.Scalar<double>(
            "Branches.EarlyReturns", Branches.EarlyReturns, Branches.EarlyReturnsGradient, Branches.EarlyReturnsTangent, Branches.EarlyReturnsPullback,
            EachOf(Box<double>((-2, -0.1)), Box<double>((0.1, 1.9)), Box<double>((2.1, 3))));
        yield return Case.Binary<double>(
            "Branches.NestedBranches", Branches.NestedBranches, Branches.NestedBranchesGradient, Branches.NestedBranchesTangent, Branches.NestedBranchesPullback,
            EachOf(Box<double>((0.1, 2), (0.1, 2)), Box<double>((0.1, 2), (-2, -0.1)), Box<double>((-2, -0.1), (-0.9, 2)), Box<double>((-2, -0.1), (-2, -1.1))));
        yield return Case.Scalar<double>(
            "Branches.Piecewise", Branches.Piecewise, Branches.PiecewiseGradient, Branches.PiecewiseTangent, Branches.PiecewisePullback,
            EachOf(Box<double>((-3, -1.1)), Box<double>((-0.9, 0.9)), Box<double>((1.1, 3))));

        foreach ((bool useSine, int order) in new[] { (true, 1), (false, 2), (true, 3) })
        {
            yield return new DerivativeCase<double>(
                $"Branches.FlagSelected(useSine: {useSine}, order: {order})",
                x => Branches.FlagSelected(x[0], x[1], useSine, order),
                (x, g) => Branches.FlagSelectedGradient(x[0], x[1], useSine, order, out g[0], out g[1]),
                (x, v) => Branches.FlagSelectedTangent(x[0], x[1], useSine, order, v[0], v[1]),
                (x, seed, adjoint) => Branches.FlagSelectedPullback(x[0], x[1], useSine, order, seed, ref adjoint[0], ref adjoint[1]),
                Uniform<double>(2, -1.5, 1.5));
        }
    }
}
