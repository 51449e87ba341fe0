using System;
using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

public static class SignatureCases
{
    private static readonly double[] DataXs = { -1.0, 0.0, 0.5, 2.0, 3.5 };
    private static readonly double[] DataYs = { 2.1, 0.9, 0.2, -2.8, -6.1 };

    public static IEnumerable<DerivativeCase<double>> All()
    {
        yield return Case.Binary<double>("Signatures.VarAndSeveralDeclarators", Signatures.VarAndSeveralDeclarators, Signatures.VarAndSeveralDeclaratorsGradient, Signatures.VarAndSeveralDeclaratorsTangent, Signatures.VarAndSeveralDeclaratorsPullback, Uniform<double>(2, -2, 2));
        yield return Case.Ternary<double>("Signatures.KeywordNames", Signatures.KeywordNames, Signatures.KeywordNamesGradient, Signatures.KeywordNamesTangent, Signatures.KeywordNamesPullback, Box<double>((0.5, 3), (1.5, 4), (-2, 2)));
        yield return Case.Binary<double>("Signatures.GreekNames", Signatures.GreekNames, Signatures.GreekNamesGradient, Signatures.GreekNamesTangent, Signatures.GreekNamesPullback, Uniform<double>(2, -1, 1));
        yield return Case.Scalar<double>("Signatures.InternalCallerOfPrivate", Signatures.InternalCallerOfPrivate, Signatures.InternalCallerOfPrivateGradient, Signatures.InternalCallerOfPrivateTangent, Signatures.InternalCallerOfPrivatePullback, Uniform<double>(1, -2, 2));
        yield return Case.Scalar<double>("Signatures.Overload(x)", Signatures.Overload, Signatures.OverloadGradient, Signatures.OverloadTangent, Signatures.OverloadPullback, Uniform<double>(1, -2, 2));
        yield return Case.Binary<double>("Signatures.Overload(x, y)", Signatures.Overload, Signatures.OverloadGradient, Signatures.OverloadTangent, Signatures.OverloadPullback, Uniform<double>(2, -2, 2));
        yield return Case.Binary<double>("Signatures.NamedArguments", Signatures.NamedArguments, Signatures.NamedArgumentsGradient, Signatures.NamedArgumentsTangent, Signatures.NamedArgumentsPullback, Uniform<double>(2, -1.5, 1.5));
        yield return Case.Scalar<double>("Signatures.CallerOfOptional", Signatures.CallerOfOptional, Signatures.CallerOfOptionalGradient, Signatures.CallerOfOptionalTangent, Signatures.CallerOfOptionalPullback, Uniform<double>(1, -2, 2));
        yield return Case.Scalar<double>("Inner.NestedType", Signatures.Inner.NestedType, Signatures.Inner.NestedTypeGradient, Signatures.Inner.NestedTypeTangent, Signatures.Inner.NestedTypePullback, Uniform<double>(1, -2, 2));
        yield return Case.Binary<double>("ValueTypeHost.InStruct", ValueTypeHost.InStruct, ValueTypeHost.InStructGradient, ValueTypeHost.InStructTangent, ValueTypeHost.InStructPullback, Uniform<double>(2, -1.5, 1.5));
        yield return Case.Scalar<double>("InstanceTypeHost.InNonStaticClass", InstanceTypeHost.InNonStaticClass, InstanceTypeHost.InNonStaticClassGradient, InstanceTypeHost.InNonStaticClassTangent, InstanceTypeHost.InNonStaticClassPullback, Uniform<double>(1, 0.5, 3));

        foreach (int n in new[] { 0, 3 })
        {
            yield return new DerivativeCase<double>(
                $"Signatures.OptionalParameter(n: {n})",
                x => Signatures.OptionalParameter(x[0], n),
                (x, g) => Signatures.OptionalParameterGradient(x[0], n, out g[0]),
                (x, v) => Signatures.OptionalParameterTangent(x[0], n, v[0]),
                (x, seed, adjoint) => Signatures.OptionalParameterPullback(x[0], n, seed, ref adjoint[0]),
                Uniform<double>(1, -1.5, 1.5));
        }

        // x = [x…, unused…, y], the two spans of equal length.
        yield return new DerivativeCase<double>(
            "Signatures.UnusedParameters",
            x => Signatures.UnusedParameters(First(x), Second(x), x[^1]),
            (x, g) => Signatures.UnusedParametersGradient(First(x), Second(x), x[^1], First(g), Second(g), out g[^1]),
            (x, v) => Signatures.UnusedParametersTangent(First(x), Second(x), x[^1], First(v), Second(v), v[^1]),
            (x, seed, adjoint) => Signatures.UnusedParametersPullback(First(x), Second(x), x[^1], seed, First(adjoint), Second(adjoint), ref adjoint[^1]),
            (random, _) => Fill(new double[2 * random.Next(1, 5) + 1], random, -2, 2));

        yield return new DerivativeCase<double>(
            "Signatures.LeastSquares",
            x => Signatures.LeastSquares(x, DataXs, DataYs),
            (x, g) => Signatures.LeastSquaresGradient(x, DataXs, DataYs, g),
            (x, v) => Signatures.LeastSquaresTangent(x, DataXs, DataYs, v),
            (x, seed, adjoint) => Signatures.LeastSquaresPullback(x, DataXs, DataYs, seed, adjoint),
            Uniform<double>(2, -2, 2));

        foreach (char c in new[] { 'a', 'b' })
        {
            yield return new DerivativeCase<double>(
                $"Signatures.OtherPassthroughTypes(c: {c})",
                x => Signatures.OtherPassthroughTypes(x[0], 5L, 3, c),
                (x, g) => Signatures.OtherPassthroughTypesGradient(x[0], 5L, 3, c, out g[0]),
                (x, v) => Signatures.OtherPassthroughTypesTangent(x[0], 5L, 3, c, v[0]),
                (x, seed, adjoint) => Signatures.OtherPassthroughTypesPullback(x[0], 5L, 3, c, seed, ref adjoint[0]),
                Uniform<double>(1, -2, 2));
        }
    }

    private static Span<double> First(double[] x) => x.AsSpan(0, x.Length / 2);

    private static Span<double> Second(double[] x) => x.AsSpan(x.Length / 2, x.Length / 2);
}
