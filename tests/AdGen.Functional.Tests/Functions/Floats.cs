using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Single precision: float derivatives, MathF and float. forms, float spans and arrays, casts to and from double.</summary>
public static partial class Floats
{
    private static readonly float[] Coefficients = { 0.5f, -1.0f, 0.25f, 2.0f };

    [Differentiable]
    public static float Arithmetic(float a, float b) => a * b - a / b + 2.0f * a - -b;

    [Differentiable]
    public static float MathFForms(float x, float y)
    {
        float trig = MathF.Sin(x) * MathF.Cos(y) + MathF.Tan(0.5f * x) + MathF.Asin(0.5f * y) + MathF.Acos(0.5f * x) + MathF.Atan(x * y) + MathF.Atan2(y, x + 2.0f);
        float hyperbolic = MathF.Sinh(0.5f * x) * MathF.Cosh(0.5f * y) + MathF.Tanh(x + y);
        float logs = MathF.Log(x + 2.0f) + MathF.Log(y + 2.0f, x + 3.0f) + MathF.Log10(x + 3.0f) + MathF.Log2(y + 3.0f);
        float rest = MathF.Exp(0.5f * y) * MathF.Sqrt(x + 2.0f) + MathF.Cbrt(x - y + 4.0f) + MathF.Pow(x + 2.0f, y) + MathF.FusedMultiplyAdd(x, y, 1.0f);
        return trig + hyperbolic + logs + rest + MathF.PI * x - MathF.E * y;
    }

    [Differentiable]
    public static float FloatStaticForms(float x, float y)
    {
        float trig = float.Sin(x) + float.Cos(x * y) + float.Tan(0.3f * y) + float.Asin(0.4f * x) + float.Acos(0.4f * y) + float.Atan(y) + float.Atan2(x, y + 2.0f);
        float hyperbolic = float.Sinh(x) - float.Cosh(0.5f * y) + float.Tanh(0.5f * x * y);
        float logs = float.Log(x + 2.0f) + float.Log(x + 3.0f, y + 3.0f) + float.Log10(y + 2.0f) + float.Log2(x + y + 3.0f);
        float rest = float.Exp(-x) * float.Sqrt(y + 2.0f) + float.Cbrt(x + 2.0f) + float.Pow(y + 2.0f, 0.5f * x) + float.FusedMultiplyAdd(y, y, x);
        return trig + hyperbolic + logs + rest + float.Pi * y + float.E * x;
    }

    /// <summary>Widens to double for the intermediate work and narrows the result.</summary>
    [Differentiable]
    public static float Casts(float x, float y)
    {
        double wide = x;
        wide = Math.Exp(0.5 * wide) * (double)y;
        float narrow = (float)wide;
        narrow *= 1.0f + (float)Math.Sin((double)x * y);
        return narrow + (float)(wide * wide);
    }

    [Differentiable]
    public static float Softplus(float x) => MathF.Log(1.0f + MathF.Exp(x));

    /// <summary>A polynomial with float[] coefficients evaluated by Horner plus a static readonly table.</summary>
    [Differentiable]
    public static float ArrayHorner(float[] coefficients, float x)
    {
        float result = 0.0f;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            result = result * x + coefficients[i];
        }

        float table = 0.0f;
        for (int i = Coefficients.Length - 1; i >= 0; i--)
        {
            table = table * x + Coefficients[i];
        }

        return result + table;
    }

    /// <summary>A float local array and a float stackalloc buffer, with compound assignments on elements.</summary>
    [Differentiable]
    public static float LocalBuffers(ReadOnlySpan<float> x)
    {
        float[] cumulative = new float[x.Length];
        Span<float> scaled = stackalloc float[x.Length];
        float running = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i];
            cumulative[i] = running;
            scaled[i] = x[i];
            scaled[i] *= 0.5f + x[i];
            scaled[i] -= 0.25f;
            scaled[i] /= 2.0f;
            cumulative[i] += scaled[i];
        }

        float result = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            result += MathF.Sin(cumulative[i]) * scaled[i];
        }

        return result;
    }

    /// <summary>A small float MLP with early exit when the hidden layer is empty, on float spans.</summary>
    [Differentiable]
    public static float MlpLayer(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, int hidden)
    {
        int inputs = input.Length;
        float output = 0.0f;
        for (int j = 0; j < hidden; j++)
        {
            float activation = weights[hidden * inputs + j];
            for (int i = 0; i < inputs; i++)
            {
                activation += weights[j * inputs + i] * input[i];
            }

            output += MathF.Tanh(activation) * (j + 1);
        }

        return output;
    }

    /// <summary>A while loop with break and continue over a float span, and an early return.</summary>
    [Differentiable]
    public static float WhileWithBreakAndContinue(ReadOnlySpan<float> x)
    {
        float sum = 0.0f;
        int i = -1;
        while (true)
        {
            i++;
            if (i >= x.Length)
            {
                break;
            }

            if (x[i] < 0.0f)
            {
                continue;
            }

            sum += x[i] * x[i];
            if (sum > 100.0f)
            {
                return MathF.Sqrt(sum);
            }
        }

        return sum;
    }

    /// <summary>Log-sum-exp over a float span, calling a float method inside the loop.</summary>
    [Differentiable]
    public static float SpanLogSumExpPlusSoftplus(ReadOnlySpan<float> x)
    {
        float maximum = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            maximum = x[i] > maximum ? x[i] : maximum;
        }

        float sum = 0.0f;
        float penalty = 0.0f;
        foreach (float value in x)
        {
            sum += MathF.Exp(value - maximum);
            penalty += Softplus(value);
        }

        return maximum + MathF.Log(sum) + 0.1f * penalty;
    }

    [Differentiable]
    public static float Literals(float x) => x * 0.1f + (float)Math.PI * x + 1e-3f * x + x * 0.3f * (float)0.7;
}
