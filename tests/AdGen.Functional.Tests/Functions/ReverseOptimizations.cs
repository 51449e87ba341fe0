using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>
/// Functions aimed at the reverse-mode optimizations of src/Generator/Transforms: taped expensive loop temporaries
/// (cheap ones recomputed), branch conditions evaluated again in the reverse sweep, reverse loops that run back from
/// their bounds with no trip count, inner reverse loops skipped when their adjoints are zero, register promotion of
/// loop-carried values and by-reference adjoints, and the fusion of the last loop's reverse sweep into its forward sweep.
/// Most take (x, a, b) so that the scalar adjoints are passed by reference (and can be aliased).
/// </summary>
public static partial class ReverseOpt
{
    // ------------------------------------------------------------ 1. expensive temporaries taped, cheap ones recomputed

    /// <summary>Expensive temporaries (exp, sin) taped, cheap ones computed from them recomputed; a product keeps the loop from fusing.</summary>
    [Differentiable]
    public static double TapedExpensiveTemporaries(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = Math.Exp(-a * x[i] * x[i]);
            double c = 0.5 * e + b * x[i];
            double s = Math.Sin(c);
            double q = s * s + c * e;
            p *= 1.0 + 0.25 * q;
        }

        return p;
    }

    /// <summary>A taped temporary of the outer loop read by the inner loop's taped and cheap temporaries.</summary>
    [Differentiable]
    public static double NestedExpensiveTemporaries(ReadOnlySpan<double> x, double a, double b)
    {
        double state = 0.1;
        for (int i = 0; i < x.Length; i++)
        {
            double g = Math.Tanh(a * x[i]);
            double h = g * g + b;
            for (int j = 0; j <= i; j++)
            {
                double e = Math.Exp(0.3 * g * x[j]);
                double c = e * h - x[j];
                state = 0.9 * state + 0.1 * c * Math.Cos(state);
            }
        }

        return state;
    }

    /// <summary>The loop's recomputed temporary reads a value that is overwritten after the loop.</summary>
    [Differentiable]
    public static double TemporaryReadsValueOverwrittenAfterLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double scale = a * 0.5 + b;
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = scale * x[i];
            double e = Math.Exp(0.5 * t);
            p *= 1.0 + 0.1 * t * e;
        }

        scale = scale * scale + 1.0;
        return p * scale;
    }

    /// <summary>An expensive temporary computed from a counter-dependent cheap one, in a while loop.</summary>
    [Differentiable]
    public static double ExpensiveTemporariesInWhile(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        int i = 0;
        while (i < x.Length)
        {
            double u = a * x[i] + b;
            double l = Math.Log(1.0 + u * u);
            double v = l * u;
            p = p * 0.5 + v * Math.Cos(p);
            i++;
        }

        return p;
    }

    // ------------------------------------------------------------ 2. branch conditions evaluated again

    /// <summary>Conditions on the counter only, with an else-if.</summary>
    [Differentiable]
    public static double BranchOnCounter(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 3 == 0)
            {
                p *= 1.0 + 0.5 * a * x[i];
            }
            else if (i % 3 == 1)
            {
                p = p * Math.Cos(x[i]) + 0.1 * b;
            }
            else
            {
                p = p + 0.1 * x[i] * p;
            }
        }

        return p;
    }

    /// <summary>Inner-loop conditions on a cheap and a taped temporary of the outer loop, both counters and a never-assigned parameter.</summary>
    [Differentiable]
    public static double BranchOnOuterTemporaries(ReadOnlySpan<double> x, double a, [NoDerivative] double threshold)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            double u = 2.0 * x[i] - threshold;
            double e = Math.Exp(x[i]);
            for (int j = 0; j < x.Length; j++)
            {
                if (u > x[j] && e > 1.0)
                {
                    p = p * (1.0 + 0.1 * a * u * x[j]);
                }
                else if (j < i)
                {
                    p = p * (1.0 - 0.05 * e * x[j]);
                }
            }
        }

        return p;
    }

    /// <summary>A condition on a taped expensive temporary of the same loop.</summary>
    [Differentiable]
    public static double BranchOnTapedTemporary(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            double s = Math.Sin(3.0 * x[i] + b);
            if (s > 0.0)
            {
                p *= 1.0 + a * s * x[i];
            }
            else
            {
                p = p * (1.0 - 0.5 * s) + x[i];
            }
        }

        return p;
    }

    /// <summary>A condition on a value the loop assigns: it cannot be evaluated again, its outcome is taped.</summary>
    [Differentiable]
    public static double BranchOnAssignedValue(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        double level = b;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > level)
            {
                p = p * (1.0 + a * x[i]);
            }
            else
            {
                p = p * 0.5 + x[i];
            }

            level = 0.5 * level + 0.2 * x[i];
        }

        return p + level;
    }

    /// <summary>A condition on a parameter the method assigns (after the loop): not stable, taped.</summary>
    [Differentiable]
    public static double BranchOnParameterAssignedLater(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > b)
            {
                p = p * (1.0 + a * x[i]);
            }
            else
            {
                p = p * Math.Cos(a * x[i]);
            }
        }

        b = b * b;
        return p * b;
    }

    // ------------------------------------------------------------ 3. reverse loops from their bounds

    /// <summary><c>for (i = start; i &lt; end; i++)</c>, empty when end ≤ start.</summary>
    [Differentiable]
    public static double RangeLess(ReadOnlySpan<double> x, int start, int end)
    {
        double p = 0.5 + x[0];
        for (int i = start; i < end; i++)
        {
            p = p * Math.Sin(x[i]) + x[i] * (1.0 + 0.1 * i);
        }

        return p;
    }

    /// <summary><c>for (i = start; i &lt;= end; i++)</c>.</summary>
    [Differentiable]
    public static double RangeLessOrEqual(ReadOnlySpan<double> x, int start, int end)
    {
        double p = 0.5 + x[0];
        for (int i = start; i <= end; i++)
        {
            p = p * Math.Sin(x[i]) + x[i] * (1.0 + 0.1 * i);
        }

        return p;
    }

    /// <summary><c>for (i = start; i &gt; end; i--)</c>.</summary>
    [Differentiable]
    public static double RangeDown(ReadOnlySpan<double> x, int start, int end)
    {
        double p = 0.5 + x[0];
        for (int i = start; i > end; i--)
        {
            p = p * Math.Sin(x[i]) + x[i] * (1.0 + 0.1 * i);
        }

        return p;
    }

    /// <summary><c>for (i = start; i &gt;= end; i--)</c>.</summary>
    [Differentiable]
    public static double RangeDownOrEqual(ReadOnlySpan<double> x, int start, int end)
    {
        double p = 0.5 + x[0];
        for (int i = start; i >= end; i--)
        {
            p = p * Math.Sin(x[i]) + x[i] * (1.0 + 0.1 * i);
        }

        return p;
    }

    /// <summary>Literal bounds, one loop empty (5 &lt; 2).</summary>
    [Differentiable]
    public static double LiteralBounds(ReadOnlySpan<double> x)
    {
        double p = 1.0;
        for (int i = 0; i < 4; i++)
        {
            p = p * Math.Cos(x[i]) + 0.2 * x[i] * i;
        }

        for (int i = 5; i < 2; i++)
        {
            p = p * x[i];
        }

        for (int i = 3; i >= 1; i--)
        {
            p = p * (1.0 + 0.1 * x[i]) + x[i - 1];
        }

        return p;
    }

    /// <summary>Triangular loops: inner bounds read the outer counter (j &lt; i, j &lt;= i, j from i down, j from i + 1).</summary>
    [Differentiable]
    public static double TriangularLoops(ReadOnlySpan<double> x, double a, double b)
    {
        double state = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                state = Math.Sin(state + a * x[i] * x[j]) + 0.01 * (i - j);
            }

            for (int j = i; j >= 0; j--)
            {
                state = state * 0.9 + b * x[j] * (j + 1);
            }

            for (int j = i + 1; j <= x.Length - 1; j++)
            {
                state = state * Math.Cos(x[j]) + 0.1 * x[i];
            }
        }

        return state;
    }

    /// <summary>An inner bound read from an int temporary of the outer loop.</summary>
    [Differentiable]
    public static double BoundFromOuterTemporary(ReadOnlySpan<double> x, double a, double b)
    {
        double state = b;
        for (int i = 0; i < x.Length; i++)
        {
            int m = i / 2 + 1;
            for (int j = 0; j < m; j++)
            {
                state = state * Math.Cos(a * x[j]) + x[i] * (j + 1);
            }
        }

        return state;
    }

    /// <summary>Bounds the method assigns (not stable): the trip count is recorded.</summary>
    [Differentiable]
    public static double BoundAssigned(ReadOnlySpan<double> x, double a, double b)
    {
        int m = x.Length;
        double p = 1.0;
        for (int i = 0; i < m; i++)
        {
            p = p * Math.Cos(a * x[i]) + b;
        }

        m = x.Length / 2;
        for (int i = 0; i < m; i++)
        {
            p = p * (1.0 + 0.1 * x[i]);
        }

        return p;
    }

    /// <summary>A while loop around a canonical for loop whose bound reads the while loop's counter (assigned: counted).</summary>
    [Differentiable]
    public static double BoundFromWhileCounter(ReadOnlySpan<double> x, double a, double b)
    {
        double state = a;
        int k = 0;
        while (k < x.Length)
        {
            for (int j = 0; j <= k; j++)
            {
                state = state * Math.Sin(x[j] + b) + 0.1 * x[k];
            }

            k += 2;
        }

        return state;
    }

    // ------------------------------------------------------------ 4. inner reverse loops skipped when their adjoints are zero

    /// <summary>A ReLU layer: w holds units rows of x.Length weights, then units biases; v the output weights.</summary>
    [Differentiable]
    public static double ReluLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int units)
    {
        double output = 0.0;
        for (int u = 0; u < units; u++)
        {
            double z = w[units * x.Length + u];
            for (int j = 0; j < x.Length; j++)
            {
                z += w[u * x.Length + j] * x[j];
            }

            double h = AdMath.Relu(z);
            output += h * h + 0.5 * h;
        }

        return output;
    }

    /// <summary>Two layers: the inner loop reads two adjoints (z's and the running value's).</summary>
    [Differentiable]
    public static double ReluTwoAdjoints(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int units)
    {
        double output = 0.0;
        for (int u = 0; u < units; u++)
        {
            double z = -0.2;
            double y = 0.0;
            for (int j = 0; j < x.Length; j++)
            {
                z += w[u * x.Length + j] * x[j];
                y += w[u * x.Length + j] * x[j] * x[j];
            }

            output += AdMath.Relu(z) * 2.0 + AdMath.Relu(y - 0.5);
        }

        return output;
    }

    /// <summary>Each unit's pre-activation is w[u]·Σ x³: with |x| ~ 1e120 the partials overflow to ∞.</summary>
    [Differentiable]
    public static double ReluOfCubes(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        double output = 0.0;
        for (int u = 0; u < w.Length; u++)
        {
            double z = 0.0;
            for (int j = 0; j < x.Length; j++)
            {
                z += w[u] * x[j] * x[j] * x[j];
            }

            output += AdMath.Relu(z);
        }

        return output;
    }

    /// <summary>
    /// Each outer iteration fills a local buffer, then consumes it: sums it and zeroes it. The reverse of the zeroing resets
    /// the buffer's adjoints even when the sum's adjoint is zero (an inactive unit), so the consume loop cannot be skipped.
    /// </summary>
    [Differentiable]
    public static double ConsumeBuffer(ReadOnlySpan<double> x, double a)
    {
        double[] buffer = new double[x.Length];
        double output = 0.0;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                buffer[j] += x[j] * a * (i + 1);
            }

            double s = 0.0;
            for (int j = 0; j < x.Length; j++)
            {
                s += buffer[j];
                buffer[j] = 0.0;
            }

            double z = s - 1.5;
            output += AdMath.Relu(z);
        }

        return output;
    }

    // ------------------------------------------------------------ 5. register promotion, adjoints by reference

    /// <summary>Scalar parameters read in nested innermost loops (sum, product) and after them.</summary>
    [Differentiable]
    public static double ScalarParametersInLoops(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                sum += a * Math.Sin(b * x[i] + j);
                p *= 1.0 + 0.1 * a * b * x[i];
            }
        }

        return sum + a * b + p;
    }

    /// <summary>A running maximum and a sum of exponentials carried through the loop.</summary>
    [Differentiable]
    public static double RunningMaxAndSum(ReadOnlySpan<double> x, double a, double b)
    {
        double m = -10.0;
        double s = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            m = Math.Max(m, a * x[i]);
            s += Math.Exp(b * x[i] - m);
        }

        return m + Math.Log(s);
    }

    /// <summary>Scalar parameters in a do-while loop and a while loop.</summary>
    [Differentiable]
    public static double ScalarParametersInWhileLoops(ReadOnlySpan<double> x, double a, double b)
    {
        double s = 0.0;
        int i = 0;
        do
        {
            s = s * a + x[i] * b;
            i++;
        }
        while (i < x.Length);

        double q = 1.0;
        int k = 0;
        while (k < x.Length)
        {
            q += a * b * x[k] * q * 0.1;
            k++;
        }

        return s + q;
    }

    /// <summary>A parameter the loop overwrites (a local adjoint) beside one it only reads.</summary>
    [Differentiable]
    public static double OverwrittenParameterInLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            a = a * 0.9 + b * x[i];
            sum += a * a;
        }

        return sum + a * b;
    }

    [Differentiable]
    public static double Bump(double u, double v) => Math.Exp(-u * v * v) + u * v;

    /// <summary>Calls with the scalar parameters in the loop: the callee's pullback takes the adjoints by reference, once twice.</summary>
    [Differentiable]
    public static double CallsInLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = Bump(a, x[i]);
            double r = Bump(b, b);
            p = p * 0.5 + t * r + a * x[i];
        }

        return p;
    }

    // ------------------------------------------------------------ 6. fusion of the last loop

    /// <summary>The sum returned directly.</summary>
    [Differentiable]
    public static double FusedSum(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = a * x[i] * x[i];
            double e = Math.Exp(-t);
            sum += e * x[i] + b * t;
        }

        return sum;
    }

    /// <summary><c>return sum / n</c>.</summary>
    [Differentiable]
    public static double FusedMean(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Sin(a * x[i]) * b + x[i];
        }

        return sum / x.Length;
    }

    /// <summary><c>return 2 * sum + a * b</c>: the code after the loop reads the inputs.</summary>
    [Differentiable]
    public static double FusedThenReadsInputs(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += a * x[i] * x[i] - b * Math.Cos(x[i]);
        }

        return 2 * sum + a * b;
    }

    /// <summary>Code after the loop reads the sum nonlinearly: not fused.</summary>
    [Differentiable]
    public static double LogOfSum(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += a * a * x[i] * x[i] + Math.Exp(b * x[i]);
        }

        return Math.Log(sum);
    }

    /// <summary>An accumulator initialised with a nonlinear function whose adjoint reads the accumulator's value.</summary>
    [Differentiable]
    public static double AccumulatorStartsAtExp(ReadOnlySpan<double> x, double a, double b)
    {
        double s = Math.Exp(a * x[0]);
        for (int i = 1; i < x.Length; i++)
        {
            s += b * x[i] * x[i];
        }

        return s;
    }

    /// <summary>Same with Sqrt (its partial reads the result too) and Tanh.</summary>
    [Differentiable]
    public static double AccumulatorsStartAtSqrtAndTanh(ReadOnlySpan<double> x, double a, double b)
    {
        double s = Math.Sqrt(a * a + 1.0);
        double t = Math.Tanh(b);
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * a;
            t -= x[i] * x[i] * b;
        }

        return s + 3.0 * t;
    }

    /// <summary>An accumulator initialised from x[0] and read nonlinearly before the loop.</summary>
    [Differentiable]
    public static double AccumulatorReadBeforeLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double s = a * x[0];
        double u = s * s;
        for (int i = 1; i < x.Length; i++)
        {
            s += b * x[i];
        }

        return s + u;
    }

    /// <summary>A temporary before the loop read in the loop and after it.</summary>
    [Differentiable]
    public static double ValueBeforeLoopReadInAndAfter(ReadOnlySpan<double> x, double a, double b)
    {
        double c = Math.Exp(a);
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += c * x[i] * x[i] + b * x[i];
        }

        return sum + c;
    }

    /// <summary>Several accumulators, combined linearly (+, −, =, = e + s forms).</summary>
    [Differentiable]
    public static double SeveralAccumulators(ReadOnlySpan<double> x, double a, double b)
    {
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        double s4 = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = a * x[i];
            s1 += t;
            s2 = s2 + t * t;
            s3 -= Math.Sin(b * x[i]);
            s4 = b * t * x[i] + s4;
        }

        return s2 - 0.5 * s1 + 3.0 * s3 - s4 / 4.0;
    }

    /// <summary>Several accumulators combined nonlinearly (a variance): not fused.</summary>
    [Differentiable]
    public static double AccumulatorsCombinedNonlinearly(ReadOnlySpan<double> x, double a, double b)
    {
        double s1 = 0.0;
        double s2 = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = a * x[i] + b;
            s1 += t;
            s2 += t * t;
        }

        return s2 / x.Length - (s1 / x.Length) * (s1 / x.Length);
    }

    /// <summary>Accumulators updated inside if/else, on data, on the counter and on a parameter.</summary>
    [Differentiable]
    public static double AccumulatorsInBranches(ReadOnlySpan<double> x, double a, double b)
    {
        double positive = 0.0;
        double negative = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = a * x[i];
            if (t > 0.0)
            {
                positive += t * t;
            }
            else
            {
                double e = Math.Exp(t);
                negative -= e * b;
            }

            if (i % 2 == 0)
            {
                positive += b * x[i];
            }
            else if (x[i] > b)
            {
                negative += x[i] * x[i];
            }
        }

        return positive - 2.0 * negative;
    }

    /// <summary>The branch is decided by a value assigned before the loop (its outcome is taped inside the fused loop).</summary>
    [Differentiable]
    public static double FusedBranchOnValueBeforeLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double c = x[0] * a;
        double sum = 0.0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > c)
            {
                sum += x[i] * b;
            }
            else
            {
                sum += Math.Sin(x[i] * c);
            }
        }

        return sum;
    }

    /// <summary>An inner loop (triangular) accumulating into the outer sum.</summary>
    [Differentiable]
    public static double FusedWithInnerLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double total = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = Math.Exp(-a * x[i] * x[i]);
            for (int j = 0; j < i; j++)
            {
                double d = x[i] - x[j];
                total += w * Math.Exp(-d * d) + b * d;
            }
        }

        return total;
    }

    /// <summary>A loop calling another [Differentiable] method.</summary>
    [Differentiable]
    public static double FusedWithCalls(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Bump(a, x[i]) * b;
            sum -= Bump(x[i], b);
        }

        return sum + Bump(a, b);
    }

    /// <summary>A loop writing a local array: must not fuse.</summary>
    [Differentiable]
    public static double LoopWritesLocalArray(ReadOnlySpan<double> x, double a, double b)
    {
        double[] buffer = new double[x.Length];
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            buffer[i] = a * x[i] * x[i];
            sum += buffer[i] * b + Math.Sin(buffer[i]);
        }

        return sum;
    }

    /// <summary>Prefix sums: an accumulator read by another's increment (not fusable).</summary>
    [Differentiable]
    public static double PrefixSums(ReadOnlySpan<double> x, double a, double b)
    {
        double s1 = 0.0;
        double s2 = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            s1 += a * x[i];
            s2 += s1 * x[i] * b;
        }

        return s2;
    }

    /// <summary>A branch on an input after the loop picks a linear combination of the sum.</summary>
    [Differentiable]
    public static double BranchAfterLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Cos(a * x[i]) * x[i];
        }

        if (b > 0.0)
        {
            return 2.0 * sum + b;
        }

        return sum - a * b;
    }

    /// <summary>Two loops: a running maximum, then a fusable sum that reads it (log-sum-exp without the log).</summary>
    [Differentiable]
    public static double MaxThenSum(ReadOnlySpan<double> x, double a, double b)
    {
        double m = a * x[0];
        for (int i = 1; i < x.Length; i++)
        {
            m = Math.Max(m, a * x[i]);
        }

        double s = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Exp(a * x[i] - m) * b;
        }

        return s + 0.5 * m;
    }

    /// <summary>The accumulator is a parameter (overwritten: a local adjoint).</summary>
    [Differentiable]
    public static double ParameterAccumulator(ReadOnlySpan<double> x, double a, double b)
    {
        for (int i = 0; i < x.Length; i++)
        {
            a += b * x[i] * x[i];
        }

        return a;
    }

    /// <summary>A linear chain after the loop through locals: mean, then scale and shift.</summary>
    [Differentiable]
    public static double LinearChainAfterLoop(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(0.5 * a * x[i]);
        }

        double mean = sum / x.Length;
        double r = mean * 3.0 - b;
        r += a;
        return r * b;
    }

    /// <summary>Break inside the accumulation loop: normalized into a flag, so not fusable.</summary>
    [Differentiable]
    public static double FusedCandidateWithBreak(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 1.2)
            {
                break;
            }

            sum += a * x[i] + b * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Sibling loops and branches that declare temporaries of the same names (the last loop fusable).</summary>
    [Differentiable]
    public static double SiblingLoopsReuseNames(ReadOnlySpan<double> x, double a, double b)
    {
        double p = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = a * x[i];
            p = p * Math.Cos(d) + d;
        }

        for (int i = 0; i < x.Length; i++)
        {
            double d = b * x[i];
            if (d > 0.0)
            {
                double t = d * d;
                p = p + t * p * 0.1;
            }
            else
            {
                double t = Math.Exp(d);
                p = p * t;
            }
        }

        double s = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = Math.Sin(x[i] * a);
            for (int j = 0; j < 2; j++)
            {
                double t = d * j;
                s += t * b;
            }
        }

        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] * b;
            s += d * d;
        }

        return p + s;
    }

    // ------------------------------------------------------------ kink counts (only the KinkMonitor tests call these)

    /// <summary>Abs and Max in a fusable loop.</summary>
    [Differentiable]
    public static double KinksFused(ReadOnlySpan<double> x, double c)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = Math.Abs(x[i] - c);
            sum += d * x[i] + Math.Max(x[i], c);
        }

        return sum;
    }

    /// <summary>The same loop with a nonlinear use of the sum after it: not fused.</summary>
    [Differentiable]
    public static double KinksUnfused(ReadOnlySpan<double> x, double c)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = Math.Abs(x[i] - c);
            sum += d * x[i] + Math.Max(x[i], c);
        }

        return Math.Log(1.0 + sum * sum);
    }

    /// <summary>Abs in an inner loop of an inactive ReLU unit: the zero-adjoint guard must not skip the count.</summary>
    [Differentiable]
    public static double KinksInInactiveUnit(ReadOnlySpan<double> x, double c)
    {
        double output = 0.0;
        for (int u = 0; u < 2; u++)
        {
            double z = -1.0 - u;
            for (int j = 0; j < x.Length; j++)
            {
                z += 0.001 * Math.Abs(x[j] - c);
            }

            output += AdMath.Relu(z);
        }

        return output;
    }
}

/// <summary>Single-precision versions of the fusion cases.</summary>
public static partial class ReverseOptF
{
    [Differentiable]
    public static float FusedSum(ReadOnlySpan<float> x, float a, float b)
    {
        float sum = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            float t = a * x[i] * x[i];
            float e = MathF.Exp(-t);
            sum += e * x[i] + b * t;
        }

        return sum;
    }

    [Differentiable]
    public static float FusedThenReadsInputs(ReadOnlySpan<float> x, float a, float b)
    {
        float sum = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            sum += a * x[i] * x[i] - b * MathF.Cos(x[i]);
        }

        return 2 * sum / x.Length + a * b;
    }

    [Differentiable]
    public static float AccumulatorsInBranches(ReadOnlySpan<float> x, float a, float b)
    {
        float positive = 0.0f;
        float negative = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            float t = a * x[i];
            if (t > 0.0f)
            {
                positive += t * t;
            }
            else
            {
                negative -= MathF.Exp(t) * b;
            }

            if (i % 2 == 0)
            {
                positive += b * x[i];
            }
        }

        return positive - 2.0f * negative;
    }

    [Differentiable]
    public static float AccumulatorStartsAtExp(ReadOnlySpan<float> x, float a, float b)
    {
        float s = MathF.Exp(a * x[0]);
        for (int i = 1; i < x.Length; i++)
        {
            s += b * x[i] * x[i];
        }

        return s;
    }

    [Differentiable]
    public static float LogOfSum(ReadOnlySpan<float> x, float a, float b)
    {
        float sum = 1.0f;
        for (int i = 0; i < x.Length; i++)
        {
            sum += a * a * x[i] * x[i] + MathF.Exp(b * x[i]);
        }

        return MathF.Log(sum);
    }

    [Differentiable]
    public static float FusedWithInnerLoop(ReadOnlySpan<float> x, float a, float b)
    {
        float total = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                float d = x[i] - x[j];
                total += a * MathF.Exp(-d * d) + b * d;
            }
        }

        return total;
    }

    /// <summary>Float adjoints by reference in nested loops and a taped expensive temporary.</summary>
    [Differentiable]
    public static float ScalarParametersInLoops(ReadOnlySpan<float> x, float a, float b)
    {
        float sum = 0.0f;
        float p = 1.0f;
        for (int i = 0; i < x.Length; i++)
        {
            float e = MathF.Exp(-a * x[i] * x[i]);
            for (int j = 0; j < 2; j++)
            {
                sum += a * MathF.Sin(b * x[i] + j) * e;
                p *= 1.0f + 0.1f * a * b * x[i];
            }
        }

        return sum + a * b + p;
    }
}

public static partial class ReverseOpt
{
    // ------------------------------------------------------------ calls AdGen cannot see into

    /// <summary>
    /// A helper called once per iteration that gives a new value each time: the reverse sweep must read the value the
    /// forward sweep got (taped), never call the helper again. The square keeps the loop's reverse sweep apart from
    /// its forward sweep (no fusion): ∂/∂w[i] = 2·s·(the i-th ticket).
    /// </summary>
    [Differentiable]
    public static double NumberedSum(ReadOnlySpan<double> w)
    {
        double s = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            int ticket = Tickets.Next();
            s += w[i] * ticket;
        }

        return s * s;
    }
}

/// <summary>Numbers handed out in order, per thread: a call that does not give the same value twice.</summary>
public static class Tickets
{
    [ThreadStatic]
    private static int t_last;

    public static int Next() => ++t_last;

    public static void Reset() => t_last = 0;
}
