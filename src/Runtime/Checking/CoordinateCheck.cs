namespace AdGen.Checking;

/// <summary>The comparison of one gradient component with its finite-difference estimate.</summary>
/// <param name="Index">The coordinate i.</param>
/// <param name="Analytic">∂f/∂x_i from the gradient function.</param>
/// <param name="Numeric">The central difference (f(x + h e_i) − f(x − h e_i)) / 2h.</param>
/// <param name="AbsoluteError">|Analytic − Numeric|.</param>
/// <param name="ToleranceRatio">AbsoluteError / (atol + rtol·|Numeric|): above 1 fails (NaN when a value is not finite).</param>
/// <param name="Left">The backward difference (f(x) − f(x − h e_i)) / h.</param>
/// <param name="Right">The forward difference (f(x + h e_i) − f(x)) / h.</param>
/// <param name="SuspectedKink">The one-sided differences disagree at two step sizes: a kink along this coordinate.</param>
public readonly record struct CoordinateCheck(
    int Index,
    double Analytic,
    double Numeric,
    double AbsoluteError,
    double ToleranceRatio,
    double Left,
    double Right,
    bool SuspectedKink)
{
    /// <summary>Whether the component is within tolerance.</summary>
    public bool Passed => ToleranceRatio <= 1;
}
