using System;

namespace AdGen.Conservative.Tests.Support;

// The shapes of AdGen's generated members, so that one helper can drive every generated method in both modes.
public delegate double Gradient1(double x, out double dx);
public delegate (double Value, double Tangent) Tangent1(double x, double dx);
public delegate void Pullback1(double x, double seed, ref double dx);

public delegate float GradientF1(float x, out float dx);
public delegate (float Value, float Tangent) TangentF1(float x, float dx);
public delegate void PullbackF1(float x, float seed, ref float dx);

public delegate double Gradient2(double a, double b, out double da, out double db);
public delegate (double Value, double Tangent) Tangent2(double a, double b, double da, double db);
public delegate void Pullback2(double a, double b, double seed, ref double da, ref double db);

public delegate float GradientF2(float a, float b, out float da, out float db);
public delegate (float Value, float Tangent) TangentF2(float a, float b, float da, float db);
public delegate void PullbackF2(float a, float b, float seed, ref float da, ref float db);

public delegate double Gradient3(double a, double b, double c, out double da, out double db, out double dc);
public delegate (double Value, double Tangent) Tangent3(double a, double b, double c, double da, double db, double dc);
public delegate void Pullback3(double a, double b, double c, double seed, ref double da, ref double db, ref double dc);

public delegate float GradientF3(float a, float b, float c, out float da, out float db, out float dc);
public delegate (float Value, float Tangent) TangentF3(float a, float b, float c, float da, float db, float dc);
public delegate void PullbackF3(float a, float b, float c, float seed, ref float da, ref float db, ref float dc);

public delegate double SpanFunction(ReadOnlySpan<double> x);
public delegate double SpanGradient(ReadOnlySpan<double> x, Span<double> dx);
public delegate (double Value, double Tangent) SpanTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dx);
public delegate void SpanPullback(ReadOnlySpan<double> x, double seed, Span<double> dx);

public delegate float SpanFunctionF(ReadOnlySpan<float> x);
public delegate float SpanGradientF(ReadOnlySpan<float> x, Span<float> dx);
public delegate (float Value, float Tangent) SpanTangentF(ReadOnlySpan<float> x, ReadOnlySpan<float> dx);
public delegate void SpanPullbackF(ReadOnlySpan<float> x, float seed, Span<float> dx);
