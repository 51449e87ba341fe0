using System;
using System.Linq;

namespace AdGen.Conservative.Tests.Support;

/// <summary>
/// One [Differentiable] method and its three generated members (Gradient, Pullback, Tangent), seen through double[]
/// so that the same checks run on scalar, multi-argument, span, double and float methods. Float methods get their
/// arguments rounded to float; tests use points that float represents exactly.
/// </summary>
public sealed class Derivatives
{
    private readonly Func<double[], double> _value;
    private readonly Func<double[], (double Value, double[] Gradient)> _gradient;
    private readonly Func<double[], double, double[], double[]> _pullback;
    private readonly Func<double[], double[], (double Value, double Tangent)> _tangent;

    private Derivatives(
        string name,
        bool isSingle,
        Func<double[], double> value,
        Func<double[], (double, double[])> gradient,
        Func<double[], double, double[], double[]> pullback,
        Func<double[], double[], (double, double)> tangent)
    {
        Name = name;
        IsSingle = isSingle;
        _value = value;
        _gradient = gradient;
        _pullback = pullback;
        _tangent = tangent;
    }

    public string Name { get; }

    /// <summary>True for float methods: comparisons then allow float rounding.</summary>
    public bool IsSingle { get; }

    public double Value(double[] x) => _value(x);

    /// <summary>Reverse mode (the Gradient member): the value and the gradient.</summary>
    public (double Value, double[] Gradient) Gradient(double[] x) => _gradient(x);

    /// <summary>Reverse mode for composition (the Pullback member): returns <paramref name="initial"/> + seed·∇f.</summary>
    public double[] Pullback(double[] x, double seed, double[] initial) => _pullback(x, seed, initial);

    /// <summary>Forward mode (the Tangent member): the value and the derivative along <paramref name="direction"/>.</summary>
    public (double Value, double Tangent) Tangent(double[] x, double[] direction) => _tangent(x, direction);

    public override string ToString() => Name;

    public static Derivatives Scalar(string name, Func<double, double> f, Gradient1 gradient, Tangent1 tangent, Pullback1 pullback) => new(
        name,
        false,
        x => f(x[0]),
        x =>
        {
            double value = gradient(x[0], out double dx);
            return (value, new[] { dx });
        },
        (x, seed, initial) =>
        {
            double dx = initial[0];
            pullback(x[0], seed, ref dx);
            return new[] { dx };
        },
        (x, v) => tangent(x[0], v[0]));

    public static Derivatives ScalarF(string name, Func<float, float> f, GradientF1 gradient, TangentF1 tangent, PullbackF1 pullback) => new(
        name,
        true,
        x => f((float)x[0]),
        x =>
        {
            float value = gradient((float)x[0], out float dx);
            return (value, new double[] { dx });
        },
        (x, seed, initial) =>
        {
            float dx = (float)initial[0];
            pullback((float)x[0], (float)seed, ref dx);
            return new double[] { dx };
        },
        (x, v) => tangent((float)x[0], (float)v[0]));

    public static Derivatives Binary(string name, Func<double, double, double> f, Gradient2 gradient, Tangent2 tangent, Pullback2 pullback) => new(
        name,
        false,
        x => f(x[0], x[1]),
        x =>
        {
            double value = gradient(x[0], x[1], out double da, out double db);
            return (value, new[] { da, db });
        },
        (x, seed, initial) =>
        {
            double da = initial[0], db = initial[1];
            pullback(x[0], x[1], seed, ref da, ref db);
            return new[] { da, db };
        },
        (x, v) => tangent(x[0], x[1], v[0], v[1]));

    public static Derivatives BinaryF(string name, Func<float, float, float> f, GradientF2 gradient, TangentF2 tangent, PullbackF2 pullback) => new(
        name,
        true,
        x => f((float)x[0], (float)x[1]),
        x =>
        {
            float value = gradient((float)x[0], (float)x[1], out float da, out float db);
            return (value, new double[] { da, db });
        },
        (x, seed, initial) =>
        {
            float da = (float)initial[0], db = (float)initial[1];
            pullback((float)x[0], (float)x[1], (float)seed, ref da, ref db);
            return new double[] { da, db };
        },
        (x, v) => tangent((float)x[0], (float)x[1], (float)v[0], (float)v[1]));

    public static Derivatives Ternary(string name, Func<double, double, double, double> f, Gradient3 gradient, Tangent3 tangent, Pullback3 pullback) => new(
        name,
        false,
        x => f(x[0], x[1], x[2]),
        x =>
        {
            double value = gradient(x[0], x[1], x[2], out double da, out double db, out double dc);
            return (value, new[] { da, db, dc });
        },
        (x, seed, initial) =>
        {
            double da = initial[0], db = initial[1], dc = initial[2];
            pullback(x[0], x[1], x[2], seed, ref da, ref db, ref dc);
            return new[] { da, db, dc };
        },
        (x, v) => tangent(x[0], x[1], x[2], v[0], v[1], v[2]));

    public static Derivatives TernaryF(string name, Func<float, float, float, float> f, GradientF3 gradient, TangentF3 tangent, PullbackF3 pullback) => new(
        name,
        true,
        x => f((float)x[0], (float)x[1], (float)x[2]),
        x =>
        {
            float value = gradient((float)x[0], (float)x[1], (float)x[2], out float da, out float db, out float dc);
            return (value, new double[] { da, db, dc });
        },
        (x, seed, initial) =>
        {
            float da = (float)initial[0], db = (float)initial[1], dc = (float)initial[2];
            pullback((float)x[0], (float)x[1], (float)x[2], (float)seed, ref da, ref db, ref dc);
            return new double[] { da, db, dc };
        },
        (x, v) => tangent((float)x[0], (float)x[1], (float)x[2], (float)v[0], (float)v[1], (float)v[2]));

    public static Derivatives Span(string name, SpanFunction f, SpanGradient gradient, SpanTangent tangent, SpanPullback pullback) => new(
        name,
        false,
        x => f(x),
        x =>
        {
            double[] dx = Enumerable.Repeat(double.NaN, x.Length).ToArray(); // the Gradient member must overwrite it
            double value = gradient(x, dx);
            return (value, dx);
        },
        (x, seed, initial) =>
        {
            double[] dx = (double[])initial.Clone();
            pullback(x, seed, dx);
            return dx;
        },
        (x, v) => tangent(x, v));

    public static Derivatives SpanF(string name, SpanFunctionF f, SpanGradientF gradient, SpanTangentF tangent, SpanPullbackF pullback) => new(
        name,
        true,
        x => f(ToSingle(x)),
        x =>
        {
            float[] dx = Enumerable.Repeat(float.NaN, x.Length).ToArray();
            float value = gradient(ToSingle(x), dx);
            return (value, dx.Select(static d => (double)d).ToArray());
        },
        (x, seed, initial) =>
        {
            float[] dx = ToSingle(initial);
            pullback(ToSingle(x), (float)seed, dx);
            return dx.Select(static d => (double)d).ToArray();
        },
        (x, v) => tangent(ToSingle(x), ToSingle(v)));

    private static float[] ToSingle(double[] x) => x.Select(static v => (float)v).ToArray();
}
