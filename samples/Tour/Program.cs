using System;
using Tour;

double value = Models.ProductGradient(2.0, 3.0, out double da, out double db);
Console.WriteLine($"Product(2,3) = {value}, grad = ({da}, {db})");
var x = new double[] { -1.2, 1.0, 0.5 };
var g = new double[3];
double r = Models.RosenbrockGradient(x, g);
Console.WriteLine($"Rosenbrock = {r}, grad = [{string.Join(", ", g)}]");
var t = Models.RosenbrockTangent(x, new double[] { 1, 0, 0 });
Console.WriteLine($"tangent = {t}");
double p = Models.PiecewiseGradient(0.3, out double dp);
Console.WriteLine($"Piecewise(0.3) = {p}, d = {dp}, tangent = {Models.PiecewiseTangent(0.3, 1)}");
