using System;
using System.Numerics;

namespace AdGen.Functional.Tests.Checking;

// The generated signatures of the common shapes, so that method groups (FGradient, FTangent, FPullback) convert directly.
public delegate T Gradient1<T>(T a, out T da);
public delegate T Gradient2<T>(T a, T b, out T da, out T db);
public delegate T Gradient3<T>(T a, T b, T c, out T da, out T db, out T dc);
public delegate void Pullback1<T>(T a, T seed, ref T da);
public delegate void Pullback2<T>(T a, T b, T seed, ref T da, ref T db);
public delegate void Pullback3<T>(T a, T b, T c, T seed, ref T da, ref T db, ref T dc);
public delegate T SpanValue<T>(ReadOnlySpan<T> x);
public delegate T SpanGradient<T>(ReadOnlySpan<T> x, Span<T> dx);
public delegate (T Value, T Tangent) SpanTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dx);
public delegate void SpanPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> dx);

/// <summary>Builds <see cref="DerivativeCase{T}"/>s from the generated members of the common signatures.</summary>
public static class Case
{
    public static DerivativeCase<T> Scalar<T>(string name, Func<T, T> value, Gradient1<T> gradient, Func<T, T, (T, T)> tangent, Pullback1<T> pullback, Sampler<T> sample)
        where T : struct, IFloatingPointIeee754<T> =>
        new(
            name,
            x => value(x[0]),
            (x, g) => gradient(x[0], out g[0]),
            (x, v) => tangent(x[0], v[0]),
            (x, seed, adjoint) => pullback(x[0], seed, ref adjoint[0]),
            sample);

    public static DerivativeCase<T> Binary<T>(string name, Func<T, T, T> value, Gradient2<T> gradient, Func<T, T, T, T, (T, T)> tangent, Pullback2<T> pullback, Sampler<T> sample)
        where T : struct, IFloatingPointIeee754<T> =>
        new(
            name,
            x => value(x[0], x[1]),
            (x, g) => gradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => tangent(x[0], x[1], v[0], v[1]),
            (x, seed, adjoint) => pullback(x[0], x[1], seed, ref adjoint[0], ref adjoint[1]),
            sample);

    public static DerivativeCase<T> Ternary<T>(string name, Func<T, T, T, T> value, Gradient3<T> gradient, Func<T, T, T, T, T, T, (T, T)> tangent, Pullback3<T> pullback, Sampler<T> sample)
        where T : struct, IFloatingPointIeee754<T> =>
        new(
            name,
            x => value(x[0], x[1], x[2]),
            (x, g) => gradient(x[0], x[1], x[2], out g[0], out g[1], out g[2]),
            (x, v) => tangent(x[0], x[1], x[2], v[0], v[1], v[2]),
            (x, seed, adjoint) => pullback(x[0], x[1], x[2], seed, ref adjoint[0], ref adjoint[1], ref adjoint[2]),
            sample);

    public static DerivativeCase<T> Span<T>(string name, SpanValue<T> value, SpanGradient<T> gradient, SpanTangent<T> tangent, SpanPullback<T> pullback, Sampler<T> sample)
        where T : struct, IFloatingPointIeee754<T> =>
        new(
            name,
            x => value(x),
            (x, g) => gradient(x, g),
            (x, v) => tangent(x, v),
            (x, seed, adjoint) => pullback(x, seed, adjoint),
            sample);
}
