// A copy of the generated Piecewise.ValueGradient with the kink-monitor checks removed, for KinkMonitorBenchmarks.
// Written by `dotnet run -c Release --project benchmarks/AdGen.Benchmarks -- --write-kink-free-copy`; do not edit.
#nullable enable

namespace AdGen.Benchmarks.Problems;

public static class PiecewiseWithoutKinkChecks
{
    public static double ValueGradient(global::System.ReadOnlySpan<double> x, global::System.Span<double> dx)
    {
        if (dx.Length != x.Length)
        {
            throw new global::System.ArgumentException("dx must have the length of x.", "dx");
        }
        dx.Clear();
        return ValueReverse(x, 1.0, dx);
    }

    [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double ValueReverse(global::System.ReadOnlySpan<double> x, double seed, global::System.Span<double> dx)
    {
        // Forward sweep: compute Value, keeping what the reverse sweep needs.
        double r = 0.0;
        double a = 0.0;
        double max = 0.0;
        double abs = 0.0;
        double result = 0.0;
        double sum = 0.0;

        // Reverse sweep: propagate the adjoint of the result back to the inputs, starting with what follows the last loop.
        double dresult = seed;
        double dsum = dresult;
        // the loop, each iteration followed by its reverse sweep
        // sum is carried through the loop in a local the JIT keeps in a register
        double sumInLoop = sum;
        for (int i = 0; i < x.Length; i++)
        {
            double dr = 0.0;
            double da = 0.0;
            r = x[i] - 1.0;
            a = global::System.Math.Abs(r);
            if (a <= 1.0)
            {
                sumInLoop += 0.5 * r * r;
                // this branch's reverse sweep, while its condition is at hand
                dr += dsum * r;
            }
            else
            {
                sumInLoop += a - 0.5;
                // this branch's reverse sweep, while its condition is at hand
                da += dsum;
                // da is zero outside this branch: what it scales is added here
                dr += da * (double)((r > 0.0 ? 1 : 0) - (r < 0.0 ? 1 : 0));
            }
            max = global::System.Math.Max(-x[i], 0.0);
            sumInLoop += 10.0 * max;
            if (i + 1 < x.Length)
            {
                abs = global::System.Math.Abs(x[i + 1] - x[i]);
                sumInLoop += 0.3 * abs;
                // this branch's reverse sweep, while its condition is at hand
                double dabs = 0.3 * dsum;
                double adjoint2 = dabs * (double)((x[i + 1] - x[i] > 0.0 ? 1 : 0) - (x[i + 1] - x[i] < 0.0 ? 1 : 0));
                dx[i + 1] += adjoint2;
                dx[i] -= adjoint2;
            }
            // this iteration's reverse sweep, right away: no other iteration changes its adjoints
            double dmax = 10.0 * dsum;
            double adjoint = dmax * (-x[i] == 0.0 ? 0.5 : (double)(-x[i] > 0.0 ? 1 : 0));
            dx[i] += dr - adjoint;
        }
        sum = sumInLoop;
        // the rest of the forward sweep
        result = sum;
        return result;
    }
}
