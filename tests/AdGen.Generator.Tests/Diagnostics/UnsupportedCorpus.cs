using System.Collections.Generic;
using System.Linq;

namespace AdGen.Generator.Tests.Diagnostics;

/// <summary>One input of the bad-input corpus.</summary>
/// <param name="Name">A name for test output.</param>
/// <param name="Method">The [Differentiable] method that must get no derivatives.</param>
/// <param name="ExpectedIds">The exact ids when the construct is unambiguous; null when only "some ADG error" is certain.</param>
/// <param name="Malformed">Code as an IDE sees it mid-typing: the compiler reports it; the generator must only survive it.</param>
public sealed record CorpusCase(string Name, string Method, string Source, string[]? ExpectedIds, bool Malformed)
{
    public override string ToString() => Name;
}

/// <summary>
/// Unsupported and malformed [Differentiable] methods. Each is a whole file, so that a case can also break the
/// file's structure (unclosed braces) or its containing types (non-partial, nested).
/// </summary>
public static class UnsupportedCorpus
{
    private static string InType(string members, string usings = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using AdGen;
        {{usings}}
        public static partial class Corpus
        {
            private static double s_field;
            private static readonly double[] Table = { 1.0, 2.0 };

            public static double Helper(double x) => x + 1.0;

            public static double Apply(Func<double, double> f, double x) => f(x);

            public static double Field => s_field;

        {{members}}
        }
        """;

    private static CorpusCase Unsupported(string name, string id, string members) =>
        new(name, "F", InType(members), new[] { id }, Malformed: false);

    private static CorpusCase UnsupportedIds(string name, string[]? ids, string members) =>
        new(name, "F", InType(members), ids, Malformed: false);

    private static CorpusCase Malformed(string name, string members) =>
        new(name, "F", InType(members), null, Malformed: true);

    public static IReadOnlyList<CorpusCase> Cases { get; } = new List<CorpusCase>
    {
        // ---- statements
        Unsupported("TryCatch", "ADG0005", """
            [Differentiable]
            public static double F(double x) { try { return Math.Log(x); } catch (Exception) { return 0.0; } }
            """),
        Unsupported("TryFinally", "ADG0005", """
            [Differentiable]
            public static double F(double x) { double y = 0.0; try { y = x * x; } finally { y += 1.0; } return y; }
            """),
        Unsupported("Goto", "ADG0005", """
            [Differentiable]
            public static double F(double x)
            {
                double y = x;
            again:
                y = y * 0.5;
                if (y > 1.0) goto again;
                return y;
            }
            """),
        Unsupported("GotoCase", "ADG0005", """
            [Differentiable]
            public static double F(double x, int mode)
            {
                double y = x;
                switch (mode)
                {
                    case 0:
                        y = y * 2.0;
                        goto case 1;
                    case 1:
                        return y * x;
                    default:
                        return y;
                }
            }
            """),
        Unsupported("ThrowStatement", "ADG0005", """
            [Differentiable]
            public static double F(double x)
            {
                if (x < 0.0) throw new ArgumentOutOfRangeException(nameof(x));
                return Math.Sqrt(x);
            }
            """),
        UnsupportedIds("ThrowExpression", null, """
            [Differentiable]
            public static double F(double x) => x >= 0.0 ? Math.Sqrt(x) : throw new ArgumentOutOfRangeException(nameof(x));
            """),
        Unsupported("LocalFunction", "ADG0005", """
            [Differentiable]
            public static double F(double x)
            {
                return Square(x) + 1.0;
                static double Square(double v) => v * v;
            }
            """),
        Unsupported("LockStatement", "ADG0005", """
            private static readonly object Gate = new();
            [Differentiable]
            public static double F(double x) { lock (Gate) { return x * 2.0; } }
            """),
        Unsupported("UsingDeclaration", "ADG0005", """
            [Differentiable]
            public static double F(double x) { using (var stream = new System.IO.MemoryStream()) { } return x * 2.0; }
            """),
        Unsupported("DiscardedCall", "ADG0005", """
            [Differentiable]
            public static double F(double x) { Helper(x); return x; }
            """),
        // The generator stays silent on methods with compiler errors, and the harness makes every warning an error:
        // the pragmas keep these cases about the construct, not about the unused local or the missing arm.
        Unsupported("StringLocal", "ADG0005", """
            #pragma warning disable CS0219
            [Differentiable]
            public static double F(double x) { string label = "x"; return x * 2.0; }
            """),
        Unsupported("RefLocal", "ADG0005", """
            [Differentiable]
            public static double F(double x) { double y = x * 2.0; ref double r = ref y; r = r + 1.0; return y; }
            """),
        Unsupported("UnsafeBlock", "ADG0005", """
            [Differentiable]
            public static unsafe double F(double x) { double y = x * 2.0; unsafe { double* p = &y; } return y; }
            """),
        Unsupported("TwoDimensionalLocalArray", "ADG0005", """
            [Differentiable]
            public static double F(double x) { double[,] grid = new double[2, 2]; return x * 2.0; }
            """),
        Unsupported("ListLocal", "ADG0005", """
            [Differentiable]
            public static double F(double x) { var list = new List<double>(); return x * 2.0; }
            """),
        Unsupported("LocalArrayInLoop", "ADG0013", """
            [Differentiable]
            public static double F(double[] x)
            {
                double s = 0.0;
                foreach (double v in x) { double[] t = new double[1]; t[0] = v; s += t[0]; }
                return s;
            }
            """),
        Unsupported("IteratorMethod", "ADG0003", """
            [Differentiable]
            public static IEnumerable<double> F(double x) { yield return x; }
            """),

        // ---- expressions
        UnsupportedIds("LambdaArgument", null, """
            [Differentiable]
            public static double F(double x) => Apply(v => v * v, x);
            """),
        UnsupportedIds("LambdaLocal", null, """
            [Differentiable]
            public static double F(double x) { Func<double, double> square = v => v * v; return square(x); }
            """),
        UnsupportedIds("LinqQuery", null, """
            [Differentiable]
            public static double F(double[] x) => (from v in x select v * v).Sum();
            """),
        Unsupported("LinqMethod", "ADG0007", """
            [Differentiable]
            public static double F(double[] x) => x.Sum();
            """),
        Unsupported("SwitchExpressionWithoutDiscard", "ADG0006", """
            #pragma warning disable CS8509
            [Differentiable]
            public static double F(double x, int mode) => mode switch { 0 => x, 1 => x * x };
            """),
        Unsupported("PatternMatch", "ADG0006", """
            [Differentiable]
            public static double F(double x) => x is > 0.0 and < 1.0 ? x : 1.0;
            """),
        Unsupported("FloatingRemainder", "ADG0006", """
            [Differentiable]
            public static double F(double x) => x % 2.0;
            """),
        Unsupported("AssignmentInExpression", "ADG0006", """
            [Differentiable]
            public static double F(double x) { double y; double z = (y = x * 2.0) + 1.0; return y * z; }
            """),
        Unsupported("DelegateParameter", "ADG0004", """
            [Differentiable]
            public static double F(double x, Func<double, double> f) => f(x) * 2.0;
            """),
        UnsupportedIds("AsyncTask", new[] { "ADG0003", "ADG0005" }, """
            [Differentiable]
            public static async Task<double> F(double x) { await Task.Yield(); return x * x; }
            """),
        Unsupported("CallWithoutDerivative", "ADG0007", """
            [Differentiable]
            public static double F(double x) => 2.0 * Helper(x);
            """),
        Unsupported("MathWithoutDerivative", "ADG0007", """
            [Differentiable]
            public static double F(double x) => Math.BitIncrement(x) * x;
            """),
        Unsupported("Recursion", "ADG0009", """
            [Differentiable]
            public static double F(double x, int n) => n <= 0 ? x : F(x * 0.5, n - 1);
            """),

        // ---- writes
        Unsupported("WriteStaticField", "ADG0008", """
            [Differentiable]
            public static double F(double x) { s_field = x; return x; }
            """),
        Unsupported("CompoundWriteStaticField", "ADG0008", """
            [Differentiable]
            public static double F(double x) { s_field += x; return x; }
            """),
        Unsupported("WriteParameterArray", "ADG0008", """
            [Differentiable]
            public static double F(double[] x) { x[0] = 1.0; return x[0] * x[1]; }
            """),
        Unsupported("WriteStaticReadonlyArray", "ADG0008", """
            [Differentiable]
            public static double F(double x) { Table[0] = x; return x * Table[1]; }
            """),

        // ---- signatures and containing types
        Unsupported("RefParameter", "ADG0004", """
            [Differentiable]
            public static double F(ref double x) => x * x;
            """),
        Unsupported("OutParameter", "ADG0004", """
            [Differentiable]
            public static double F(double x, out double twice) { twice = 2.0 * x; return x * x; }
            """),
        Unsupported("PointerParameter", "ADG0004", """
            [Differentiable]
            public static unsafe double F(double* x) => *x * 2.0;
            """),
        Unsupported("TwoDimensionalArrayParameter", "ADG0004", """
            [Differentiable]
            public static double F(double[,] x) => x[0, 0];
            """),
        Unsupported("ListParameter", "ADG0004", """
            [Differentiable]
            public static double F(List<double> x) => x[0] * 2.0;
            """),
        Unsupported("SpanOutputParameter", "ADG0004", """
            [Differentiable]
            public static double F(double x, Span<double> y) => x * y.Length;
            """),
        Unsupported("VoidReturn", "ADG0003", """
            [Differentiable]
            public static void F(double x) { }
            """),
        Unsupported("IntReturn", "ADG0003", """
            [Differentiable]
            public static int F(double x) => (int)x;
            """),
        Unsupported("ArrayReturn", "ADG0003", """
            [Differentiable]
            public static double[] F(double x) => new[] { x };
            """),
        Unsupported("InstanceMethodOfPartialType", "ADG0001", """
            public sealed partial class Instance
            {
                [Differentiable]
                public double F(double x) => x * x;
            }
            """),
        Unsupported("GenericMethod", "ADG0011", """
            [Differentiable]
            public static double F<T>(double x) => x * 2.0;
            """),
        Unsupported("NameClashMethod", "ADG0010", """
            [Differentiable]
            public static double F(double x) => x * x;
            public static double FGradient(double x) => 2.0 * x;
            """),
        Unsupported("NameClashProperty", "ADG0010", """
            [Differentiable]
            public static double F(double x) => x * x;
            public static int FPullback => 0;
            """),
        Unsupported("NoBody", "ADG0012", """
            [Differentiable]
            [System.Runtime.InteropServices.DllImport("libm")]
            public static extern double F(double x);
            """),
        new CorpusCase("NonPartialType", "F", """
            using AdGen;
            public static class NotPartial
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """, new[] { "ADG0002" }, Malformed: false),
        new CorpusCase("NonPartialOuterType", "F", """
            using AdGen;
            public class Outer
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """, new[] { "ADG0002" }, Malformed: false),
        new CorpusCase("DifferentiableLocalFunction", "F", """
            using AdGen;
            public static partial class Locals
            {
                public static double Outer(double x)
                {
                    return F(x);

                    [Differentiable]
                    static double F(double v) => v * v;
                }
            }
            """, new[] { "ADG0017" }, Malformed: false),

        // ---- incomplete code, as an IDE sees it while the user types
        Malformed("MissingSemicolon", """
            [Differentiable]
            public static double F(double x)
            {
                double y = x * x
                return y;
            }
            """),
        Malformed("HalfWrittenBinary", """
            [Differentiable]
            public static double F(double x) => x * ;
            """),
        Malformed("HalfWrittenCall", """
            [Differentiable]
            public static double F(double x) => Math.Sin(x;
            """),
        Malformed("HalfWrittenMemberAccess", """
            [Differentiable]
            public static double F(double x) => Math.;
            """),
        Malformed("MissingReturn", """
            [Differentiable]
            public static double F(double x) { double y = x * x; }
            """),
        Malformed("EmptyBody", """
            [Differentiable]
            public static double F(double x) { }
            """),
        Malformed("UndefinedName", """
            [Differentiable]
            public static double F(double x) => x * notDeclaredYet;
            """),
        Malformed("UndefinedMethod", """
            [Differentiable]
            public static double F(double x) => Sigmoid(x);
            """),
        Malformed("WrongArgumentCount", """
            [Differentiable]
            public static double F(double x) => Math.Sin(x, x);
            """),
        Malformed("TypeMismatch", """
            [Differentiable]
            public static double F(double x) { double y = "text"; return x * y; }
            """),
        Malformed("HalfWrittenFor", """
            [Differentiable]
            public static double F(double[] x)
            {
                double s = 0.0;
                for (int i = 0; i < ; i++) { s += x[i]; }
                return s;
            }
            """),
        Malformed("HalfWrittenIf", """
            [Differentiable]
            public static double F(double x)
            {
                if (x >
                return x;
            }
            """),
        Malformed("MissingParameterType", """
            [Differentiable]
            public static double F(x) => x * x;
            """),
        Malformed("MissingReturnType", """
            [Differentiable]
            public static F(double x) => x * x;
            """),
        Malformed("OnlyAttributeAndType", """
            [Differentiable]
            public static double
            """),
        Malformed("UnterminatedString", """
            [Differentiable]
            public static double F(double x) { string s = "abc; return x; }
            """),
        Malformed("DuplicateDefinition", """
            [Differentiable]
            public static double F(double x) => x * x;
            [Differentiable]
            public static double F(double x) => x * 3.0;
            """),
        Malformed("AttributeWithArgumentsItDoesNotTake", """
            [Differentiable(42)]
            public static double F(double x) => x * x;
            """),
        new CorpusCase("UnclosedMethodBrace", "F", """
            using System;
            using AdGen;
            public static partial class Unclosed
            {
                [Differentiable]
                public static double F(double x)
                {
                    double y = Math.Sin(x);
                    return y * y;

                [Differentiable]
                public static double G(double x) => x * x;
            }
            """, null, Malformed: true),
        new CorpusCase("UnclosedTypeBrace", "F", """
            using AdGen;
            public static partial class Unclosed
            {
                [Differentiable]
                public static double F(double x)
                {
                    return x * x;
            """, null, Malformed: true),
        new CorpusCase("AttributeOnType", "F", """
            using AdGen;
            [Differentiable]
            public static partial class Marked
            {
                public static double F(double x) => x * x;
            }
            """, null, Malformed: true),
        new CorpusCase("AttributeOnField", "F", """
            using AdGen;
            public static partial class Marked
            {
                [Differentiable]
                public static double F = 1.0;
            }
            """, null, Malformed: true),
        new CorpusCase("UnresolvedUsing", "F", """
            using AdGen;
            using Missing.Namespace;
            public static partial class Marked
            {
                [Differentiable]
                public static double F(double x) => Missing.Thing(x);
            }
            """, null, Malformed: true),
    };

    public static IEnumerable<object[]> UnsupportedCases() => Cases.Where(static c => !c.Malformed).Select(static c => new object[] { c.Name });

    public static IEnumerable<object[]> MalformedCases() => Cases.Where(static c => c.Malformed).Select(static c => new object[] { c.Name });

    public static CorpusCase Named(string name) => Cases.Single(c => c.Name == name);
}
