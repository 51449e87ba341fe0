using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace AdGen.Benchmarks;

/// <summary>
/// A project with many [Differentiable] methods for measuring the generator's own cost: classes of ten methods each,
/// cycling through four shapes (scalar expression, loop over a span, branches with max/abs, time-stepping loop).
/// </summary>
public static class SyntheticProject
{
    public const int MethodsPerClass = 10;

    /// <summary>The source of class <paramref name="classIndex"/>; <paramref name="edit"/> changes one constant (an incremental edit).</summary>
    public static string ClassSource(int classIndex, int methodCount, int edit = 0)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using AdGen;");
        text.AppendLine();
        text.AppendLine("namespace Synthetic;");
        text.AppendLine();
        text.AppendLine($"public static partial class Models{classIndex:000}");
        text.AppendLine("{");
        for (int m = 0; m < methodCount; m++)
        {
            int i = classIndex * MethodsPerClass + m;
            string c = (1.0 + i / 1000.0 + (m == 0 ? edit : 0)).ToString("R", CultureInfo.InvariantCulture);
            text.AppendLine("    [Differentiable]");
            switch (i % 4)
            {
                case 0:
                    text.AppendLine($"    public static double Scalar{i}(double a, double b) => a * Math.Sin(b) + {c} * a * a - Math.Exp(-b * b);");
                    break;
                case 1:
                    text.AppendLine($$"""
                        public static double Loop{{i}}(ReadOnlySpan<double> x)
                        {
                            double sum = 0;
                            for (int k = 0; k < x.Length; k++)
                            {
                                double t = x[k] - {{c}};
                                sum += t * t + Math.Log(1 + x[k] * x[k]);
                            }

                            return sum;
                        }
                    """);
                    break;
                case 2:
                    text.AppendLine($$"""
                        public static double Branches{{i}}(double x, double y)
                        {
                            double r = Math.Abs(x - y);
                            if (r < {{c}})
                            {
                                return 0.5 * r * r;
                            }

                            return Math.Max(x, 0) + r - 0.5;
                        }
                    """);
                    break;
                default:
                    text.AppendLine($$"""
                        public static double Steps{{i}}(double k, double y0, int steps)
                        {
                            double y = y0;
                            double h = {{c}} / steps;
                            for (int s = 0; s < steps; s++)
                            {
                                y += h * (Math.Sin(y) - k * y);
                            }

                            return y;
                        }
                    """);
                    break;
            }

            text.AppendLine();
        }

        text.AppendLine("}");
        return text.ToString();
    }

    public static int ClassCount(int methods) => (methods + MethodsPerClass - 1) / MethodsPerClass;

    public static int MethodsInClass(int classIndex, int methods) => Math.Min(MethodsPerClass, methods - classIndex * MethodsPerClass);

    /// <summary>Writes the sources (Models000.cs …) into <paramref name="folder"/>; the script adds the project file.</summary>
    public static void Write(string folder, int methods)
    {
        Directory.CreateDirectory(folder);
        for (int k = 0; k < ClassCount(methods); k++)
        {
            File.WriteAllText(Path.Combine(folder, $"Models{k:000}.cs"), ClassSource(k, MethodsInClass(k, methods)));
        }

        File.WriteAllText(Path.Combine(folder, "Program.cs"), "System.Console.WriteLine(Synthetic.Models000.Scalar0(1, 2));\n");
        Console.WriteLine($"Wrote {methods} [Differentiable] methods in {ClassCount(methods)} classes to {folder}");
    }
}
