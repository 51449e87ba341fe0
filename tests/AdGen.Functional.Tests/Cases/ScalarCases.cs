using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

public static class ScalarCases
{
    public static IEnumerable<DerivativeCase<double>> All()
    {
        yield return Case.Binary<double>("Scalars.Arithmetic", Scalars.Arithmetic, Scalars.ArithmeticGradient, Scalars.ArithmeticTangent, Scalars.ArithmeticPullback, Box<double>((-2, 2), (0.5, 2)));
        yield return Case.Binary<double>("Scalars.Ratio", Scalars.Ratio, Scalars.RatioGradient, Scalars.RatioTangent, Scalars.RatioPullback, Box<double>((-2, 2), (0.5, 2)));
        yield return Case.Binary<double>("Scalars.UnaryMinus", Scalars.UnaryMinus, Scalars.UnaryMinusGradient, Scalars.UnaryMinusTangent, Scalars.UnaryMinusPullback, Box<double>((-2, 2), (0.5, 2)));
        yield return Case.Binary<double>("Scalars.CompoundAssignments", Scalars.CompoundAssignments, Scalars.CompoundAssignmentsGradient, Scalars.CompoundAssignmentsTangent, Scalars.CompoundAssignmentsPullback, Uniform<double>(2, -1.5, 1.5));
        yield return Case.Binary<double>("Scalars.Trigonometric", Scalars.Trigonometric, Scalars.TrigonometricGradient, Scalars.TrigonometricTangent, Scalars.TrigonometricPullback, Uniform<double>(2, -1, 1));
        yield return Case.Binary<double>("Scalars.InverseTrigonometric", Scalars.InverseTrigonometric, Scalars.InverseTrigonometricGradient, Scalars.InverseTrigonometricTangent, Scalars.InverseTrigonometricPullback, Uniform<double>(2, -0.8, 0.8));
        yield return Case.Scalar<double>("Scalars.Hyperbolic", Scalars.Hyperbolic, Scalars.HyperbolicGradient, Scalars.HyperbolicTangent, Scalars.HyperbolicPullback, Uniform<double>(1, -1.5, 1.5));
        yield return Case.Binary<double>("Scalars.Logarithms", Scalars.Logarithms, Scalars.LogarithmsGradient, Scalars.LogarithmsTangent, Scalars.LogarithmsPullback, Uniform<double>(2, 0.5, 2));
        // Cbrt(x − 3) is evaluated at negative arguments, away from its pole at 0.
        yield return Case.Scalar<double>("Scalars.ExpAndRoots", Scalars.ExpAndRoots, Scalars.ExpAndRootsGradient, Scalars.ExpAndRootsTangent, Scalars.ExpAndRootsPullback, Uniform<double>(1, 0.5, 2.5));
        yield return Case.Binary<double>("Scalars.Powers", Scalars.Powers, Scalars.PowersGradient, Scalars.PowersTangent, Scalars.PowersPullback, Box<double>((0.5, 2), (-1, 2)));
        yield return Case.Ternary<double>("Scalars.FusedMultiplyAdds", Scalars.FusedMultiplyAdds, Scalars.FusedMultiplyAddsGradient, Scalars.FusedMultiplyAddsTangent, Scalars.FusedMultiplyAddsPullback, Uniform<double>(3, -1.5, 1.5));
        yield return Case.Scalar<double>("Scalars.ConstantsAndStaticFields", Scalars.ConstantsAndStaticFields, Scalars.ConstantsAndStaticFieldsGradient, Scalars.ConstantsAndStaticFieldsTangent, Scalars.ConstantsAndStaticFieldsPullback, Uniform<double>(1, -2, 2));
        yield return Case.Binary<double>("Scalars.DoubleStaticForms", Scalars.DoubleStaticForms, Scalars.DoubleStaticFormsGradient, Scalars.DoubleStaticFormsTangent, Scalars.DoubleStaticFormsPullback, Uniform<double>(2, -0.8, 0.8));
        yield return Case.Scalar<double>("Scalars.Softplus", Scalars.Softplus, Scalars.SoftplusGradient, Scalars.SoftplusTangent, Scalars.SoftplusPullback, Uniform<double>(1, -3, 3));
        yield return Case.Scalar<double>("Scalars.Horner", Scalars.Horner, Scalars.HornerGradient, Scalars.HornerTangent, Scalars.HornerPullback, Uniform<double>(1, -2, 2));

        const double Scale = 1.7;
        yield return new DerivativeCase<double>(
            "Scalars.NoDerivativeScale",
            x => Scalars.NoDerivativeScale(x[0], Scale, x[1]),
            (x, g) => Scalars.NoDerivativeScaleGradient(x[0], Scale, x[1], out g[0], out g[1]),
            (x, v) => Scalars.NoDerivativeScaleTangent(x[0], Scale, x[1], v[0], v[1]),
            (x, seed, adjoint) => Scalars.NoDerivativeScalePullback(x[0], Scale, x[1], seed, ref adjoint[0], ref adjoint[1]),
            Uniform<double>(2, -1, 1));

        foreach ((int power, bool negate) in new[] { (0, false), (1, true), (3, false), (6, true) })
        {
            yield return new DerivativeCase<double>(
                $"Scalars.IntegerPower(power: {power}, negate: {negate})",
                x => Scalars.IntegerPower(x[0], power, negate),
                (x, g) => Scalars.IntegerPowerGradient(x[0], power, negate, out g[0]),
                (x, v) => Scalars.IntegerPowerTangent(x[0], power, negate, v[0]),
                (x, seed, adjoint) => Scalars.IntegerPowerPullback(x[0], power, negate, seed, ref adjoint[0]),
                Uniform<double>(1, -1.5, 1.5));
        }

        yield return Case.Scalar<double>("Scalars.Literals", Scalars.Literals, Scalars.LiteralsGradient, Scalars.LiteralsTangent, Scalars.LiteralsPullback, Uniform<double>(1, -2, 2));
        yield return Case.Scalar<double>("Scalars.IntegerCompoundAssignments", Scalars.IntegerCompoundAssignments, Scalars.IntegerCompoundAssignmentsGradient, Scalars.IntegerCompoundAssignmentsTangent, Scalars.IntegerCompoundAssignmentsPullback, Uniform<double>(1, -2, 2));
        foreach (int n in new[] { 2, 3 })
        {
            yield return new DerivativeCase<double>(
                $"Scalars.IntegerExponentAndBase(n: {n})",
                x => Scalars.IntegerExponentAndBase(x[0], n),
                (x, g) => Scalars.IntegerExponentAndBaseGradient(x[0], n, out g[0]),
                (x, v) => Scalars.IntegerExponentAndBaseTangent(x[0], n, v[0]),
                (x, seed, adjoint) => Scalars.IntegerExponentAndBasePullback(x[0], n, seed, ref adjoint[0]),
                Uniform<double>(1, 0.5, 2));
        }
        yield return Case.Scalar<double>("Scalars.ConstantResult", Scalars.ConstantResult, Scalars.ConstantResultGradient, Scalars.ConstantResultTangent, Scalars.ConstantResultPullback, Uniform<double>(1, -2, 2));
        yield return Case.Binary<double>("Scalars.IgnoresInput", Scalars.IgnoresInput, Scalars.IgnoresInputGradient, Scalars.IgnoresInputTangent, Scalars.IgnoresInputPullback, Uniform<double>(2, -2, 2));
    }
}
