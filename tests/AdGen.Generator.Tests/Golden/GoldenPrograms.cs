using System.Collections.Generic;
using System.Linq;

namespace AdGen.Generator.Tests.Golden;

/// <summary>
/// The inputs of the golden-file tests: small programs that together show every supported construct once. Each
/// name is also the folder of its baselines under Baselines/. Literals include fractions, exponents and negative
/// numbers so that the culture test has something to get wrong.
/// </summary>
public static class GoldenPrograms
{
    public const string ScalarExpressionBody = """
        using System;
        using AdGen;

        namespace Golden.Scalars;

        public static partial class Functions
        {
            [Differentiable]
            public static double Product(double a, double b) => a * b + Math.Sin(a) / b;
        }
        """;

    public const string ScalarBlockBody = """
        using System;
        using AdGen;

        namespace Golden.Scalars;

        public static partial class Block
        {
            [Differentiable]
            public static double Mixed(double x, double y)
            {
                const double scale = -2.5;
                double r = Math.Sqrt(x * x + y * y);
                double angle = Math.Atan2(y, x);
                double value = scale * r + Math.Exp(-0.5 * angle);
                value += Math.Pow(x, 3.0) - Math.Log(1.0 + y * y, 10.0);
                value *= 1e-3;
                value -= -x / (y + 4.0);
                return -value + Math.Tanh(x) * Math.Cbrt(y) + Math.PI;
            }
        }
        """;

    public const string SpanLoop = """
        using System;
        using AdGen;

        namespace Golden.Sequences;

        public static partial class Norms
        {
            [Differentiable]
            public static double SumOfSquares(ReadOnlySpan<double> x)
            {
                double sum = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    sum += x[i] * x[i];
                }

                return sum;
            }
        }
        """;

    public const string ArrayLoopWithTape = """
        using System;
        using AdGen;

        namespace Golden.Sequences;

        public static partial class Products
        {
            // p is overwritten each iteration and the multiplication needs its old value: reverse mode tapes it.
            [Differentiable]
            public static double ProductOfSines(double[] xs)
            {
                double p = 1.0;
                foreach (double x in xs)
                {
                    p = p * Math.Sin(x);
                }

                return p;
            }
        }
        """;

    public const string NestedLoops = """
        using System;
        using AdGen;

        namespace Golden.Sequences;

        public static partial class Quadratic
        {
            /// <summary>xᵀ A x for a row-major n×n matrix A.</summary>
            [Differentiable]
            public static double Form(ReadOnlySpan<double> a, ReadOnlySpan<double> x, int n)
            {
                double total = 0.0;
                for (int i = 0; i < n; i++)
                {
                    double row = 0.0;
                    for (int j = 0; j < n; j++)
                    {
                        row += a[i * n + j] * x[j];
                    }

                    total += x[i] * row;
                }

                return total;
            }
        }
        """;

    public const string Branches = """
        using System;
        using AdGen;

        namespace Golden.Control;

        public static partial class Branching
        {
            [Differentiable]
            public static double Piecewise(double x, double y)
            {
                double result;
                if (x > 0.0)
                {
                    result = x * y;
                }
                else if (x < -1.0)
                {
                    result = Math.Exp(x);
                }
                else
                {
                    result = y;
                }

                double clipped = result > 10.0 ? 10.0 : result * result;
                return clipped + (y >= 0.0 ? y : -y);
            }
        }
        """;

    public const string EarlyReturnInLoop = """
        using System;
        using AdGen;

        namespace Golden.Control;

        public static partial class Search
        {
            [Differentiable]
            public static double FirstAbove(ReadOnlySpan<double> x, double threshold)
            {
                double acc = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    acc = acc + x[i] * threshold;
                    if (acc > 100.0)
                    {
                        return acc * 0.5;
                    }
                }

                return acc;
            }
        }
        """;

    public const string BreakContinue = """
        using System;
        using AdGen;

        namespace Golden.Control;

        public static partial class Loops
        {
            [Differentiable]
            public static double SkipAndStop(double[] x, double limit)
            {
                double sum = 0.0;
                int i = 0;
                while (i < x.Length)
                {
                    double v = x[i];
                    i++;
                    if (v < 0.0)
                    {
                        continue;
                    }

                    if (sum > limit)
                    {
                        break;
                    }

                    sum += Math.Sqrt(v);
                }

                double product = 1.0;
                int k = 0;
                do
                {
                    product *= 1.0 + sum / (k + 1);
                    k++;
                }
                while (k < 3);

                return product;
            }
        }
        """;

    public const string LocalArrays = """
        using System;
        using AdGen;

        namespace Golden.Sequences;

        public static partial class Smoothing
        {
            [Differentiable]
            public static double PrefixEnergy(ReadOnlySpan<double> x)
            {
                double[] prefix = new double[x.Length];
                double running = 0.0;
                for (int i = 0; i < x.Length; i++)
                {
                    running += x[i];
                    prefix[i] = running;
                }

                for (int i = 1; i < prefix.Length; i++)
                {
                    prefix[i] *= 0.5;
                    prefix[i] += prefix[i - 1];
                }

                double energy = 0.0;
                for (int i = 0; i < prefix.Length; i++)
                {
                    energy += prefix[i] * prefix[i];
                }

                return energy;
            }
        }
        """;

    public const string StackAlloc = """
        using System;
        using AdGen;

        namespace Golden.Sequences;

        public static partial class Scratch
        {
            [Differentiable]
            public static double Differences(ReadOnlySpan<double> x)
            {
                Span<double> d = stackalloc double[x.Length - 1];
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    d[i] = x[i + 1] - x[i];
                }

                double total = 0.0;
                for (int i = 0; i < d.Length; i++)
                {
                    total += Math.Cos(d[i]);
                }

                return total;
            }
        }
        """;

    public const string CallsBetweenMethods = """
        using System;
        using AdGen;

        namespace Golden.Calls;

        public static partial class Kernels
        {
            [Differentiable]
            public static double Gaussian(double x, double width) => Math.Exp(-(x * x) / (2.0 * width * width));
        }

        public static partial class Models
        {
            [Differentiable]
            public static double Mixture(ReadOnlySpan<double> weights, double x)
            {
                double total = 0.0;
                for (int i = 0; i < weights.Length; i++)
                {
                    total += weights[i] * Kernels.Gaussian(x - i, 1.5);
                }

                return Norm(total, x);
            }

            [Differentiable]
            public static double Norm(double a, double b) => Math.Sqrt(a * a + b * b);
        }
        """;

    public const string FloatMethod = """
        using System;
        using AdGen;

        namespace Golden.Single;

        public static partial class Activations
        {
            [Differentiable]
            public static float Softplus(float x, ReadOnlySpan<float> w)
            {
                float sum = 0.25f;
                for (int i = 0; i < w.Length; i++)
                {
                    sum += w[i] * MathF.Log(1f + MathF.Exp(x * i));
                }

                double wide = (double)sum * -1.5;
                return (float)Math.Sin(wide) + float.Sqrt(sum * sum);
            }
        }
        """;

    public const string PassiveParameters = """
        using System;
        using AdGen;

        namespace Golden.Passive;

        public static partial class Physics
        {
            [Differentiable]
            public static double Spring(double position, [NoDerivative] double stiffness, int order, bool damped)
            {
                double energy = 0.5 * stiffness * position * position;
                for (int k = 2; k <= order; k++)
                {
                    energy += Math.Pow(position, k) / k;
                }

                return damped ? energy * 0.9 : energy;
            }
        }
        """;

    public const string GenericNestedContainingType = """
        using System;
        using AdGen;

        namespace Golden.Nesting;

        public partial class Outer<T> where T : struct
        {
            internal partial struct Inner
            {
                [Differentiable]
                internal static double Scaled(double x, double factor) => factor * Math.Log(1.0 + x * x);
            }

            public partial record Settings
            {
                [Differentiable]
                public static double Halved(double x) => x * 0.5;
            }
        }
        """;

    public const string GlobalNamespace = """
        using System;
        using AdGen;

        public static partial class Polynomials
        {
            private static readonly double[] Coefficients = { 1.0, -0.5, 0.125, -0.015625 };
            private static readonly double Offset = 0.75;

            [Differentiable]
            public static double Horner(double x)
            {
                double result = 0.0;
                for (int i = Coefficients.Length - 1; i >= 0; i--)
                {
                    result = result * (x - Offset) + Coefficients[i];
                }

                return result * Math.E;
            }
        }
        """;

    // The last loop only accumulates (sums, a branch on a per-iteration temporary) and the code after it is linear in the
    // sums: each iteration's reverse sweep runs right after its forward sweep.
    public const string FusedLoop = """
        using System;
        using AdGen;

        namespace Golden.Fusion;

        public static partial class Losses
        {
            [Differentiable]
            public static double Residuals(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, double scale)
            {
                double sum = 0.0;
                double absolute = 0.0;
                for (int i = 0; i < prediction.Length; i++)
                {
                    double residual = scale * prediction[i] - target[i];
                    if (residual > 0.0)
                    {
                        absolute += residual;
                    }
                    else
                    {
                        absolute -= Math.Exp(residual) - 1.0;
                    }

                    sum += residual * residual;
                }

                return sum / prediction.Length + 0.5 * absolute - 2.5 * scale;
            }
        }
        """;

    // A ReLU layer: the reverse inner loop over the inputs is skipped when the unit is inactive (its adjoint is zero).
    public const string ZeroAdjointInnerLoop = """
        using System;
        using AdGen;

        namespace Golden.Networks;

        public static partial class Layers
        {
            [Differentiable]
            public static double HiddenRelu(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> input, int hidden)
            {
                double output = 0.0;
                for (int u = 0; u < hidden; u++)
                {
                    double z = bias[u];
                    for (int j = 0; j < input.Length; j++)
                    {
                        z += weights[u * input.Length + j] * input[j];
                    }

                    output += AdMath.Relu(z) * -0.5;
                }

                return output * output;
            }
        }
        """;

    // A calibration loss: the adjoint sums of the parameters leave out what holds still in the loop (the loss's adjoint,
    // the amplitude, constants) and are scaled once after it; the hinge's kink rule stays in what each iteration adds.
    public const string InvariantFactors = """
        using System;
        using AdGen;

        namespace Golden.Calibration;

        public static partial class Decay
        {
            [Differentiable]
            public static double Loss(double amplitude, double rate, double offset, [NoDerivative] ReadOnlySpan<double> times, [NoDerivative] ReadOnlySpan<double> observed)
            {
                double loss = 0.0;
                for (int i = 0; i < times.Length; i++)
                {
                    double residual = amplitude * Math.Exp(-rate * times[i]) + offset - observed[i];
                    loss += residual * residual + 0.25 * Math.Max(-residual, 0.0);
                }

                return 0.5 * loss / times.Length;
            }
        }
        """;

    // Loop-carried product and running maximum, a taped exp with a cheap temporary recomputed from it, and the adjoints
    // of the scalar parameters (by reference) summed in loop locals.
    public const string RegisterPromotion = """
        using System;
        using AdGen;

        namespace Golden.Registers;

        public static partial class Carried
        {
            [Differentiable]
            public static double ProductAndMax(ReadOnlySpan<double> x, double a, double b)
            {
                double p = 1.0;
                double m = -1e3;
                for (int i = 0; i < x.Length; i++)
                {
                    double e = Math.Exp(a * x[i]);
                    double c = e * b - x[i];
                    p *= 1.0 + 0.125 * c;
                    m = Math.Max(m, c);
                }

                return p + m;
            }
        }
        """;

    /// <summary>
    /// Calls before any loop get their value and partials from the callee's gradient (one run instead of a value now
    /// and a pullback later); a constant argument's partial is discarded; a call after a loop keeps its pullback. A call
    /// with one active argument takes its partial from the callee's tangent (Discount(0.01, time)), unless the callee
    /// has a singular point where its two modes can differ (Volatility's square root): then from its gradient.
    /// </summary>
    public const string PreaccumulatedCalls = """
        using System;
        using AdGen;

        namespace Golden.Preaccumulation;

        public static partial class Pricing
        {
            [Differentiable]
            public static double Discount(double rate, double time) => Math.Exp(-rate * time);

            [Differentiable]
            public static double Forward(double spot, double rate, double time, ReadOnlySpan<double> dividends)
            {
                double discount = Discount(rate, time);
                double carry = Discount(0.01, time);
                double paid = 0.0;
                for (int i = 0; i < dividends.Length; i++)
                {
                    paid += dividends[i];
                }

                return (spot - paid) * carry / discount + Discount(paid, 1.0);
            }

            [Differentiable]
            public static double Volatility(double variance) => Math.Sqrt(variance);

            [Differentiable]
            public static double Scaled(double spot, double variance)
            {
                double volatility = Volatility(variance);
                return spot * volatility;
            }
        }
        """;

    /// <summary>
    /// AdMath.StopGradient: the stopped maximum is not active, so its loop has no tape and no reverse sweep; a stopped
    /// value inside an expression is hoisted and read by name in both modes; a stopped exp in a loop is taped, not
    /// evaluated again by the reverse sweep.
    /// </summary>
    public const string StoppedGradient = """
        using System;
        using AdGen;

        namespace Golden.Stopped;

        public static partial class Losses
        {
            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> z)
            {
                double max = z[0];
                for (int i = 1; i < z.Length; i++)
                {
                    max = Math.Max(max, z[i]);
                }

                double shift = AdMath.StopGradient(max);
                double sum = 0.0;
                for (int i = 0; i < z.Length; i++)
                {
                    sum += Math.Exp(z[i] - shift);
                }

                return shift + Math.Log(sum);
            }

            [Differentiable]
            public static double Scaled(double x, double y) => x * AdMath.StopGradient(x * y) - 0.5 * y;

            [Differentiable]
            public static double Weighted(double x, ReadOnlySpan<double> w)
            {
                double s = 0.0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += AdMath.StopGradient(Math.Exp(x * w[i])) * w[i];
                }

                return s * s;
            }
        }
        """;

    /// <summary>
    /// A piecewise loss (the benchmark's problem 5): |r| is taken before the Huber branch but used by one branch only,
    /// so its derivative, scaled by an adjoint that only that branch sets, is added inside the branch; the kink checks
    /// stay where they were.
    /// </summary>
    public const string BranchOnlyAdjoint = """
        using System;
        using AdGen;

        namespace Golden.BranchOnly;

        public static partial class Losses
        {
            [Differentiable]
            public static double Piecewise(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double r = x[i] - 1;
                    double a = Math.Abs(r);
                    if (a <= 1)
                    {
                        sum += 0.5 * r * r;
                    }
                    else
                    {
                        sum += a - 0.5;
                    }

                    sum += 10 * Math.Max(-x[i], 0);
                }

                return sum;
            }
        }
        """;

    /// <summary>
    /// Log-sum-exp with its maximum traced (the benchmark's problem 3): the running maximum's loop is reversed without a
    /// tape, from where the maximum was last taken over; a polynomial in Horner form gets its partial in Horner form.
    /// </summary>
    public const string RunningExtremum = """
        using System;
        using AdGen;

        namespace Golden.Extrema;

        public static partial class Reductions
        {
            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> z)
            {
                double max = z[0];
                for (int i = 1; i < z.Length; i++)
                {
                    max = Math.Max(max, z[i]);
                }

                double sum = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    sum += Math.Exp(z[i] - max);
                }

                return max + Math.Log(sum);
            }

            [Differentiable]
            public static double Polynomial(double t) => t * (0.25 + t * (-0.5 + t * 1.5)) / (1.0 + t * t);
        }
        """;

    /// <summary>
    /// A neuron layer through TensorPrimitives.Dot over span views (ninth round): the forward sweep calls TensorPrimitives,
    /// the reverse sweep adds multiples of the operands into their adjoints with vectorised calls, views index the sequence.
    /// </summary>
    public const string SpanReductions = """
        using System;
        using System.Numerics.Tensors;
        using AdGen;

        namespace Golden.Vectorised;

        public static partial class Layers
        {
            [Differentiable]
            public static double Layer(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> input)
            {
                int width = input.Length;
                double total = 0;
                for (int j = 0; j < bias.Length; j++)
                {
                    ReadOnlySpan<double> row = weights.Slice(j * width, width);
                    double z = bias[j] + TensorPrimitives.Dot(row, input);
                    total += Math.Tanh(z) + 0.5 * row[0] * row[0];
                }

                return total + 0.01 * TensorPrimitives.SumOfSquares(weights);
            }
        }
        """;

    /// <summary>Every golden program by name (the name of its baseline folder).</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = typeof(GoldenPrograms)
        .GetFields()
        .Where(static f => f.IsLiteral && f.FieldType == typeof(string))
        .ToDictionary(static f => f.Name, static f => (string)f.GetRawConstantValue()!);

    public static IEnumerable<object[]> Names => All.Keys.OrderBy(static n => n, System.StringComparer.Ordinal).Select(static n => new object[] { n });
}
