using System;
using System.Numerics;

namespace AdGen.Benchmarks;

/// <summary>
/// The optimizers' update rules as plain scalar loops, one element at a time, with the runtime's default
/// hyperparameters (SGD with momentum 0.9): what one would write by hand, and the baseline the vectorised steps beat.
/// </summary>
internal static class ScalarBaselines
{
    public static void SgdMomentum<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> buffer, long k)
        where T : IFloatingPointIeee754<T>
    {
        T gamma = T.CreateTruncating(1e-2);
        T mu = T.CreateTruncating(0.9);
        for (int i = 0; i < theta.Length; i++)
        {
            buffer[i] = k == 1 ? g[i] : (mu * buffer[i]) + g[i];
            theta[i] -= gamma * buffer[i];
        }
    }

    public static void RmsProp<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> v)
        where T : IFloatingPointIeee754<T>
    {
        T gamma = T.CreateTruncating(1e-2);
        T rho = T.CreateTruncating(0.99);
        T epsilon = T.CreateTruncating(1e-8);
        for (int i = 0; i < theta.Length; i++)
        {
            v[i] = (rho * v[i]) + ((T.One - rho) * g[i] * g[i]);
            theta[i] -= gamma * g[i] / (T.Sqrt(v[i]) + epsilon);
        }
    }

    public static void Adam<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, long k, double weightDecay)
        where T : IFloatingPointIeee754<T>
    {
        const double Gamma = 1e-3;
        T beta1 = T.CreateTruncating(0.9);
        T beta2 = T.CreateTruncating(0.999);
        T epsilon = T.CreateTruncating(1e-8);
        T decay = T.CreateTruncating(1 - (Gamma * weightDecay));
        T stepSize = T.CreateTruncating(Gamma / (1 - Math.Pow(0.9, k)));
        T correction2 = T.CreateTruncating(1 - Math.Pow(0.999, k));
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] *= decay;
            m[i] = (beta1 * m[i]) + ((T.One - beta1) * g[i]);
            v[i] = (beta2 * v[i]) + ((T.One - beta2) * g[i] * g[i]);
            theta[i] -= stepSize * m[i] / (T.Sqrt(v[i] / correction2) + epsilon);
        }
    }

    public static void Inna<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> psi)
        where T : IFloatingPointIeee754<T>
    {
        T gamma = T.CreateTruncating(0.1);
        T alpha = T.CreateTruncating(0.5);
        T beta = T.CreateTruncating(0.1);
        for (int i = 0; i < theta.Length; i++)
        {
            T phi = ((alpha - (T.One / beta)) * theta[i]) + (psi[i] / beta);
            psi[i] -= gamma * phi;
            theta[i] -= gamma * (phi + (beta * g[i]));
        }
    }

    public static void InnaProp<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> psi, Span<T> v, long k)
        where T : IFloatingPointIeee754<T>
    {
        const double Gamma = 1e-3, Alpha = 0.1, Beta = 0.9, Sigma = 0.999, Lambda = 0.01;
        T decay = T.CreateTruncating(1 - (Gamma * Lambda));
        T sigma = T.CreateTruncating(Sigma);
        T correction = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(Sigma, k)));
        T epsilon = T.CreateTruncating(1e-8);
        T psiKeep = T.CreateTruncating(1 - (Gamma / Beta));
        T psiFromTheta = T.CreateTruncating(Gamma * ((1 / Beta) - Alpha));
        T thetaKeep = T.CreateTruncating(1 + (Gamma * (1 - (Alpha * Beta)) / (Beta - Gamma)));
        T thetaFromPsi = T.CreateTruncating(Gamma / (Beta - Gamma));
        T gradientStep = T.CreateTruncating(Gamma * Beta);
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] *= decay;
            v[i] = (sigma * v[i]) + ((T.One - sigma) * g[i] * g[i]);
            T d = (T.Sqrt(v[i]) / correction) + epsilon;
            psi[i] = (psiKeep * psi[i]) + (psiFromTheta * theta[i]);
            theta[i] = (thetaKeep * theta[i]) - (thetaFromPsi * psi[i]) - (gradientStep * g[i] / d);
        }
    }
}
