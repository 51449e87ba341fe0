using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AdGen;
using AdGen.Checking;
using AdGen.Optimizers;
using Tour;

// A tour of AdGen: each [Differentiable] method in Models.cs and Nonsmooth.cs got FGradient, FTangent and FPullback
// at compile time. Run it with: dotnet run --project samples/Tour
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Section("1. A scalar function: Wave(a, b) = a·b + sin a");
double wave = Models.WaveGradient(2.0, 3.0, out double dWaveDa, out double dWaveDb);
Console.WriteLine($"Wave(2, 3) = {wave:R}");
Console.WriteLine($"reverse mode  ∇Wave = ({dWaveDa:R}, {dWaveDb:R})   (hand-derived: ({3 + Math.Cos(2):R}, 2))");
var tangent = Models.WaveTangent(2.0, 3.0, 1.0, 0.5);
Console.WriteLine($"forward mode  ∇Wave·(1, 0.5) = {tangent.Tangent:R}");

Section("2. A loop over a span: the extended Rosenbrock function");
double[] x = { -1.2, 1.0, -1.2, 1.0 };
double[] gradient = new double[x.Length];
double f = Models.RosenbrockGradient(x, gradient);
Console.WriteLine($"f = {f:R}, ∇f = [{string.Join(", ", gradient.Select(g => g.ToString("R")))}]");
GradientCheckReport check = GradientCheck.Check(Models.RosenbrockGradient, x);
Console.WriteLine($"gradient check against central finite differences: {(check.Passed ? "passed" : "FAILED")} on {check.Coordinates.Count} coordinates");
MinimizationResult<double> fit = Minimizer.Minimize(Models.RosenbrockGradient, x, new InnaProp(learningRate: 0.01, alpha: 0.1, beta: 0.9), new MinimizerOptions { MaxIterations = 20000, GradientTolerance = 1e-6 });
Console.WriteLine($"INNAprop, {fit.Iterations} steps from x0: f went from {f:F1} to {fit.Value:F4}, x = [{string.Join(", ", fit.Point.Select(v => v.ToString("F4")))}] (minimum at [1, 1, 1, 1]; see samples/Optimizers)");

Section("3. Quantitative finance: Black–Scholes Greeks by reverse mode (AAD)");
double price = Models.CallPriceGradient(100, 0.2, 0.05, 105, 1.0, out double delta, out double vega, out double rho);
Console.WriteLine($"call price {price:F4}, delta {delta:F4}, vega {vega:F4}, rho {rho:F4}");

Section("4. The tape: 1,000 Euler steps that overwrite their state");
double y = Models.DecayGradient(0.8, 1.0, 1000, out double dk, out double dy0);
Console.WriteLine($"y(1) = {y:R}, ∂y/∂k = {dk:R}, ∂y/∂y0 = {dy0:R}  (exact ODE: y = 1/(1 + k): ∂y/∂k ≈ {-1 / (1.8 * 1.8):R})");

Section("5. Vectorised reductions: least squares with TensorPrimitives.Dot");
string[] rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "stackloss", "stackloss.csv")).Skip(1).ToArray();
double[] features = rows.SelectMany(r => r.Split(',').Take(3).Select(double.Parse)).ToArray();
double[] response = rows.Select(r => double.Parse(r.Split(',')[3])).ToArray();
double[] leastSquares = { -39.919674, 0.715640, 1.295286, -0.152123 };
double[] squaredErrorGradient = new double[4];
double meanSquare = Models.SquaredErrorGradient(leastSquares, features, response, squaredErrorGradient);
double[] byHand = new double[4]; // (2/n)·Xᵀ(Xβ − y), X with a column of ones
for (int i = 0; i < response.Length; i++)
{
    double residual = leastSquares[0] + leastSquares[1] * features[3 * i] + leastSquares[2] * features[3 * i + 1] + leastSquares[3] * features[3 * i + 2] - response[i];
    for (int j = 0; j < 4; j++)
    {
        byHand[j] += 2 * residual * (j == 0 ? 1 : features[3 * i + j - 1]) / response.Length;
    }
}

Console.WriteLine($"stack loss, mean squared error at the least-squares fit: {meanSquare:F4}, gradient [{string.Join(", ", squaredErrorGradient.Select(v => v.ToString("G3")))}]");
Console.WriteLine($"by hand, (2/n)·Xᵀ(Xβ − y): [{string.Join(", ", byHand.Select(v => v.ToString("G3")))}]  (near zero: the coefficients are rounded to six digits)");
double[] awayFromFit = { -30, 0.5, 1.0, 0.0 };
GradientCheckReport dotCheck = GradientCheck.Check((b, g) => Models.SquaredErrorGradient(b, features, response, g), awayFromFit);
Console.WriteLine($"away from it, gradient check against central finite differences: {(dotCheck.Passed ? "passed" : "FAILED")} on {dotCheck.Coordinates.Count} coordinates");

Section("6. Nonsmooth code: explicit conservative rules at kinks");
KinkMonitor.Enable();
Nonsmooth.ReluDifferenceGradient(0.0, out double dRelu);
Console.WriteLine($"d/dx [relu(x) - relu(-x)] at 0 = {dRelu}  (the function is x; AdGen's default ReLU'(0) = 0 gives 0, as PyTorch and JAX do)");
Nonsmooth.NeuronGradient(2.0, 0.0, 0.0, out _, out double dx0);
Nonsmooth.NeuronGradient(2.0, 0.0, 1.0, out _, out double dx1);
Console.WriteLine($"relu(w·x) at w = 2, x = 0: ∂/∂x = {dx0} with ReLU'(0) = 0, {dx1} with ReLU'(0) = 1  (one compiled method, the rule is a run-time argument)");
double[] ties = { 1, 3, 3 };
double[] tieGradient = new double[3];
Nonsmooth.RunningMaxGradient(ties, tieGradient);
Console.WriteLine($"running max of [1, 3, 3]: gradient [{string.Join(", ", tieGradient)}]  (tie split 0.5/0.5)");
Nonsmooth.SafeSqrtGradient(-1.0, out double dSqrt);
Console.WriteLine($"d/dx (x > 0 ? sqrt(x) : 0) at -1 = {dSqrt}  (no NaN from the branch not taken)");
double[] logits = { 2, 2, -1 };
double[] softmax = new double[3];
Nonsmooth.LogSumExpGradient(logits, softmax);
Console.WriteLine($"log-sum-exp of [2, 2, -1], its maximum behind AdMath.StopGradient: gradient [{string.Join(", ", softmax.Select(v => v.ToString("F4")))}] (the softmax; no tie rule at the maximum)");

double[] beta = { -39.9, 0.7, 1.3, -0.15 };
double[] lad = new double[4];
double deviations = Nonsmooth.AbsoluteDeviationsGradient(beta, features, response, lad);
Console.WriteLine($"least absolute deviations on stack loss at the least-squares fit: {deviations:F3}, subgradient [{string.Join(", ", lad.Select(v => v.ToString("F3")))}]");
Console.WriteLine("kink monitor report (exact hits at kinks while it was on):");
Console.Write(KinkMonitor.Report());
KinkMonitor.Disable();

Section("7. Where the generated code is");
string generated = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "obj"));
string[] files = Directory.Exists(generated) ? Directory.GetFiles(generated, "*.AdGen.g.cs", SearchOption.AllDirectories) : Array.Empty<string>();
foreach (string file in files)
{
    Console.WriteLine(file);
}

Console.WriteLine(files.Length == 0
    ? "Set <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles> in your project to write the generated code to obj/."
    : "(EmitCompilerGeneratedFiles is on in samples/Tour/Tour.csproj; your IDE also shows it under Dependencies > Analyzers.)");

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('-', title.Length));
}
