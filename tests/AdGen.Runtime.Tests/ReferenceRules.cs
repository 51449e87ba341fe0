using System;

namespace AdGen.Runtime.Tests;

/// <summary>
/// The update rules of docs/OPTIMIZERS.md in their plainest scalar form: one loop, one element at a time, in double,
/// written from the equations and not from the runtime's code. The runtime's optimizers are tested against these.
/// </summary>
internal interface IReferenceRule
{
    void Step(double[] theta, double[] g);
}

/// <summary>torch.optim.SGD's documented algorithm (its "if μ ≠ 0" guard included).</summary>
internal sealed class SgdReference(double gamma, double mu = 0, double tau = 0, bool nesterov = false, double lambda = 0) : IReferenceRule
{
    private double[]? _b;
    private int _k;

    public void Step(double[] theta, double[] gradient)
    {
        _k++;
        _b ??= new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            double g = gradient[i];
            g = g + (lambda * theta[i]);
            if (mu != 0)
            {
                _b[i] = _k == 1 ? g : (mu * _b[i]) + ((1 - tau) * g);
                g = nesterov ? g + (mu * _b[i]) : _b[i];
            }

            theta[i] = theta[i] - (gamma * g);
        }
    }
}

/// <summary>torch.optim.RMSprop's documented algorithm.</summary>
internal sealed class RmsPropReference(double gamma, double rho = 0.99, double epsilon = 1e-8, double mu = 0, bool centered = false, double lambda = 0) : IReferenceRule
{
    private double[]? _v;
    private double[]? _gAverage;
    private double[]? _b;

    public void Step(double[] theta, double[] gradient)
    {
        _v ??= new double[theta.Length];
        _gAverage ??= new double[theta.Length];
        _b ??= new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            double g = gradient[i] + (lambda * theta[i]);
            _v[i] = (rho * _v[i]) + ((1 - rho) * g * g);
            double vTilde = _v[i];
            if (centered)
            {
                _gAverage[i] = (rho * _gAverage[i]) + ((1 - rho) * g);
                vTilde = vTilde - (_gAverage[i] * _gAverage[i]);
            }

            if (mu > 0)
            {
                _b[i] = (mu * _b[i]) + (g / (Math.Sqrt(vTilde) + epsilon));
                theta[i] = theta[i] - (gamma * _b[i]);
            }
            else
            {
                theta[i] = theta[i] - (gamma * g / (Math.Sqrt(vTilde) + epsilon));
            }
        }
    }
}

/// <summary>Adam with coupled weight decay, or AdamW with decoupled weight decay.</summary>
internal sealed class AdamReference(double gamma, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double lambda = 0, bool decoupled = false) : IReferenceRule
{
    private double[]? _m;
    private double[]? _v;
    private int _k;

    public void Step(double[] theta, double[] gradient)
    {
        _k++;
        _m ??= new double[theta.Length];
        _v ??= new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            double g = gradient[i];
            if (decoupled)
            {
                theta[i] = (1 - (gamma * lambda)) * theta[i];
            }
            else
            {
                g = g + (lambda * theta[i]);
            }

            _m[i] = (beta1 * _m[i]) + ((1 - beta1) * g);
            _v[i] = (beta2 * _v[i]) + ((1 - beta2) * g * g);
            double mHat = _m[i] / (1 - Math.Pow(beta1, _k));
            double vHat = _v[i] / (1 - Math.Pow(beta2, _k));
            theta[i] = theta[i] - (gamma * mHat / (Math.Sqrt(vHat) + epsilon));
        }
    }
}

/// <summary>INNA, with φ written out as in the paper's first-order form.</summary>
internal sealed class InnaReference(double gamma, double alpha = 0.5, double beta = 0.1, double lambda = 0) : IReferenceRule
{
    private double[]? _psi;

    public void Step(double[] theta, double[] g)
    {
        if (_psi is null)
        {
            _psi = new double[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                _psi[i] = (1 - (alpha * beta)) * theta[i];
            }
        }

        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = (1 - (gamma * lambda)) * theta[i];
            double phi = ((alpha - (1 / beta)) * theta[i]) + ((1 / beta) * _psi[i]);
            _psi[i] = _psi[i] - (gamma * phi);
            theta[i] = theta[i] - (gamma * (phi + (beta * g[i])));
        }
    }
}

/// <summary>INNAprop exactly as OPTIMIZERS.md states it.</summary>
internal sealed class InnaPropReference(double gamma, double alpha = 0.1, double beta = 0.9, double sigma = 0.999, double epsilon = 1e-8, double lambda = 0.01) : IReferenceRule
{
    private double[]? _psi;
    private double[]? _v;
    private int _k;

    public void Step(double[] theta, double[] g)
    {
        if (_psi is null)
        {
            _psi = new double[theta.Length];
            _v = new double[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                _psi[i] = (1 - (alpha * beta)) * theta[i];
            }
        }

        _k++;
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = (1 - (gamma * lambda)) * theta[i];
            _v![i] = (sigma * _v[i]) + ((1 - sigma) * g[i] * g[i]);
            double d = (Math.Sqrt(_v[i]) / Math.Sqrt(1 - Math.Pow(sigma, _k))) + epsilon;
            _psi[i] = ((1 - (gamma / beta)) * _psi[i]) + (gamma * ((1 / beta) - alpha) * theta[i]);
            theta[i] = ((1 + (gamma * (1 - (alpha * beta)) / (beta - gamma))) * theta[i])
                - ((gamma / (beta - gamma)) * _psi[i])
                - (gamma * beta * g[i] / d);
        }
    }
}
