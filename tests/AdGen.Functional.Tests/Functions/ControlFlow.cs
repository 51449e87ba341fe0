using System;

namespace AdGen.Functional.Tests.Functions;

/// <summary>Less common control flow: strided and reversed loops, returns from nested loops, loops on differentiable conditions.</summary>
public static partial class ControlFlow
{
    [Differentiable]
    public static double StrideTwo(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 1; i < x.Length; i += 2)
        {
            sum += x[i] * x[i - 1];
        }

        return sum;
    }

    /// <summary>The loop starts at a run-time index, possibly past the end.</summary>
    [Differentiable]
    public static double VariableStart(ReadOnlySpan<double> x, int start)
    {
        double state = 1.0;
        for (int i = start; i < x.Length; i++)
        {
            state = state * Math.Cos(x[i]) + x[i];
        }

        return state;
    }

    [Differentiable]
    public static double ReversedIndex(ReadOnlySpan<double> x)
    {
        double state = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            state = state * 0.5 + x[x.Length - 1 - i] * x[i];
        }

        return state / x.Length;
    }

    [Differentiable]
    public static double ReturnFromNestedLoop(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                sum += x[i] * x[j];
                if (sum > 4.5)
                {
                    return sum * x[j];
                }
            }
        }

        return -sum;
    }

    /// <summary>The trip count depends on x: the derivative follows the iterations the program runs.</summary>
    [Differentiable]
    public static double WhileOnDifferentiableCondition(double x)
    {
        double r = 10.0 * x;
        int count = 0;
        while (r > 1.0)
        {
            r = r * 0.6 + 0.1 * x;
            count++;
        }

        return r * count;
    }

    [Differentiable]
    public static double BoolLocalsAndLogic(double x, double y)
    {
        bool positive = x > 0.0;
        bool small = y < 1.0 && y > -1.0;
        double s = x * y;
        if (positive && !small)
        {
            s += x;
        }
        else if (!positive || small)
        {
            s *= y;
        }

        return s + (positive ? 1.0 : -1.0) * y;
    }

    [Differentiable]
    public static double ContinueInDoAndBreakInForeach(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        int i = 0;
        do
        {
            i++;
            if (x[i - 1] < 0.0)
            {
                continue;
            }

            sum += Math.Sqrt(x[i - 1]);
        }
        while (i < x.Length);

        foreach (double value in x)
        {
            if (value > 1.5)
            {
                break;
            }

            sum += value * value * value;
        }

        return sum;
    }

    [Differentiable]
    public static double NestedConditionals(double x, double y) =>
        x > 0.0 ? (y > 0.0 ? x * y : x - y) : (y > x ? Math.Exp(x) * y : y * y);

    [Differentiable]
    public static double IntegerArithmeticInWeights(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * (double)i / x.Length + (i / 2) * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>The same local overwritten several times outside any loop.</summary>
    [Differentiable]
    public static double ChainOfOverwrites(double x)
    {
        double t = x;
        t = Math.Sin(t);
        t = Math.Sin(t) * t;
        t = t * t + x;
        return t;
    }

    /// <summary>A guard that returns before any work.</summary>
    [Differentiable]
    public static double GuardClause(ReadOnlySpan<double> x)
    {
        if (x.Length == 0)
        {
            return 0.0;
        }

        double state = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            state = state * 0.5 + x[i];
        }

        return state;
    }

    /// <summary>Six Newton steps for √x in a for loop without a condition, left by return.</summary>
    [Differentiable]
    public static double NewtonSquareRoot(double x)
    {
        double y = x;
        for (int iteration = 0; ; iteration++)
        {
            y = 0.5 * (y + x / y);
            if (iteration >= 5)
            {
                return y;
            }
        }
    }

    /// <summary>A loop over a double counter that is not differentiated.</summary>
    [Differentiable]
    public static double DoubleLoopCounter(double x)
    {
        double sum = 0.0;
        for (double t = 0.0; t < 1.0; t += 0.25)
        {
            sum += Math.Sin(t * x);
        }

        return sum;
    }

    /// <summary>An index chosen by comparisons of differentiable values, then used to read the span.</summary>
    [Differentiable]
    public static double ArgMax(ReadOnlySpan<double> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return x[best] * 2.0 + x[0];
    }

    [Differentiable]
    public static double ReturnInsideForeach(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        foreach (double value in x)
        {
            sum += value * value;
            if (sum > 2.0)
            {
                return sum * value;
            }
        }

        return sum;
    }

    /// <summary>Two loops each declaring a local named temp, one double and one int.</summary>
    [Differentiable]
    public static double SameNameDifferentTypes(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double temp = x[i] * 2.0;
            sum += temp * temp;
        }

        for (int i = 0; i < x.Length; i++)
        {
            int temp = i * 2;
            sum += x[i] * temp;
        }

        return sum;
    }

    /// <summary>Sibling blocks each declaring a local named t.</summary>
    [Differentiable]
    public static double SiblingBlocks(double x, double y)
    {
        double s;
        if (x > 0.0)
        {
            double t = x * y;
            s = t * t;
        }
        else
        {
            double t = y - x;
            s = Math.Sin(t);
        }

        return s;
    }

    /// <summary>The body advances the loop variable: an entry above 1 skips the next one.</summary>
    [Differentiable]
    public static double SkipAhead(ReadOnlySpan<double> x)
    {
        double state = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            state = state * 0.9 + x[i] * x[i];
            if (x[i] > 1.0)
            {
                i++;
            }
        }

        return state;
    }

    /// <summary>The loop bound shrinks inside the body.</summary>
    [Differentiable]
    public static double ShrinkingLimit(ReadOnlySpan<double> x)
    {
        double state = 0.0;
        int limit = x.Length;
        for (int i = 0; i < limit; i++)
        {
            state = Math.Sin(state) + x[i] * x[limit - 1];
            limit--;
        }

        return state;
    }

    [Differentiable]
    public static double StartAtTheMiddle(ReadOnlySpan<double> x)
    {
        double state = 1.0;
        for (int i = x.Length / 2; i < x.Length; i++)
        {
            state = state * x[i] + 1.0;
        }

        return state;
    }

    /// <summary>A while (true) left by break, nested in a for, overwriting a local of the outer body.</summary>
    [Differentiable]
    public static double WhileTrueInsideFor(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            int halvings = 0;
            while (true)
            {
                v = v * 0.5 + 0.1 * v * v;
                halvings++;
                if (halvings >= 3)
                {
                    break;
                }
            }

            sum += v * x[i];
        }

        return sum;
    }

    /// <summary>
    /// Constant steps other than ±1, with &lt;, &lt;=, &gt; and &gt;= bounds that are not multiples of the step: the reverse
    /// sweep must rebuild exactly the indices the forward sweep visited.
    /// </summary>
    [Differentiable]
    public static double ConstantSteps(ReadOnlySpan<double> x, int stop)
    {
        double state = 0.5;
        for (int i = 2; i < x.Length; i += 3)
        {
            state = state * Math.Cos(x[i]) + x[i];
        }

        for (int i = x.Length - 1; i >= 1; i -= 2)
        {
            state = Math.Sin(state) * x[i] + state;
        }

        for (int i = 0; i <= stop && i < x.Length; i += 2)
        {
            state = state * x[i] + 0.25;
        }

        for (int i = x.Length - 1; i > stop; i -= 4)
        {
            state = state + x[i] * state * 0.5;
        }

        return state;
    }

    /// <summary>
    /// A loop with an early return (so not a counted loop) that overwrites elements whose old values the reverse
    /// sweep needs (p's adjoint reads a[1] and a[2]). The update adds a constant, so no adjoint reads the counter; only
    /// the restore of the old element does, through its index. Random programs found an index out of range here: the
    /// counter was not saved.
    /// </summary>
    [Differentiable]
    public static double EarlyExitOverwritesElements(double w)
    {
        double[] a = new double[4];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = w * (i + 1);
        }

        double p = a[1] * a[2];
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > 1000.0)
            {
                return w;
            }

            a[i] += 0.25;
        }

        return p + a[0] * a[3];
    }

    /// <summary>
    /// a[0] = cos(a[2]) reads its own array: its reverse sweep restores a[0], and reads a[2] as it was there. A later
    /// a[2] = … must therefore be saved. It was not: the reverse sweep read the later a[2], and the gradient was off by
    /// about 0.6 % (random programs, seed 7272, program 2138).
    /// </summary>
    [Differentiable]
    public static double OtherElementReadThenOverwritten(double t)
    {
        double[] a = new double[3];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Math.Sin(0.5 * t + i);
        }

        double sum = 0.0;
        for (int k = 0; k < a.Length; k++)
        {
            a[0] = Math.Cos(a[2]);
            sum += a[k];
        }

        a[2] = Math.Tanh(t);
        return sum + a[2];
    }
}
