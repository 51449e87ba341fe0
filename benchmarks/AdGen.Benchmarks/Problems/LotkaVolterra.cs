using System;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Problem 6: an explicit time-stepping loop that overwrites its state: classic RK4 on the Lotka–Volterra
/// predator–prey system x' = αx − βxy, y' = δxy − γy; the result is x(T) + y(T), differentiated with respect to
/// the four rates and the two initial populations. Reverse mode must keep every overwritten state.
/// </summary>
public static partial class LotkaVolterra
{
    public const double Alpha = 1.1, Beta = 0.4, Gamma = 0.4, Delta = 0.1, Prey0 = 10, Predator0 = 5, Horizon = 10;

    [Differentiable]
    public static double Value(double alpha, double beta, double gamma, double delta, double prey0, double predator0, int steps)
    {
        double dt = Horizon / steps;
        double x = prey0;
        double y = predator0;
        for (int s = 0; s < steps; s++)
        {
            double k1x = alpha * x - beta * x * y;
            double k1y = delta * x * y - gamma * y;
            double x2 = x + 0.5 * dt * k1x;
            double y2 = y + 0.5 * dt * k1y;
            double k2x = alpha * x2 - beta * x2 * y2;
            double k2y = delta * x2 * y2 - gamma * y2;
            double x3 = x + 0.5 * dt * k2x;
            double y3 = y + 0.5 * dt * k2y;
            double k3x = alpha * x3 - beta * x3 * y3;
            double k3y = delta * x3 * y3 - gamma * y3;
            double x4 = x + dt * k3x;
            double y4 = y + dt * k3y;
            double k4x = alpha * x4 - beta * x4 * y4;
            double k4y = delta * x4 * y4 - gamma * y4;
            x += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y += dt / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
        }

        return x + y;
    }

    /// <summary>
    /// The discrete adjoint of RK4 by hand: the forward sweep stores each step's state in <paramref name="trajectory"/>
    /// (2 · steps values, allocated once by the caller), the reverse sweep recomputes the stages and pulls back.
    /// Gradient order: α, β, γ, δ, x0, y0.
    /// </summary>
    public static double HandGradient(double alpha, double beta, double gamma, double delta, double prey0, double predator0, int steps, Span<double> trajectory, Span<double> gradient)
    {
        double dt = Horizon / steps;
        double x = prey0, y = predator0;
        for (int s = 0; s < steps; s++)
        {
            trajectory[2 * s] = x;
            trajectory[2 * s + 1] = y;
            double k1x = alpha * x - beta * x * y, k1y = delta * x * y - gamma * y;
            double x2 = x + 0.5 * dt * k1x, y2 = y + 0.5 * dt * k1y;
            double k2x = alpha * x2 - beta * x2 * y2, k2y = delta * x2 * y2 - gamma * y2;
            double x3 = x + 0.5 * dt * k2x, y3 = y + 0.5 * dt * k2y;
            double k3x = alpha * x3 - beta * x3 * y3, k3y = delta * x3 * y3 - gamma * y3;
            double x4 = x + dt * k3x, y4 = y + dt * k3y;
            double k4x = alpha * x4 - beta * x4 * y4, k4y = delta * x4 * y4 - gamma * y4;
            x += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y += dt / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
        }

        double value = x + y;
        double ax = 1, ay = 1;
        double aAlpha = 0, aBeta = 0, aGamma = 0, aDelta = 0;
        for (int s = steps - 1; s >= 0; s--)
        {
            x = trajectory[2 * s];
            y = trajectory[2 * s + 1];
            double k1x = alpha * x - beta * x * y, k1y = delta * x * y - gamma * y;
            double x2 = x + 0.5 * dt * k1x, y2 = y + 0.5 * dt * k1y;
            double k2x = alpha * x2 - beta * x2 * y2, k2y = delta * x2 * y2 - gamma * y2;
            double x3 = x + 0.5 * dt * k2x, y3 = y + 0.5 * dt * k2y;
            double k3x = alpha * x3 - beta * x3 * y3, k3y = delta * x3 * y3 - gamma * y3;
            double x4 = x + dt * k3x, y4 = y + dt * k3y;

            // x_new = x + dt/6 (k1 + 2 k2 + 2 k3 + k4): the adjoints of the stage slopes.
            double a4x = dt / 6 * ax, a4y = dt / 6 * ay;
            double a3x = dt / 3 * ax, a3y = dt / 3 * ay;
            double a2x = a3x, a2y = a3y;
            double a1x = a4x, a1y = a4y;

            // Each stage k = F(p, q) at (p, q) = (x, y) + c·dt·k_previous pulls back into (p, q) and the rates.
            StagePullback(alpha, beta, gamma, delta, x4, y4, a4x, a4y, out double ap, out double aq, ref aAlpha, ref aBeta, ref aGamma, ref aDelta);
            ax += ap;
            ay += aq;
            a3x += dt * ap;
            a3y += dt * aq;
            StagePullback(alpha, beta, gamma, delta, x3, y3, a3x, a3y, out ap, out aq, ref aAlpha, ref aBeta, ref aGamma, ref aDelta);
            ax += ap;
            ay += aq;
            a2x += 0.5 * dt * ap;
            a2y += 0.5 * dt * aq;
            StagePullback(alpha, beta, gamma, delta, x2, y2, a2x, a2y, out ap, out aq, ref aAlpha, ref aBeta, ref aGamma, ref aDelta);
            ax += ap;
            ay += aq;
            a1x += 0.5 * dt * ap;
            a1y += 0.5 * dt * aq;
            StagePullback(alpha, beta, gamma, delta, x, y, a1x, a1y, out ap, out aq, ref aAlpha, ref aBeta, ref aGamma, ref aDelta);
            ax += ap;
            ay += aq;
        }

        gradient[0] = aAlpha;
        gradient[1] = aBeta;
        gradient[2] = aGamma;
        gradient[3] = aDelta;
        gradient[4] = ax;
        gradient[5] = ay;
        return value;
    }

    private static void StagePullback(double alpha, double beta, double gamma, double delta, double p, double q, double akx, double aky, out double ap, out double aq, ref double aAlpha, ref double aBeta, ref double aGamma, ref double aDelta)
    {
        ap = akx * (alpha - beta * q) + aky * delta * q;
        aq = -akx * beta * p + aky * (delta * p - gamma);
        aAlpha += akx * p;
        aBeta -= akx * p * q;
        aDelta += aky * p * q;
        aGamma -= aky * q;
    }
}
