using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AdGen.Generator.Tests.Properties;

/// <summary>
/// Writes random, valid, well-conditioned [Differentiable] C# programs. Every expression carries a static bound on
/// its magnitude, and every variable a cap that no assignment or accumulated increment (counted with the trip
/// counts of the loops around it) can exceed, so values stay moderate and finite differences stay meaningful.
/// Functions with restricted domains only ever see arguments inside them with a margin (Sqrt and Log of
/// 1 + a*a, Asin of 0.9*Tanh(a), ...). Generated code must compile without warnings: no constant conditions, no
/// unreachable statements (break, continue and return only as the last statement of an if), unique local names,
/// no never-read constant locals.
/// </summary>
public sealed class RandomProgramGenerator
{
    /// <summary>Int parameters take values in [0, MaxTripCount].</summary>
    public const int MaxTripCount = 4;

    /// <summary>Differentiable and passive double inputs lie in [-InputBound, InputBound].</summary>
    public const double InputBound = 2.0;

    /// <summary>Sequence parameters of the entry method have lengths in [1, MaxEntrySequenceLength].</summary>
    public const int MaxEntrySequenceLength = 5;

    private const int MaxSequenceLength = 6;
    private const double HelperScalarBound = 2.0;
    private const double HelperSequenceBound = 4.0;
    private const double LargestBound = 40.0;

    private readonly ChoiceSource _r;
    private readonly GeneratorSettings _settings;
    private readonly HashSet<Feature> _used = new();
    private readonly List<Helper> _helpers = new();
    private readonly List<Var> _statics = new();
    private readonly string _typeName;
    private readonly string _libraryTypeName;

    // Size class of the program (0 small, 1 medium, 2 large): compilation time grows with the generated code,
    // about fifteen times the source, so most programs are small and a few are large.
    private int _size;
    private int _expressionDepth;

    private readonly bool _isFloat;

    private RandomProgramGenerator(int index, ChoiceSource choices, GeneratorSettings settings, bool isFloat)
    {
        _r = choices;
        _settings = settings;
        _isFloat = isFloat;
        _typeName = "P" + index.ToString(CultureInfo.InvariantCulture) + (isFloat ? "F" : string.Empty);
        _libraryTypeName = _typeName + "Lib";
    }

    public static GeneratedProgram Generate(int index, ChoiceSource choices, GeneratorSettings settings) =>
        new RandomProgramGenerator(index, choices, settings, isFloat: false).Build(index);

    /// <summary>
    /// The float twin of a double program: the same choices give the same program written in float (float
    /// locals, parameters and literals, MathF), so the checker can compare its derivatives with the double one's.
    /// </summary>
    public static GeneratedProgram GenerateFloatTwin(GeneratedProgram twin, GeneratorSettings settings)
    {
        GeneratedProgram program = new RandomProgramGenerator(twin.Index, ChoiceSource.Replay(twin.Choices), settings, isFloat: true).Build(twin.Index);
        return program with { Twin = twin };
    }

    private GeneratedProgram Build(int index)
    {
        _size = _r.Weighted(stackalloc[] { 6, 3, 1 });
        _expressionDepth = _size == 2 ? 3 : 2;
        var staticDeclarations = new StringBuilder();
        if (Use(Feature.StaticReadonly, 1, 3))
        {
            int length = _r.Between(1, 4);
            var values = Enumerable.Range(0, length).Select(_ => Literal(_r.Constant(2))).ToList();
            var weights = new Var("Weights", VarKind.StaticArray) { Cap = 2, MinLength = length, MaxLength = length };
            _statics.Add(weights);
            staticDeclarations.AppendLine("    public static readonly double[] Weights = { " + string.Join(", ", values) + " };");
            double scale = _r.Constant(2);
            _statics.Add(new Var("Scale", VarKind.StaticScalar) { Cap = Math.Max(Math.Abs(scale), 0.25) });
            staticDeclarations.AppendLine("    public static readonly double Scale = " + Literal(scale) + ";");
            staticDeclarations.AppendLine();
        }

        var libraryMethods = new StringBuilder();
        var ownMethods = new StringBuilder();
        int helperCount = _settings.Has(Feature.Calls) ? Math.Min(_size + 1, _r.Weighted(stackalloc[] { 3, 3, 2, 1 })) : 0;
        for (int i = 0; i < helperCount; i++)
        {
            bool inLibrary = Use(Feature.HelpersInOtherType, 1, 3);
            (Helper helper, string code) = WriteHelper("H" + i.ToString(CultureInfo.InvariantCulture), inLibrary ? _libraryTypeName : _typeName);
            _helpers.Add(helper);
            (inLibrary ? libraryMethods : ownMethods).Append(code).AppendLine();
        }

        (List<MainParameter> parameters, string mainCode) = WriteMain();
        ownMethods.Append(mainCode);

        var source = new StringBuilder();
        source.AppendLine("using System;");
        source.AppendLine("using AdGen;");
        source.AppendLine();
        source.AppendLine("namespace " + GeneratedProgram.Namespace + ";");
        source.AppendLine();
        source.AppendLine("public static partial class " + _typeName);
        source.AppendLine("{");
        source.Append(staticDeclarations);
        source.Append(ownMethods);
        source.AppendLine("}");
        if (libraryMethods.Length > 0)
        {
            source.AppendLine();
            source.AppendLine("public static partial class " + _libraryTypeName);
            source.AppendLine("{");
            source.Append(libraryMethods.ToString().TrimEnd()).AppendLine();
            source.AppendLine("}");
        }

        source.AppendLine();
        string checkTypeName = _typeName + "Check";
        source.Append(WriteAdapters(_typeName, checkTypeName, parameters));
        string text = _isFloat ? ToFloat(source.ToString()) : source.ToString();
        if (_isFloat)
        {
            _used.Add(Feature.FloatPrograms);
        }

        return new GeneratedProgram(index, _typeName, checkTypeName, text, parameters, _used.ToList(), _r.Recorded.ToList());
    }

    // ------------------------------------------------------------------ methods

    private (Helper Helper, string Code) WriteHelper(string name, string owner)
    {
        var method = new MethodState(isMain: false);
        var parameters = new List<HelperParameter>();
        var names = new NamePool(this);
        int scalars = _r.Between(1, 2);
        for (int i = 0; i < scalars; i++)
        {
            bool passive = i > 0 && Use(Feature.NoDerivativeParameters, 1, 5);
            string parameterName = names.Parameter();
            parameters.Add(new HelperParameter(parameterName, passive ? HelperParameterKind.PassiveScalar : HelperParameterKind.Scalar));
            method.Declare(new Var(parameterName, passive ? VarKind.PassiveParam : VarKind.DoubleParam) { Cap = HelperScalarBound });
        }

        if (_settings.Has(Feature.SequenceArgumentCalls) && _r.Chance(1, 2))
        {
            int shape = _r.Weighted(stackalloc[] { 3, _settings.Has(Feature.ArrayParameters) ? 2 : 0, _settings.Has(Feature.NoDerivativeParameters) ? 1 : 0 });
            HelperParameterKind kind = shape switch { 0 => HelperParameterKind.Span, 1 => HelperParameterKind.Array, _ => HelperParameterKind.PassiveSpan };
            string parameterName = names.Sequence();
            parameters.Add(new HelperParameter(parameterName, kind));
            method.Declare(new Var(parameterName, kind == HelperParameterKind.Array ? VarKind.ArrayParam : VarKind.SpanParam)
            {
                IsPassive = kind == HelperParameterKind.PassiveSpan,
                Cap = HelperSequenceBound,
                MinLength = 1,
                MaxLength = MaxSequenceLength,
            });
        }

        if (_r.Chance(1, 3))
        {
            string parameterName = names.Int();
            parameters.Add(new HelperParameter(parameterName, HelperParameterKind.Int));
            method.Declare(new Var(parameterName, VarKind.IntParam) { IntMax = MaxTripCount });
        }

        Shuffle(parameters);
        var body = new MethodWriter(this, method, _helpers.ToList(), statementBudget: 4 + 2 * _size, maxDepth: 2, ownerType: owner);
        string signatureText = string.Join(", ", parameters.Select(static p => p.Declaration));
        var code = new StringBuilder();
        code.AppendLine("    [Differentiable]");
        double returnBound;
        if (Use(Feature.ExpressionBodies, 1, 3))
        {
            Ex value = body.Squash(body.EnsureActive(body.Double(_expressionDepth, needsVariable: true)), 8);
            returnBound = value.Bound;
            code.AppendLine("    public static double " + name + "(" + signatureText + ") => " + value.Text + ";");
        }
        else
        {
            returnBound = body.WriteBlockBody(_r.Between(1, 2 + _size), returnLimit: 8);
            code.AppendLine("    public static double " + name + "(" + signatureText + ")");
            code.Append(body.Output);
        }

        return (new Helper(name, owner, parameters, returnBound), code.ToString());
    }

    private (List<MainParameter> Parameters, string Code) WriteMain()
    {
        var method = new MethodState(isMain: true);
        var parameters = new List<MainParameter>();
        var names = new NamePool(this);
        int scalars = _r.Between(1, 3);
        for (int i = 0; i < scalars; i++)
        {
            parameters.Add(new MainParameter(names.Parameter(), ParameterKind.Scalar, 1));
        }

        if (Use(Feature.NoDerivativeParameters, 1, 5))
        {
            parameters.Add(new MainParameter(names.Parameter(), ParameterKind.PassiveScalar, 1));
        }

        int sequences = _r.Weighted(stackalloc[] { 2, 3, 1 });
        for (int i = 0; i < sequences; i++)
        {
            int shape = _r.Weighted(stackalloc[] { _settings.Has(Feature.SpanParameters) ? 3 : 0, _settings.Has(Feature.ArrayParameters) ? 2 : 0, 1 });
            if (shape == 2)
            {
                continue;
            }

            _used.Add(shape == 0 ? Feature.SpanParameters : Feature.ArrayParameters);
            parameters.Add(new MainParameter(names.Sequence(), shape == 0 ? ParameterKind.Span : ParameterKind.Array, _r.Between(1, MaxEntrySequenceLength)));
        }

        if (_r.Chance(2, 3))
        {
            parameters.Add(new MainParameter(names.Int(), ParameterKind.Int, 1));
        }

        Shuffle(parameters);
        foreach (MainParameter parameter in parameters)
        {
            method.Declare(parameter.Kind switch
            {
                ParameterKind.Scalar => new Var(parameter.Name, VarKind.DoubleParam) { Cap = InputBound },
                ParameterKind.PassiveScalar => new Var(parameter.Name, VarKind.PassiveParam) { Cap = InputBound },
                ParameterKind.Int => new Var(parameter.Name, VarKind.IntParam) { IntMax = MaxTripCount },
                ParameterKind.Span => new Var(parameter.Name, VarKind.SpanParam) { Cap = InputBound, MinLength = parameter.Length, MaxLength = parameter.Length },
                _ => new Var(parameter.Name, VarKind.ArrayParam) { Cap = InputBound, MinLength = parameter.Length, MaxLength = parameter.Length },
            });
        }

        string signatureText = string.Join(", ", parameters.Select(static p => p.Kind switch
        {
            ParameterKind.Scalar => "double " + p.Name,
            ParameterKind.PassiveScalar => "[NoDerivative] double " + p.Name,
            ParameterKind.Int => "int " + p.Name,
            ParameterKind.Span => "ReadOnlySpan<double> " + p.Name,
            _ => "double[] " + p.Name,
        }));

        var body = new MethodWriter(this, method, _helpers.ToList(), statementBudget: 6 + 6 * _size, maxDepth: 2 + Math.Min(1, _size), ownerType: _typeName);
        var code = new StringBuilder();
        code.AppendLine("    [Differentiable]");
        if (Use(Feature.ExpressionBodies, 1, 12))
        {
            Ex value = body.Squash(body.EnsureActive(body.Double(_expressionDepth + 1, needsVariable: true)), LargestBound);
            code.AppendLine("    public static double F(" + signatureText + ") => " + value.Text + ";");
        }
        else
        {
            body.WriteBlockBody(_r.Between(1, 4 + 3 * _size), returnLimit: LargestBound);
            code.AppendLine("    public static double F(" + signatureText + ")");
            code.Append(body.Output);
        }

        return (parameters, code.ToString());
    }

    private static string WriteAdapters(string typeName, string checkTypeName, List<MainParameter> parameters)
    {
        // Offsets into the flat arrays the checker passes.
        var primal = new List<string>();
        var gradient = new List<string>();
        var tangent = new List<string>();
        var pullback = new List<string>();
        int x = 0, p = 0, k = 0;
        foreach (MainParameter parameter in parameters)
        {
            switch (parameter.Kind)
            {
                case ParameterKind.Scalar:
                    primal.Add("x[" + x + "]");
                    gradient.Add("out g[" + x + "]");
                    tangent.Add("v[" + x + "]");
                    pullback.Add("ref g[" + x + "]");
                    x++;
                    break;
                case ParameterKind.PassiveScalar:
                    primal.Add("p[" + p++ + "]");
                    break;
                case ParameterKind.Int:
                    primal.Add("k[" + k++ + "]");
                    break;
                case ParameterKind.Span:
                    primal.Add("new ReadOnlySpan<double>(x, " + x + ", " + parameter.Length + ")");
                    gradient.Add("new Span<double>(g, " + x + ", " + parameter.Length + ")");
                    tangent.Add("new ReadOnlySpan<double>(v, " + x + ", " + parameter.Length + ")");
                    pullback.Add("new Span<double>(g, " + x + ", " + parameter.Length + ")");
                    x += parameter.Length;
                    break;
                case ParameterKind.Array:
                    primal.Add("x[" + x + ".." + (x + parameter.Length) + "]");
                    gradient.Add("new Span<double>(g, " + x + ", " + parameter.Length + ")");
                    tangent.Add("new ReadOnlySpan<double>(v, " + x + ", " + parameter.Length + ")");
                    pullback.Add("new Span<double>(g, " + x + ", " + parameter.Length + ")");
                    x += parameter.Length;
                    break;
            }
        }

        string primals = string.Join(", ", primal);
        string Join(IEnumerable<string> head, IEnumerable<string> tail) => string.Join(", ", head.Concat(tail));
        var text = new StringBuilder();
        text.AppendLine("public static class " + checkTypeName);
        text.AppendLine("{");
        text.AppendLine("    public static double Value(double[] x, double[] p, int[] k) => " + typeName + ".F(" + primals + ");");
        text.AppendLine("    public static double Gradient(double[] x, double[] p, int[] k, double[] g) => " + typeName + ".FGradient(" + Join(primal, gradient) + ");");
        text.AppendLine("    public static (double Value, double Tangent) Tangent(double[] x, double[] p, int[] k, double[] v) => " + typeName + ".FTangent(" + Join(primal, tangent) + ");");
        text.AppendLine("    public static void Pullback(double[] x, double[] p, int[] k, double seed, double[] g) => " + typeName + ".FPullback(" + Join(primal, new[] { "seed" }.Concat(pullback)) + ");");
        text.AppendLine("}");
        return text.ToString();
    }

    // ------------------------------------------------------------------ shared helpers

    /// <summary>
    /// Rewrites a double program as a float one: the keyword, literals (f suffix), Math to MathF, double. to float.
    /// Mixed-precision calls are written as global::System.Math and System.Double so that they stay double.
    /// </summary>
    private static string ToFloat(string source)
    {
        source = System.Text.RegularExpressions.Regex.Replace(source, @"(?<![\w.])(\d+\.\d+(E[-+]?\d+)?)(?![\w.(])", "$1f");
        source = System.Text.RegularExpressions.Regex.Replace(source, @"(?<![\w.])Math\.", "MathF.");
        source = System.Text.RegularExpressions.Regex.Replace(source, @"\bdouble\b", "float");
        return source;
    }

    private bool Use(Feature feature, int numerator, int denominator)
    {
        if (!_settings.Has(feature) || !_r.Chance(numerator, denominator))
        {
            return false;
        }

        _used.Add(feature);
        return true;
    }

    private void Shuffle<T>(List<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _r.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    internal static string Literal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    // ------------------------------------------------------------------ model of the program being written

    private enum VarKind
    {
        Double,
        ConstDouble,
        ForeachElement,
        DoubleParam,
        PassiveParam,
        StaticScalar,
        IntParam,
        LoopIndex,
        Counter,
        SpanParam,
        ArrayParam,
        LocalArray,
        SpanLocal,
        StaticArray,

        /// <summary>A ReadOnlySpan&lt;double&gt; local viewing a slice of another sequence: read only.</summary>
        SpanView,
    }

    private enum HelperParameterKind
    {
        Scalar,
        PassiveScalar,
        Int,
        Span,
        Array,
        PassiveSpan,
    }

    private sealed record HelperParameter(string Name, HelperParameterKind Kind)
    {
        public string Declaration => Kind switch
        {
            HelperParameterKind.Scalar => "double " + Name,
            HelperParameterKind.PassiveScalar => "[NoDerivative] double " + Name,
            HelperParameterKind.Int => "int " + Name,
            HelperParameterKind.Span => "ReadOnlySpan<double> " + Name,
            HelperParameterKind.Array => "double[] " + Name,
            _ => "[NoDerivative] ReadOnlySpan<double> " + Name,
        };
    }

    private sealed record Helper(string Name, string Owner, List<HelperParameter> Parameters, double ReturnBound);

    /// <summary>A variable in scope, with what the generator knows of its values.</summary>
    private sealed class Var
    {
        public Var(string name, VarKind kind)
        {
            Name = name;
            Kind = kind;
        }

        public string Name { get; }

        public VarKind Kind { get; }

        /// <summary>Bound on |value| (on every element for sequences) that holds at every point of the program.</summary>
        public double Cap { get; set; }

        /// <summary>Largest bound of any value assigned so far (the initial value included).</summary>
        public double Assigned { get; set; }

        /// <summary>Sum of the bounds of all increments, each times the most times it can run per declaration.</summary>
        public double Increments { get; set; }

        /// <summary>Number of loops around the declaration (increments inside deeper loops run repeatedly).</summary>
        public int LoopDepth { get; set; }

        /// <summary>For ints: the largest value (never negative except counters that count down).</summary>
        public int IntMax { get; set; }

        public int MinLength { get; set; } = 1;

        public int MaxLength { get; set; } = 1;

        /// <summary>For a loop index: the sequence whose Length bounds it, so seq[i] needs no modulo.</summary>
        public Var? Indexes { get; set; }

        public bool Used { get; set; }

        /// <summary>A [NoDerivative] sequence: its values carry no derivative, so it may only go where none is expected.</summary>
        public bool IsPassive { get; set; }

        public bool IsReadableDouble => Kind is VarKind.Double or VarKind.ConstDouble or VarKind.ForeachElement or VarKind.DoubleParam or VarKind.PassiveParam or VarKind.StaticScalar;

        public bool IsWritableDouble => Kind == VarKind.Double;

        public bool IsInt => Kind is VarKind.IntParam or VarKind.LoopIndex or VarKind.Counter;

        /// <summary>Non-negative ints usable as trip counts, indices (with modulo) and int arguments.</summary>
        public bool IsNonNegativeInt => Kind is VarKind.IntParam or VarKind.LoopIndex;

        public bool IsSequence => Kind is VarKind.SpanParam or VarKind.ArrayParam or VarKind.LocalArray or VarKind.SpanLocal or VarKind.StaticArray or VarKind.SpanView;

        public bool IsWritableSequence => Kind is VarKind.LocalArray or VarKind.SpanLocal;

        public bool IsDoubleArray => Kind is VarKind.ArrayParam or VarKind.LocalArray;

        /// <summary>A sequence a span view can be taken of (a static array cannot: it is not a local or parameter).</summary>
        public bool IsViewable => IsSequence && Kind != VarKind.StaticArray && MinLength >= 1;
    }

    private sealed class MethodState
    {
        public MethodState(bool isMain) => IsMain = isMain;

        public bool IsMain { get; }

        public List<List<Var>> Scopes { get; } = new() { new List<Var>() };

        public List<int> LoopTrips { get; } = new();

        public int NextName { get; set; }

        public IEnumerable<Var> Visible => Scopes.SelectMany(static s => s);

        public void Declare(Var variable)
        {
            variable.LoopDepth = LoopTrips.Count;
            Scopes[^1].Add(variable);
        }

        /// <summary>How many times a statement here can run per execution of the declaration of <paramref name="variable"/>.</summary>
        public int Multiplicity(Var variable)
        {
            int product = 1;
            for (int i = variable.LoopDepth; i < LoopTrips.Count; i++)
            {
                product *= Math.Max(1, LoopTrips[i]);
            }

            return product;
        }
    }

    /// <summary>An expression's text, a bound on its magnitude, and whether C# sees it as a compile-time constant.</summary>
    private readonly record struct Ex(string Text, double Bound, bool IsConstant = false, bool IsSimple = false);

    /// <summary>A positive expression with bounds lo &lt;= value &lt;= hi and lo &gt; 0.</summary>
    private readonly record struct Positive(string Text, double Low, double High, bool IsConstant = false);

    private sealed class NamePool
    {
        private static readonly string[] Plain = { "a", "b", "c", "t", "u", "w", "x", "y", "z" };
        private static readonly string[] Tricky = { "dx", "da", "seed", "value", "tangent", "tape", "result", "xAdjoint", "xTangent", "adjoint", "dxs", "d", "gradient", "i" };
        private static readonly string[] Sequences = { "xs", "ys", "values", "data" };
        private static readonly string[] TrickySequences = { "dxs", "dys", "seedValues" };
        private static readonly string[] Ints = { "n", "m", "count" };
        private readonly RandomProgramGenerator _owner;
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public NamePool(RandomProgramGenerator owner) => _owner = owner;

        public string Parameter() => Take(Plain, Tricky);

        public string Sequence() => Take(Sequences, TrickySequences);

        public string Int() => Take(Ints, Array.Empty<string>());

        private string Take(string[] plain, string[] tricky)
        {
            for (int attempt = 0; attempt < 20; attempt++)
            {
                string[] pool = tricky.Length > 0 && _owner.Use(Feature.TrickyNames, 1, 6) ? tricky : plain;
                string name = _owner._r.Pick(pool);
                if (_taken.Add(name))
                {
                    return name;
                }
            }

            string fallback = plain[0] + _taken.Count.ToString(CultureInfo.InvariantCulture);
            _taken.Add(fallback);
            return fallback;
        }
    }

    // ------------------------------------------------------------------ method bodies

    private sealed class MethodWriter
    {
        private readonly RandomProgramGenerator _g;
        private readonly ChoiceSource _r;
        private readonly MethodState _m;
        private readonly List<Helper> _callable;
        private readonly int _maxDepth;
        private readonly string _ownerType;
        private readonly StringBuilder _out = new();
        private int _indent = 1;
        private int _budget;
        private Var? _accumulator;
        private bool _returned;
        private int _conditionDepth;
        private double _returnBound;

        public MethodWriter(RandomProgramGenerator generator, MethodState method, List<Helper> callable, int statementBudget, int maxDepth, string ownerType)
        {
            _g = generator;
            _r = generator._r;
            _m = method;
            _callable = callable;
            _budget = statementBudget;
            _maxDepth = maxDepth;
            _ownerType = ownerType;
            foreach (Var variable in generator._statics)
            {
                // A helper in the library type reads the entry type's static fields through its name.
                string name = ownerType == generator._typeName ? variable.Name : generator._typeName + "." + variable.Name;
                _m.Declare(new Var(name, variable.Kind) { Cap = variable.Cap, Assigned = variable.Cap, MinLength = variable.MinLength, MaxLength = variable.MaxLength });
            }
        }

        public string Output => _out.ToString();

        private GeneratorSettings Settings => _g._settings;

        private bool Use(Feature feature, int numerator, int denominator) => _g.Use(feature, numerator, denominator);

        private void Line(string text) => _out.Append(' ', 4 * _indent).AppendLine(text);

        private string Fresh(string prefix) => prefix + (_m.NextName++).ToString(CultureInfo.InvariantCulture);

        /// <summary>Writes "{ accumulator; statements; return }" and returns the bound of the returned value.</summary>
        public double WriteBlockBody(int statements, double returnLimit)
        {
            Line("{");
            _indent++;
            Ex first = Squash(Double(2, needsVariable: true), 4);
            _accumulator = DeclareDouble(first, cap: 20);
            for (int i = 0; i < statements && _budget > 0; i++)
            {
                Statement(depth: 0);
            }

            var terms = new List<string> { _accumulator.Name };
            double bound = _accumulator.Cap;
            _accumulator.Used = true;
            if (Use(Feature.ReductionTails, 1, 4))
            {
                Ex tail = ReductionTail();
                terms.Add(tail.Text);
                bound += tail.Bound;
            }

            foreach (Var unused in _m.Scopes[0].Where(static v => !v.Used && (v.IsReadableDouble || v.Kind == VarKind.Counter)).ToList())
            {
                double weight = _r.Pick(new[] { 0.5, 0.25, 1.5 });
                terms.Add(Literal(weight) + " * " + unused.Name);
                bound += weight * Read(unused).Bound;
            }

            if (!Settings.Has(Feature.InactiveResults))
            {
                Ex active = ActiveTerm();
                terms.Add(active.Text);
                bound += active.Bound;
            }

            if (_r.Chance(1, 2))
            {
                Ex extra = Double(2);
                terms.Add(Paren(extra.Text));
                bound += extra.Bound;
            }

            Ex result = Squash(new Ex(string.Join(" + ", terms), bound), returnLimit);
            Line("return " + result.Text + ";");
            _indent--;
            Line("}");
            return Math.Max(_returnBound, result.Bound);
        }

        /// <summary>
        /// <c>double s = 0; for (...) s += e; double f = Math.Cos(p);</c> and the term <c>f * s</c>, plus a helper called
        /// with the sum when one can be: the sum's adjoint then comes from a factor computed after the loop and from a
        /// pullback that adds into it.
        /// </summary>
        private Ex ReductionTail()
        {
            string sum = Fresh("s");
            string index = Fresh("i");
            int trips = _r.Between(1, 4);
            Line("double " + sum + " = 0;");
            Line("for (int " + index + " = 0; " + index + " < " + trips.ToString(CultureInfo.InvariantCulture) + "; " + index + "++)");
            OpenLoop(trips, new Var(index, VarKind.LoopIndex) { IntMax = trips - 1 });
            double termBound = 2;
            bool callInLoop = _callable.Any(CanCall) && Settings.Has(Feature.Calls) && _r.Chance(1, 2);
            if (callInLoop)
            {
                // A temporary that one arm hands to a helper and the other scales: the helper's pullback adds into
                // the temporary's adjoint by reference, and |·|'s sign then passes it on after the branch.
                string temporary = Fresh("t");
                string value = Fresh("u");
                Line("double " + temporary + " = Math.Abs(" + Squash(Double(1), 1).Text + ");");
                Line("double " + value + ";");
                Ex helperCall = Call(2, temporary)!.Value;
                Line("if (" + temporary + " > 0.5)");
                Arm(value + " = " + helperCall.Text + ";");
                Line("else");
                Arm(value + " = 2.0 * " + temporary + ";");
                Line(sum + " += " + value + ";");
                termBound = Math.Max(2, helperCall.Bound);
            }
            else
            {
                Ex term = Squash(Double(2), 2);
                Line(sum + " += " + term.Text + ";");
            }

            CloseBlock();
            var total = new Var(sum, VarKind.Double) { Cap = termBound * trips, Assigned = termBound * trips, Used = true };
            _m.Declare(total);
            List<Var> parameters = _m.Visible.Where(static v => v.Kind == VarKind.DoubleParam).ToList();
            Ex result = new(sum, total.Cap);
            if (parameters.Count > 0)
            {
                string factor = Fresh("f");
                Var parameter = _r.Pick(parameters);
                parameter.Used = true;
                Line("double " + factor + " = Math.Cos(" + parameter.Name + ");");
                _m.Declare(new Var(factor, VarKind.Double) { Cap = 1, Assigned = 1, Used = true });
                result = new Ex(factor + " * " + sum, total.Cap);
            }

            // A helper taking the sum after the loop keeps the loop's sweeps apart: not when the loop calls one itself.
            if (!callInLoop && _callable.Count > 0 && Settings.Has(Feature.Calls) && _r.Chance(2, 3) && Call(2, sum + " / " + Literal(termBound * trips)) is { } call)
            {
                result = new Ex(result.Text + " + " + call.Text, result.Bound + call.Bound);
            }

            return result;
        }

        /// <summary>A one-statement arm of an if: "{ statement }" on three lines.</summary>
        private void Arm(string statement)
        {
            Line("{");
            _indent++;
            Line(statement);
            _indent--;
            Line("}");
        }

        // ---------------------------------------------------------------- statements

        private void Statement(int depth)
        {
            _budget--;
            bool inLoop = _m.LoopTrips.Count > 0;
            bool topLevel = _m.Scopes.Count == 1 && !inLoop;
            bool canNest = depth < _maxDepth && _budget > 1;
            bool canLoop = canNest && (_m.LoopTrips.Count == 0 || Settings.Has(Feature.NestedLoops));
            List<Var> writable = _m.Visible.Where(static v => v.IsWritableDouble).ToList();
            List<Var> writableSequences = _m.Visible.Where(static v => v.IsWritableSequence).ToList();
            bool hasSequences = _m.Visible.Any(static v => v.IsSequence);
            int choice = _r.Weighted(stackalloc[]
            {
                4, // 0 declare
                3, // 1 assign
                Settings.Has(Feature.CompoundAssignment) ? 3 : 0, // 2 compound
                writableSequences.Count > 0 ? 3 : 0, // 3 element write
                canNest && Settings.Has(Feature.Branches) ? 3 : 0, // 4 if
                canLoop && Settings.Has(Feature.ForLoops) ? 3 : 0, // 5 for
                canLoop && Settings.Has(Feature.WhileLoops) ? 1 : 0, // 6 while
                canLoop && Settings.Has(Feature.DoLoops) ? 1 : 0, // 7 do
                canLoop && hasSequences && Settings.Has(Feature.ForeachLoops) ? 2 : 0, // 8 foreach
                inLoop && (Settings.Has(Feature.Break) || Settings.Has(Feature.Continue)) ? 2 : 0, // 9 break/continue
                Settings.Has(Feature.EarlyReturn) && (!inLoop || Settings.Has(Feature.EarlyReturnInLoop)) ? 1 : 0, // 10 return
                Settings.Has(Feature.IntCounters) && canLoop ? 1 : 0, // 11 counter + loop
                Settings.Has(Feature.ConstLocals) ? 1 : 0, // 12 const local
                topLevel && (!_returned || Settings.Has(Feature.ArraysAfterEarlyReturn)) && (Settings.Has(Feature.LocalArrays) || Settings.Has(Feature.StackallocArrays)) ? 2 : 0, // 13 local array
                Settings.Has(Feature.SpanViews) && _m.Visible.Any(static v => v.IsViewable) ? 1 : 0, // 14 span view
            });

            switch (choice)
            {
                case 0:
                    DeclareDouble(Double(_g._expressionDepth), cap: 0);
                    break;
                case 1 when writable.Count > 0:
                    Assign(_r.Pick(writable));
                    break;
                case 2 when writable.Count > 0:
                    Compound(_r.Pick(writable));
                    break;
                case 3:
                    ElementWrite(_r.Pick(writableSequences));
                    break;
                case 4:
                    If(depth);
                    break;
                case 5:
                    For(depth);
                    break;
                case 6:
                    While(depth, isDo: false);
                    break;
                case 7:
                    While(depth, isDo: true);
                    break;
                case 8:
                    Foreach(depth);
                    break;
                case 9:
                    BreakOrContinue();
                    break;
                case 10:
                    EarlyReturn();
                    break;
                case 11:
                    CounterLoop(depth);
                    break;
                case 12:
                    ConstLocal();
                    break;
                case 13:
                    LocalArray();
                    break;
                case 14:
                    SpanView();
                    break;
                default:
                    DeclareDouble(Double(_g._expressionDepth), cap: 0);
                    break;
            }
        }

        private Var DeclareDouble(Ex value, double cap)
        {
            value = Squash(value, LargestBound / 2);
            if (cap <= 0)
            {
                cap = Math.Min(LargestBound, Math.Max(1, value.Bound) * _r.Pick(new[] { 2.0, 1.5, 4.0 }));
            }

            var variable = new Var(Fresh("v"), VarKind.Double) { Cap = Math.Max(cap, value.Bound), Assigned = value.Bound };
            Line("double " + variable.Name + " = " + value.Text + ";");
            _m.Declare(variable);
            return variable;
        }

        private void ConstLocal()
        {
            _g._used.Add(Feature.ConstLocals);
            double value = _r.Constant(3);
            var variable = new Var(Fresh("k"), VarKind.ConstDouble) { Cap = Math.Max(Math.Abs(value), 0.25), Assigned = Math.Abs(value) };
            Line("const double " + variable.Name + " = " + Literal(value) + ";");
            _m.Declare(variable);
        }

        /// <summary>
        /// <c>ReadOnlySpan&lt;double&gt; view = xs.Slice(start, length)</c> (AsSpan of an array), at a constant start or, half
        /// the time when an int is visible, one that depends on it: <c>(i % k)</c>, in range for every length xs can have.
        /// </summary>
        private void SpanView()
        {
            _g._used.Add(Feature.SpanViews);
            Var sequence = _r.Pick(_m.Visible.Where(static v => v.IsViewable).ToList());
            sequence.Used = true;
            // Shorter than the sequence when it can be, so that the start can be nonzero.
            int length = _r.Between(1, Math.Max(1, sequence.MinLength - 1));
            int starts = sequence.MinLength - length + 1;
            List<Var> ints = _m.Visible.Where(static v => v.IsNonNegativeInt).ToList();
            string start;
            if (ints.Count > 0 && starts > 1 && _r.Chance(1, 2))
            {
                Var index = _r.Pick(ints);
                index.Used = true;
                start = "(" + index.Name + " % " + starts.ToString(CultureInfo.InvariantCulture) + ")";
            }
            else
            {
                start = NonzeroMostly(starts - 1).ToString(CultureInfo.InvariantCulture);
            }

            var view = new Var(Fresh("view"), VarKind.SpanView)
            {
                Cap = sequence.Cap,
                MinLength = length,
                MaxLength = length,
                IsPassive = sequence.IsPassive,
                Used = true,
            };
            string method = sequence.Kind is VarKind.ArrayParam or VarKind.LocalArray ? ".AsSpan(" : ".Slice(";
            Line("ReadOnlySpan<double> " + view.Name + " = " + sequence.Name + method + start + ", " + length.ToString(CultureInfo.InvariantCulture) + ");");
            _m.Declare(view);
        }

        private void LocalArray()
        {
            bool onStack = Settings.Has(Feature.StackallocArrays) && (!Settings.Has(Feature.LocalArrays) || _r.Chance(1, 3));
            _g._used.Add(onStack ? Feature.StackallocArrays : Feature.LocalArrays);
            if (_returned)
            {
                _g._used.Add(Feature.ArraysAfterEarlyReturn);
            }

            List<Var> ints = _m.Visible.Where(static v => v.Kind == VarKind.IntParam).ToList();
            List<Var> sequences = _m.Visible.Where(static v => v.Kind is VarKind.SpanParam or VarKind.ArrayParam).ToList();
            string lengthText;
            int minLength, maxLength;
            int shape = Settings.Has(Feature.RuntimeLengthArrays) ? _r.Weighted(stackalloc[] { 3, ints.Count > 0 ? 2 : 0, sequences.Count > 0 ? 2 : 0 }) : 0;
            if (shape == 1)
            {
                _g._used.Add(Feature.RuntimeLengthArrays);
                Var count = _r.Pick(ints);
                count.Used = true;
                lengthText = count.Name + " + 1";
                minLength = 1;
                maxLength = count.IntMax + 1;
            }
            else if (shape == 2)
            {
                _g._used.Add(Feature.RuntimeLengthArrays);
                Var sequence = _r.Pick(sequences);
                sequence.Used = true;
                lengthText = sequence.Name + ".Length";
                minLength = sequence.MinLength;
                maxLength = sequence.MaxLength;
            }
            else
            {
                minLength = maxLength = _r.Between(1, 5);
                lengthText = minLength.ToString(CultureInfo.InvariantCulture);
            }

            var array = new Var(Fresh("arr"), onStack ? VarKind.SpanLocal : VarKind.LocalArray)
            {
                Cap = _r.Pick(new[] { 2.0, 4.0, 1.0, 8.0 }),
                MinLength = minLength,
                MaxLength = maxLength,
                Used = true,
            };
            Line(onStack
                ? "Span<double> " + array.Name + " = stackalloc double[" + lengthText + "];"
                : "double[] " + array.Name + " = new double[" + lengthText + "];");
            _m.Declare(array);

            // Fill it right away half of the time so that reads see inputs, not zeros.
            if (_r.Chance(1, 2) && _budget > 0)
            {
                _budget--;
                string index = Fresh("i");
                Line("for (int " + index + " = 0; " + index + " < " + array.Name + ".Length; " + index + "++)");
                OpenLoop(maxLength, new Var(index, VarKind.LoopIndex) { IntMax = maxLength - 1, Indexes = array });
                Ex value = Double(2, needsVariable: true);
                WriteElement(array, index, "=", value);
                CloseBlock();
            }
        }

        private void Assign(Var target)
        {
            double room = target.Cap - target.Increments;
            if (room < 0.25)
            {
                Compound(target);
                return;
            }

            Ex value = Squash(Double(_g._expressionDepth), room);
            if (value.Text == target.Name)
            {
                value = new Ex("0.5 * " + value.Text, value.Bound * 0.5);
            }

            Line(target.Name + " = " + value.Text + ";");
            target.Assigned = Math.Max(target.Assigned, value.Bound);
        }

        private void Compound(Var target)
        {
            _g._used.Add(Feature.CompoundAssignment);
            int times = _m.Multiplicity(target);
            double room = (target.Cap - target.Assigned - target.Increments) / times;
            int kind = _r.Weighted(stackalloc[] { room >= 0.1 ? 3 : 0, room >= 0.1 ? 2 : 0, 2, 1 });
            switch (kind)
            {
                case 0:
                case 1:
                {
                    Ex value = Squash(ActiveIncrement(Double(2)), room);
                    Line(target.Name + (kind == 0 ? " += " : " -= ") + value.Text + ";");
                    target.Increments += value.Bound * times;
                    break;
                }

                case 2:
                {
                    Ex factor = Squash(Double(2), 1);
                    Line(target.Name + " *= " + factor.Text + ";");
                    break;
                }

                default:
                {
                    Positive divisor = PositiveAtLeastOne(2);
                    Line(target.Name + " /= " + divisor.Text + ";");
                    break;
                }
            }
        }

        private void ElementWrite(Var array)
        {
            string index = IndexFor(array);
            int times = _m.Multiplicity(array);
            double room = (array.Cap - array.Assigned - array.Increments) / times;
            int kind = Settings.Has(Feature.ElementCompoundAssignment)
                ? _r.Weighted(stackalloc[] { 3, room >= 0.1 ? 3 : 0, 1, 1 })
                : 0;
            if (kind > 0)
            {
                _g._used.Add(Feature.ElementCompoundAssignment);
            }

            if (kind == 0 && array.Cap - array.Increments < 0.25)
            {
                kind = 2;
            }

            switch (kind)
            {
                case 0:
                    WriteElement(array, index, "=", Double(_g._expressionDepth));
                    break;
                case 1:
                {
                    Ex value = Squash(ActiveIncrement(Double(2)), room);
                    Line(array.Name + "[" + index + "] += " + value.Text + ";");
                    array.Increments += value.Bound * times;
                    break;
                }

                case 2:
                    Line(array.Name + "[" + index + "] *= " + Squash(Double(2), 1).Text + ";");
                    break;
                default:
                    Line(array.Name + "[" + index + "] /= " + PositiveAtLeastOne(2).Text + ";");
                    break;
            }
        }

        private void WriteElement(Var array, string index, string op, Ex value)
        {
            value = Squash(value, array.Cap - array.Increments);
            Line(array.Name + "[" + index + "] " + op + " " + value.Text + ";");
            array.Assigned = Math.Max(array.Assigned, value.Bound);
        }

        private void If(int depth)
        {
            _g._used.Add(Feature.Branches);
            Line("if (" + Condition(2) + ")");
            Block(depth + 1, _r.Between(1, 3));
            int shape = _r.Weighted(stackalloc[] { 2, 2, Settings.Has(Feature.ElseIf) ? 1 : 0 });
            if (shape == 1)
            {
                Line("else");
                Block(depth + 1, _r.Between(1, 3));
            }
            else if (shape == 2)
            {
                _g._used.Add(Feature.ElseIf);
                Line("else if (" + Condition(2) + ")");
                Block(depth + 1, _r.Between(1, 2));
                Line("else");
                Block(depth + 1, _r.Between(1, 2));
            }
        }

        private void For(int depth)
        {
            _g._used.Add(Feature.ForLoops);
            if (_m.LoopTrips.Count > 0)
            {
                _g._used.Add(Feature.NestedLoops);
            }

            string index = Fresh("i");
            List<Var> counts = _m.Visible.Where(static v => v.Kind == VarKind.IntParam).ToList();
            List<Var> sequences = _m.Visible.Where(static v => v.IsSequence).ToList();
            List<Var> outerIndices = _m.Visible.Where(static v => v.Kind == VarKind.LoopIndex && v.IntMax >= 1).ToList();
            int shape = _r.Weighted(stackalloc[]
            {
                2, // constant trip count
                counts.Count > 0 ? 3 : 0, // i < n
                sequences.Count > 0 ? 3 : 0, // i < xs.Length
                counts.Count > 0 && Settings.Has(Feature.ReverseForLoops) ? 1 : 0, // i = n; i > 0; i--
                outerIndices.Count > 0 ? 1 : 0, // j < i (triangular)
                counts.Count > 0 ? 1 : 0, // i += 2
            });
            Var loopIndex;
            int trips;
            switch (shape)
            {
                case 1:
                {
                    Var count = _r.Pick(counts);
                    count.Used = true;
                    Line("for (int " + index + " = 0; " + index + " < " + count.Name + "; " + index + "++)");
                    trips = count.IntMax;
                    loopIndex = new Var(index, VarKind.LoopIndex) { IntMax = Math.Max(0, trips - 1) };
                    break;
                }

                case 2:
                {
                    Var sequence = _r.Pick(sequences);
                    sequence.Used = true;
                    Line("for (int " + index + " = 0; " + index + " < " + sequence.Name + ".Length; " + index + "++)");
                    trips = sequence.MaxLength;
                    loopIndex = new Var(index, VarKind.LoopIndex) { IntMax = trips - 1, Indexes = sequence };
                    break;
                }

                case 3:
                {
                    _g._used.Add(Feature.ReverseForLoops);
                    Var count = _r.Pick(counts);
                    count.Used = true;
                    Line("for (int " + index + " = " + count.Name + "; " + index + " > 0; " + index + "--)");
                    trips = count.IntMax;
                    loopIndex = new Var(index, VarKind.LoopIndex) { IntMax = trips };
                    break;
                }

                case 4:
                {
                    Var outer = _r.Pick(outerIndices);
                    outer.Used = true;
                    Line("for (int " + index + " = 0; " + index + " < " + outer.Name + "; " + index + "++)");
                    trips = outer.IntMax;
                    loopIndex = new Var(index, VarKind.LoopIndex) { IntMax = Math.Max(0, trips - 1) };
                    break;
                }

                case 5:
                {
                    Var count = _r.Pick(counts);
                    count.Used = true;
                    Line("for (int " + index + " = 0; " + index + " < " + count.Name + "; " + index + " += 2)");
                    trips = (count.IntMax + 1) / 2;
                    loopIndex = new Var(index, VarKind.LoopIndex) { IntMax = Math.Max(0, count.IntMax - 1) };
                    break;
                }

                default:
                {
                    trips = _r.Between(1, 4);
                    Line("for (int " + index + " = 0; " + index + " < " + trips.ToString(CultureInfo.InvariantCulture) + "; " + index + "++)");
                    loopIndex = new Var(index, VarKind.LoopIndex) { IntMax = trips - 1 };
                    break;
                }
            }

            OpenLoop(trips, loopIndex);
            BlockStatements(depth + 1, _r.Between(1, 4));
            CloseBlock();
        }

        private void While(int depth, bool isDo)
        {
            _g._used.Add(isDo ? Feature.DoLoops : Feature.WhileLoops);
            if (_m.LoopTrips.Count > 0)
            {
                _g._used.Add(Feature.NestedLoops);
            }

            // A counter bounds the trip count whatever the differentiable part of the condition does; it is
            // incremented first so that continue cannot skip it.
            List<Var> counts = _m.Visible.Where(static v => v.Kind == VarKind.IntParam).ToList();
            string limitText;
            int limit;
            if (counts.Count > 0 && _r.Chance(2, 3))
            {
                Var count = _r.Pick(counts);
                count.Used = true;
                limitText = count.Name;
                limit = count.IntMax;
            }
            else
            {
                limit = _r.Between(1, 4);
                limitText = limit.ToString(CultureInfo.InvariantCulture);
            }

            string counter = Fresh("k");
            Line("int " + counter + " = 0;");
            string condition = counter + " < " + limitText;
            if (_r.Chance(1, 3))
            {
                condition += " && " + Comparison(1);
            }

            int trips = isDo ? Math.Max(1, limit) : limit;
            if (isDo)
            {
                Line("do");
            }
            else
            {
                Line("while (" + condition + ")");
            }

            OpenLoop(trips, new Var(counter, VarKind.LoopIndex) { IntMax = limit, Used = true });
            Line(counter + "++;");
            BlockStatements(depth + 1, _r.Between(1, 3));
            CloseBlock();
            if (isDo)
            {
                Line("while (" + condition + ");");
            }
        }

        private void CounterLoop(int depth)
        {
            // An int counter declared outside a loop, stepped with ++ or -- inside it, read as a double after.
            _g._used.Add(Feature.IntCounters);
            string counter = Fresh("c");
            int start = _r.Between(0, 2);
            var variable = new Var(counter, VarKind.Counter) { IntMax = start, Used = false };
            Line("int " + counter + " = " + start.ToString(CultureInfo.InvariantCulture) + ";");
            _m.Declare(variable);
            int trips = _r.Between(1, 4);
            string index = Fresh("i");
            Line("for (int " + index + " = 0; " + index + " < " + trips.ToString(CultureInfo.InvariantCulture) + "; " + index + "++)");
            OpenLoop(trips, new Var(index, VarKind.LoopIndex) { IntMax = trips - 1 });
            string step = _r.Pick(new[] { counter + "++;", "++" + counter + ";", counter + "--;", "--" + counter + ";" });
            if (_r.Chance(1, 2))
            {
                Line("if (" + Condition(1) + ")");
                Line("{");
                _indent++;
                Line(step);
                _indent--;
                Line("}");
            }
            else
            {
                Line(step);
            }

            variable.IntMax += trips;
            BlockStatements(depth + 1, _r.Between(0, 2));
            CloseBlock();
        }

        private void Foreach(int depth)
        {
            _g._used.Add(Feature.ForeachLoops);
            if (_m.LoopTrips.Count > 0)
            {
                _g._used.Add(Feature.NestedLoops);
            }

            Var sequence = _r.Pick(_m.Visible.Where(static v => v.IsSequence).ToList());
            sequence.Used = true;
            string element = Fresh("e");
            Line("foreach (double " + element + " in " + sequence.Name + ")");
            OpenLoop(sequence.MaxLength, new Var(element, VarKind.ForeachElement) { Cap = sequence.Cap, Assigned = sequence.Cap });
            BlockStatements(depth + 1, _r.Between(1, 3));
            CloseBlock();
        }

        private void BreakOrContinue()
        {
            bool isBreak = Settings.Has(Feature.Break) && (!Settings.Has(Feature.Continue) || _r.Chance(1, 2));
            _g._used.Add(isBreak ? Feature.Break : Feature.Continue);
            Line("if (" + Condition(2) + ")");
            Line("{");
            _indent++;
            if (_r.Chance(1, 3))
            {
                List<Var> writable = _m.Visible.Where(static v => v.IsWritableDouble).ToList();
                if (writable.Count > 0)
                {
                    Assign(_r.Pick(writable));
                }
            }

            Line(isBreak ? "break;" : "continue;");
            _indent--;
            Line("}");
        }

        private void EarlyReturn()
        {
            _g._used.Add(_m.LoopTrips.Count > 0 ? Feature.EarlyReturnInLoop : Feature.EarlyReturn);
            _returned = true;
            Line("if (" + Condition(2) + ")");
            Line("{");
            _indent++;
            Ex value = Squash(Double(2), _m.IsMain ? LargestBound : 8);
            _returnBound = Math.Max(_returnBound, value.Bound);
            Line("return " + value.Text + ";");
            _indent--;
            Line("}");
        }

        private void Block(int depth, int statements)
        {
            Line("{");
            _indent++;
            _m.Scopes.Add(new List<Var>());
            BlockStatements(depth, statements);
            CloseScope();
            _indent--;
            Line("}");
        }

        private void OpenLoop(int trips, Var loopVariable)
        {
            _m.LoopTrips.Add(trips);
            _m.Scopes.Add(new List<Var>());
            _m.Declare(loopVariable);
            Line("{");
            _indent++;
        }

        private void CloseBlock()
        {
            CloseScope();
            _m.LoopTrips.RemoveAt(_m.LoopTrips.Count - 1);
            _indent--;
            Line("}");
        }

        private void BlockStatements(int depth, int statements)
        {
            for (int i = 0; i < statements && _budget > 0; i++)
            {
                Statement(depth);
            }
        }

        /// <summary>Closes the innermost scope; its never-read locals flow into the accumulator so none is dead.</summary>
        private void CloseScope()
        {
            List<Var> scope = _m.Scopes[^1];
            foreach (Var unused in scope.Where(static v => !v.Used && (v.IsReadableDouble || v.Kind == VarKind.Counter)).ToList())
            {
                Sink(Read(unused));
            }

            _m.Scopes.RemoveAt(_m.Scopes.Count - 1);
        }

        private void Sink(Ex value)
        {
            Var target = _accumulator!;
            int times = _m.Multiplicity(target);
            double room = (target.Cap - target.Assigned - target.Increments) / times;
            Ex squashed = Squash(ActiveIncrement(value), 1);
            if (room >= 0.25)
            {
                Line(target.Name + " += 0.25 * " + Paren(squashed.Text) + ";");
                target.Increments += 0.25 * squashed.Bound * times;
            }
            else
            {
                Line(target.Name + " *= " + Squash(value, 1).Text + ";");
            }

        }

        // ---------------------------------------------------------------- expressions

        /// <summary>Unless InactiveIncrements is on, makes sure the right-hand side of += and -= is active.</summary>
        private Ex ActiveIncrement(Ex value)
        {
            if (Settings.Has(Feature.InactiveIncrements))
            {
                return value;
            }

            Ex active = ActiveTerm();
            return new Ex("(" + value.Text + " + " + active.Text + ")", value.Bound + active.Bound);
        }

        /// <summary>Unless InactiveResults is on, makes sure a differentiable parameter flows into the value.</summary>
        public Ex EnsureActive(Ex value)
        {
            if (Settings.Has(Feature.InactiveResults))
            {
                return value;
            }

            Ex active = ActiveTerm();
            return new Ex("(" + value.Text + " + " + active.Text + ")", value.Bound + active.Bound);
        }

        private Ex ActiveTerm()
        {
            Var parameter = _r.Pick(_m.Visible.Where(static v => v.Kind == VarKind.DoubleParam).ToList());
            parameter.Used = true;
            return new Ex("0.5 * " + parameter.Name, 0.5 * parameter.Cap);
        }

        /// <summary>A double expression of nesting at most <paramref name="depth"/>.</summary>
        public Ex Double(int depth, bool needsVariable = false)
        {
            Ex result = DoubleCore(depth);
            if (needsVariable && result.IsConstant)
            {
                Ex variable = VariableLeaf();
                result = new Ex("(" + result.Text + " + " + variable.Text + ")", result.Bound + variable.Bound);
            }

            return result;
        }

        private Ex DoubleCore(int depth)
        {
            if (depth <= 0)
            {
                return Leaf();
            }

            bool canCall = _callable.Count > 0 && Settings.Has(Feature.Calls) && (_conditionDepth == 0 || Settings.Has(Feature.CallsInConditions));
            int kind = _r.Weighted(stackalloc[]
            {
                4, // 0 leaf
                1, // 1 negation
                3, // 2 +
                2, // 3 -
                3, // 4 *
                2, // 5 /
                5, // 6 function
                Settings.Has(Feature.Ternaries) ? 1 : 0, // 7 ?:
                canCall ? 2 : 0, // 8 call
                1, // 9 constant times
            });
            switch (kind)
            {
                case 1:
                {
                    Ex operand = DoubleCore(depth - 1);
                    return new Ex("-" + Paren(operand.Text), operand.Bound, operand.IsConstant);
                }

                case 2:
                case 3:
                {
                    Ex left = DoubleCore(depth - 1);
                    Ex right = DoubleCore(depth - 1);
                    return Capped(new Ex("(" + left.Text + (kind == 2 ? " + " : " - ") + right.Text + ")", left.Bound + right.Bound, left.IsConstant && right.IsConstant));
                }

                case 4:
                {
                    Ex left = Squash(DoubleCore(depth - 1), 6);
                    Ex right = Squash(DoubleCore(depth - 1), 6);
                    return Capped(new Ex("(" + left.Text + " * " + right.Text + ")", left.Bound * right.Bound, left.IsConstant && right.IsConstant));
                }

                case 5:
                {
                    Ex numerator = DoubleCore(depth - 1);
                    if (_r.Chance(1, 3))
                    {
                        double divisor = _r.Pick(new[] { 2.0, 4.0, 0.5, 3.0 });
                        return new Ex("(" + numerator.Text + " / " + Literal(divisor) + ")", numerator.Bound / divisor, numerator.IsConstant);
                    }

                    Positive denominator = PositiveExpression(depth - 1);
                    return Capped(new Ex("(" + numerator.Text + " / " + denominator.Text + ")", numerator.Bound / denominator.Low, numerator.IsConstant && denominator.IsConstant));
                }

                case 6:
                    return Function(depth);
                case 7:
                {
                    _g._used.Add(Feature.Ternaries);
                    string condition = Condition(1);
                    Ex whenTrue = DoubleCore(depth - 1);
                    Ex whenFalse = DoubleCore(depth - 1);
                    return new Ex("(" + condition + " ? " + whenTrue.Text + " : " + whenFalse.Text + ")", Math.Max(whenTrue.Bound, whenFalse.Bound));
                }

                case 8:
                    return Call(depth) ?? Leaf();
                case 9:
                {
                    double factor = _r.Pick(new[] { 0.5, 2.0, 1.5, -0.75, 3.0 });
                    Ex operand = DoubleCore(depth - 1);
                    return Capped(new Ex(Literal(factor) + " * " + Paren(operand.Text), Math.Abs(factor) * operand.Bound, operand.IsConstant));
                }

                default:
                    return Leaf();
            }
        }

        private Ex Leaf()
        {
            List<Var> doubles = _m.Visible.Where(static v => v.IsReadableDouble).ToList();
            List<Var> sequences = _m.Visible.Where(static v => v.IsSequence).ToList();
            List<Var> ints = _m.Visible.Where(static v => v.IsInt).ToList();
            int kind = _r.Weighted(stackalloc[]
            {
                2, // 0 constant
                doubles.Count > 0 ? 6 : 0, // 1 variable
                sequences.Count > 0 ? 3 : 0, // 2 element
                ints.Count > 0 && Settings.Has(Feature.IntsInExpressions) ? 1 : 0, // 3 int
                1, // 4 PI / E
            });
            switch (kind)
            {
                case 1:
                    return Read(_r.Pick(doubles));
                case 2:
                {
                    Var sequence = _r.Pick(sequences);
                    sequence.Used = true;
                    if (sequence.Kind != VarKind.StaticArray && Use(Feature.TensorReductions, 1, 5))
                    {
                        return Reduction(sequence, sequences);
                    }

                    return new Ex(sequence.Name + "[" + IndexFor(sequence) + "]", sequence.Cap, IsSimple: true);
                }

                case 3:
                    _g._used.Add(Feature.IntsInExpressions);
                    return Read(_r.Pick(ints));
                case 4:
                {
                    bool generic = Use(Feature.StaticDoubleMath, 1, 4);
                    bool pi = _r.Chance(1, 2);
                    string text = generic ? (pi ? "double.Pi" : "double.E") : (pi ? "Math.PI" : "Math.E");
                    return new Ex(text, pi ? Math.PI : Math.E, IsConstant: true, IsSimple: true);
                }

                default:
                {
                    double value = _r.Constant(3);
                    return new Ex(Literal(value), Math.Abs(value), IsConstant: true, IsSimple: value >= 0);
                }
            }
        }

        /// <summary>An expression of constants, [NoDerivative] parameters, static fields and ints only.</summary>
        private Ex Inactive(int depth)
        {
            if (depth > 0 && _r.Chance(1, 3))
            {
                Ex left = Inactive(depth - 1);
                if (_r.Chance(1, 2) && Settings.HasFunction("Sin"))
                {
                    return new Ex("Math.Sin(" + left.Text + ")", 1);
                }

                Ex right = Inactive(depth - 1);
                return Capped(new Ex("(" + left.Text + " + " + right.Text + ")", left.Bound + right.Bound, left.IsConstant && right.IsConstant));
            }

            List<Var> passive = _m.Visible.Where(v => v.Kind is VarKind.PassiveParam or VarKind.StaticScalar
                || (v.IsInt && Settings.Has(Feature.IntsInExpressions))).ToList();
            List<Var> sequences = _m.Visible.Where(static v => v.IsSequence && (v.IsPassive || v.Kind == VarKind.StaticArray)).ToList();
            int kind = _r.Weighted(stackalloc[] { 2, passive.Count > 0 ? 3 : 0, sequences.Count > 0 ? 2 : 0 });
            switch (kind)
            {
                case 1:
                    return Read(_r.Pick(passive));
                case 2:
                {
                    Var sequence = _r.Pick(sequences);
                    sequence.Used = true;
                    if (sequence.Kind != VarKind.StaticArray && Use(Feature.TensorReductions, 1, 5))
                    {
                        return Reduction(sequence, sequences);
                    }

                    return new Ex(sequence.Name + "[" + IndexFor(sequence) + "]", sequence.Cap, IsSimple: true);
                }

                default:
                {
                    double value = _r.Constant(2);
                    return new Ex(Literal(value), Math.Abs(value), IsConstant: true, IsSimple: value >= 0);
                }
            }
        }

        private Ex VariableLeaf()
        {
            List<Var> doubles = _m.Visible.Where(static v => v.IsReadableDouble && v.Kind != VarKind.ConstDouble).ToList();
            return Read(_r.Pick(doubles));
        }

        private Ex Read(Var variable)
        {
            variable.Used = true;
            if (variable.IsInt)
            {
                return new Ex(variable.Name, Math.Max(1, variable.IntMax), IsSimple: true);
            }

            return new Ex(variable.Name, variable.Cap, variable.Kind == VarKind.ConstDouble, IsSimple: true);
        }

        /// <summary>
        /// TensorPrimitives.Dot of two equally long slices, or Sum or SumOfSquares of a sequence or a slice of it, with
        /// the type argument spelled out (a Span or array argument needs it before C# 14) and bounds in range for every
        /// length the sequences can have.
        /// </summary>
        private Ex Reduction(Var sequence, List<Var> sequences)
        {
            const string Owner = "System.Numerics.Tensors.TensorPrimitives.";
            int kind = _r.Between(0, 2);
            if (kind == 0)
            {
                Var other = _r.Pick(sequences.Where(static v => v.Kind != VarKind.StaticArray).ToList());
                other.Used = true;
                int shortest = Math.Min(sequence.MinLength, other.MinLength);
                int length = _r.Between(0, shortest > 1 && _r.Chance(3, 4) ? shortest - 1 : shortest);
                string dot = Owner + "Dot<double>(" + Slice(sequence, length) + ", " + Slice(other, length) + ")";
                return Capped(new Ex(dot, length * sequence.Cap * other.Cap));
            }

            bool whole = _r.Chance(1, 3);
            int count = whole ? sequence.MaxLength : _r.Between(0, sequence.MinLength);
            string operand = whole ? sequence.Name : Slice(sequence, count);
            return kind == 1
                ? Capped(new Ex(Owner + "Sum<double>(" + operand + ")", count * sequence.Cap))
                : Capped(new Ex(Owner + "SumOfSquares<double>(" + operand + ")", count * sequence.Cap * sequence.Cap));
        }

        /// <summary><c>x.Slice(start, length)</c> of a span, <c>x.AsSpan(start, length)</c> of an array, at a random start that keeps it in range.</summary>
        private string Slice(Var sequence, int length)
        {
            int start = NonzeroMostly(sequence.MinLength - length);
            string method = sequence.Kind is VarKind.ArrayParam or VarKind.LocalArray ? ".AsSpan(" : ".Slice(";
            return sequence.Name + method + start.ToString(CultureInfo.InvariantCulture) + ", " + length.ToString(CultureInfo.InvariantCulture) + ")";
        }

        /// <summary>
        /// A start in [0, <paramref name="last"/>], nonzero three times in four when it can be: a slice at 0 would not
        /// notice derivatives that forget the start.
        /// </summary>
        private int NonzeroMostly(int last) => last >= 1 && _r.Chance(3, 4) ? _r.Between(1, last) : _r.Between(0, Math.Max(last, 0));

        /// <summary>An index into <paramref name="sequence"/> that is in range for every length it can have.</summary>
        private string IndexFor(Var sequence)
        {
            List<Var> direct = _m.Visible.Where(v => v.Kind == VarKind.LoopIndex && (ReferenceEquals(v.Indexes, sequence) || v.IntMax < sequence.MinLength)).ToList();
            List<Var> ints = _m.Visible.Where(static v => v.IsNonNegativeInt).ToList();
            int kind = _r.Weighted(stackalloc[] { 2, direct.Count > 0 ? 5 : 0, 1, ints.Count > 0 ? 2 : 0 });
            switch (kind)
            {
                case 1:
                {
                    Var index = _r.Pick(direct);
                    index.Used = true;
                    return index.Name;
                }

                case 2:
                    return sequence.Name + ".Length - 1";
                case 3:
                {
                    Var index = _r.Pick(ints);
                    index.Used = true;
                    string offset = _r.Chance(1, 2) ? " + " + _r.Between(1, 3).ToString(CultureInfo.InvariantCulture) : string.Empty;
                    return "(" + index.Name + offset + ") % " + sequence.Name + ".Length";
                }

                default:
                    return _r.Between(0, sequence.MinLength - 1).ToString(CultureInfo.InvariantCulture);
            }
        }

        private Ex Function(int depth)
        {
            var names = GeneratorSettings.AllFunctions.Where(Settings.HasFunction).ToList();
            if (names.Count == 0)
            {
                return Leaf();
            }

            string name = _r.Pick(names);
            string prefix = Use(Feature.StaticDoubleMath, 1, 5) ? "double." : "Math.";
            if (name is "Sin" or "Cos" or "Tanh" or "Atan" && Use(Feature.MixedPrecision, 1, 5))
            {
                // In a float program: (float)Math.Sin((double)a), a cast to double and back around the call.
                Ex argument = DoubleCore(depth - 1);
                string text = _g._isFloat
                    ? "(float)global::System.Math." + name + "((System.Double)" + Paren(argument.Text) + ")"
                    : "Math." + name + "(" + argument.Text + ")";
                return new Ex(text, name == "Atan" ? Math.PI / 2 : 1);
            }

            Ex Argument(double limit) => Squash(DoubleCore(depth - 1), limit);
            switch (name)
            {
                case "Sin":
                case "Cos":
                case "Tanh":
                    return new Ex(prefix + name + "(" + DoubleCore(depth - 1).Text + ")", 1);
                case "Atan":
                    return new Ex(prefix + name + "(" + DoubleCore(depth - 1).Text + ")", Math.PI / 2);
                case "Tan":
                {
                    Ex argument = Argument(1.2);
                    return new Ex(prefix + name + "(" + argument.Text + ")", Math.Tan(Math.Min(1.2, argument.Bound)));
                }

                case "Asin":
                case "Acos":
                    return new Ex(prefix + name + "(" + Argument(0.9).Text + ")", name == "Asin" ? Math.PI / 2 : Math.PI);
                case "Sinh":
                case "Cosh":
                case "Exp":
                {
                    Ex argument = Argument(2);
                    double bound = name == "Exp" ? Math.Exp(argument.Bound) : Math.Cosh(argument.Bound);
                    return new Ex(prefix + name + "(" + argument.Text + ")", bound);
                }

                case "Log":
                case "Log10":
                case "Log2":
                {
                    // The bound of ln, in the function's own base: log2 is larger than ln (Acos(Log2(2.25)) was NaN).
                    Positive argument = PositiveExpression(depth - 1);
                    double perNaturalLog = name switch { "Log2" => 1 / Math.Log(2), "Log10" => 1 / Math.Log(10), _ => 1 };
                    return new Ex(prefix + name + "(" + argument.Text + ")", LogBound(argument) * perNaturalLog);
                }

                case "Log2Args":
                {
                    Positive argument = PositiveExpression(depth - 1);
                    double @base = _r.Pick(new[] { 2.0, 10.0, 0.5, 3.0 });
                    return new Ex(prefix + "Log(" + argument.Text + ", " + Literal(@base) + ")", LogBound(argument) / Math.Abs(Math.Log(@base)));
                }

                case "Sqrt":
                {
                    Positive argument = PositiveExpression(depth - 1);
                    return new Ex(prefix + name + "(" + argument.Text + ")", Math.Sqrt(argument.High));
                }

                case "Cbrt":
                {
                    Positive argument = PositiveExpression(depth - 1);
                    return new Ex(prefix + name + "(" + argument.Text + ")", Math.Cbrt(argument.High));
                }

                case "Atan2":
                {
                    Ex any = DoubleCore(depth - 1);
                    Positive positive = PositiveExpression(depth - 1);
                    return _r.Chance(1, 2)
                        ? new Ex(prefix + name + "(" + any.Text + ", " + positive.Text + ")", Math.PI / 2)
                        : new Ex(prefix + name + "(" + positive.Text + ", " + any.Text + ")", Math.PI);
                }

                case "Pow":
                {
                    Positive @base = PositiveExpression(depth - 1);
                    Ex exponent = Argument(1.5);
                    double bound = Math.Max(Math.Pow(@base.High, exponent.Bound), Math.Pow(@base.Low, -exponent.Bound));
                    return Capped(new Ex(prefix + name + "(" + @base.Text + ", " + exponent.Text + ")", bound));
                }

                case "PowConstantExponent":
                {
                    double exponent = _r.Pick(new[] { 2.0, 3.0, 1.0, 0.0 });
                    if (exponent == 0 && !Settings.Has(Feature.ZeroDerivatives))
                    {
                        exponent = 2;
                    }

                    if (exponent == 0)
                    {
                        _g._used.Add(Feature.ZeroDerivatives);
                    }

                    Ex @base = Argument(exponent >= 3 ? 2 : 3);
                    return new Ex(prefix + "Pow(" + @base.Text + ", " + Literal(exponent) + ")", Math.Max(1, Math.Pow(@base.Bound, exponent)));
                }

                case "PowConstantBase":
                {
                    double @base = _r.Pick(new[] { 2.0, 0.5, Math.E });
                    Ex exponent = Argument(2);
                    return new Ex(prefix + "Pow(" + Literal(@base) + ", " + exponent.Text + ")", Math.Pow(Math.Max(@base, 1 / @base), exponent.Bound));
                }

                case "Abs":
                case "Floor":
                case "Round":
                {
                    Ex argument = Argument(LargestBound / 2);
                    if (name == "Abs" || !Settings.Has(Feature.ZeroDerivatives))
                    {
                        return new Ex(prefix + "Abs(" + argument.Text + ")", argument.Bound);
                    }

                    // The cast keeps Math.Floor(int) from being ambiguous between decimal and double.
                    _g._used.Add(Feature.ZeroDerivatives);
                    return new Ex(prefix + name + "((double)" + Paren(argument.Text) + ")", argument.Bound + 1);
                }

                case "Max":
                case "Min":
                case "CopySign":
                {
                    Ex a = Argument(LargestBound / 2);
                    Ex b = DoubleCore(depth - 1);
                    if (a.Text == b.Text)
                    {
                        b = new Ex("(" + b.Text + " + 0.5)", b.Bound + 0.5);
                    }

                    if (name == "CopySign" && !Settings.Has(Feature.ZeroDerivatives))
                    {
                        name = "Max";
                    }
                    else if (name == "CopySign")
                    {
                        // Its sign argument only ever gets a zero partial.
                        _g._used.Add(Feature.ZeroDerivatives);
                    }

                    double bound = name == "CopySign" ? a.Bound : Math.Max(a.Bound, b.Bound);
                    return Capped(new Ex(prefix + name + "(" + a.Text + ", " + b.Text + ")", bound));
                }

                case "Clamp":
                {
                    // Math.Clamp has a float overload but MathF has no Clamp: keep the owner out of the float rewrite.
                    Ex a = DoubleCore(depth - 1);
                    double low = _r.Constant(1) - 0.5;
                    double high = low + 0.25 + Math.Abs(_r.Constant(1));
                    string owner = prefix == "double." ? "double." : "global::System.Math.";
                    return new Ex(owner + "Clamp(" + a.Text + ", " + Literal(low) + ", " + Literal(high) + ")", Math.Max(Math.Abs(low), Math.Abs(high)));
                }

                default: // FusedMultiplyAdd
                {
                    Ex a = Argument(4);
                    Ex b = Argument(4);
                    Ex c = DoubleCore(depth - 1);
                    return Capped(new Ex(prefix + name + "(" + a.Text + ", " + b.Text + ", " + c.Text + ")", a.Bound * b.Bound + c.Bound));
                }
            }
        }

        private static double LogBound(Positive argument) => Math.Max(Math.Abs(Math.Log(argument.Low)), Math.Abs(Math.Log(argument.High)));

        /// <summary>An expression that is always at least some positive constant (margin from Sqrt/Log/Pow's edge).</summary>
        private Positive PositiveExpression(int depth)
        {
            int kind = _r.Weighted(stackalloc[]
            {
                3, // c + a * a
                Settings.HasFunction("Exp") ? 1 : 0, // c + Exp(a)
                Settings.HasFunction("Cos") ? 1 : 0, // c + Cos(a)
                Settings.HasFunction("Tanh") ? 1 : 0, // c + Tanh(a)
                1, // positive constant
            });
            double c;
            switch (kind)
            {
                case 1:
                {
                    c = _r.Pick(new[] { 1.0, 0.25, 2.0 });
                    Ex a = Squash(DoubleCore(depth - 1), 2);
                    return new Positive("(" + Literal(c) + " + Math.Exp(" + a.Text + "))", c + Math.Exp(-a.Bound), c + Math.Exp(a.Bound));
                }

                case 2:
                case 3:
                {
                    c = _r.Pick(new[] { 1.5, 2.0, 3.0 });
                    Ex a = DoubleCore(depth - 1);
                    string function = kind == 2 ? "Math.Cos" : "Math.Tanh";
                    return new Positive("(" + Literal(c) + " + " + function + "(" + a.Text + "))", c - 1, c + 1);
                }

                case 4:
                {
                    c = _r.Pick(new[] { 2.0, 0.5, 1.5 });
                    return new Positive(Literal(c), c, c, IsConstant: true);
                }

                default:
                {
                    c = _r.Pick(new[] { 1.0, 0.5, 2.0 });
                    Ex a = Squash(DoubleCore(Math.Min(depth, 1)), 3);
                    string square = a.IsSimple ? a.Text + " * " + a.Text : Paren(a.Text) + " * " + Paren(a.Text);
                    return new Positive("(" + Literal(c) + " + " + square + ")", c, c + a.Bound * a.Bound, a.IsConstant);
                }
            }
        }

        /// <summary>A positive expression at least 1, so dividing by it never grows a value.</summary>
        private Positive PositiveAtLeastOne(int depth)
        {
            Positive positive = PositiveExpression(depth);
            return positive.Low >= 1 ? positive : new Positive("(1.0 + " + positive.Text + ")", 1 + positive.Low, 1 + positive.High, positive.IsConstant);
        }

        /// <param name="firstScalar">The first scalar argument (bound by 1), instead of a random expression.</param>
        private Ex? Call(int depth, string? firstScalar = null)
        {
            var candidates = _callable.Where(CanCall).ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            _g._used.Add(Feature.Calls);
            if (_conditionDepth > 0)
            {
                _g._used.Add(Feature.CallsInConditions);
            }

            Helper helper = _r.Pick(candidates);
            var arguments = new List<string>();
            foreach (HelperParameter parameter in helper.Parameters)
            {
                switch (parameter.Kind)
                {
                    case HelperParameterKind.Scalar when firstScalar is not null:
                        arguments.Add(firstScalar);
                        firstScalar = null;
                        break;
                    case HelperParameterKind.Scalar:
                        arguments.Add(Squash(DoubleCore(depth - 1), HelperScalarBound).Text);
                        break;
                    case HelperParameterKind.PassiveScalar:
                        arguments.Add(Squash(Inactive(depth - 1), HelperScalarBound).Text);
                        break;
                    case HelperParameterKind.Int:
                    {
                        List<Var> ints = _m.Visible.Where(static v => v.IsNonNegativeInt && v.IntMax <= MaxTripCount).ToList();
                        if (ints.Count > 0 && _r.Chance(2, 3))
                        {
                            Var chosen = _r.Pick(ints);
                            chosen.Used = true;
                            arguments.Add(chosen.Name);
                        }
                        else
                        {
                            arguments.Add(_r.Between(0, MaxTripCount).ToString(CultureInfo.InvariantCulture));
                        }

                        break;
                    }

                    default:
                    {
                        Var sequence = _r.Pick(SequenceArguments(parameter.Kind).ToList());
                        sequence.Used = true;
                        _g._used.Add(Feature.SequenceArgumentCalls);
                        if (parameter.Kind != HelperParameterKind.Array && sequence.Kind != VarKind.SpanParam)
                        {
                            _g._used.Add(Feature.ArrayToSpanArguments);
                        }

                        arguments.Add(sequence.Name);
                        break;
                    }
                }
            }

            string callee = helper.Owner == _ownerType ? helper.Name : helper.Owner + "." + helper.Name;
            return new Ex(callee + "(" + string.Join(", ", arguments) + ")", helper.ReturnBound);
        }

        private bool CanCall(Helper helper) => helper.Parameters.All(p =>
            p.Kind is HelperParameterKind.Scalar or HelperParameterKind.PassiveScalar or HelperParameterKind.Int
            || SequenceArguments(p.Kind).Any());

        private IEnumerable<Var> SequenceArguments(HelperParameterKind kind) => _m.Visible.Where(v =>
            v.IsSequence && v.MaxLength <= MaxSequenceLength && kind switch
            {
                // A [NoDerivative] parameter must only receive values without derivatives, or AD and finite
                // differences legitimately disagree.
                HelperParameterKind.PassiveSpan => (v.IsPassive || v.Kind == VarKind.StaticArray) && (v.Kind == VarKind.SpanParam || Settings.Has(Feature.ArrayToSpanArguments)),
                HelperParameterKind.Array => v.IsDoubleArray && v.Cap <= HelperSequenceBound,
                _ => !v.IsPassive && v.Kind != VarKind.StaticArray && v.Cap <= HelperSequenceBound && (v.Kind == VarKind.SpanParam || Settings.Has(Feature.ArrayToSpanArguments)),
            });

        // ---------------------------------------------------------------- conditions

        private string Condition(int depth)
        {
            _conditionDepth++;
            try
            {
                return ConditionCore(depth);
            }
            finally
            {
                _conditionDepth--;
            }
        }

        private string ConditionCore(int depth)
        {
            if (depth > 0 && Use(Feature.LogicalConditions, 1, 5))
            {
                int kind = _r.Next(3);
                return kind switch
                {
                    0 => Comparison(depth - 1) + " && " + Comparison(depth - 1),
                    1 => Comparison(depth - 1) + " || " + Comparison(depth - 1),
                    _ => "!(" + Comparison(depth - 1) + ")",
                };
            }

            return Comparison(depth);
        }

        private string Comparison(int depth)
        {
            _conditionDepth++;
            try
            {
                return ComparisonCore(depth);
            }
            finally
            {
                _conditionDepth--;
            }
        }

        private string ComparisonCore(int depth)
        {
            List<Var> ints = _m.Visible.Where(static v => v.IsInt).ToList();
            bool canCall = _callable.Count > 0 && Settings.Has(Feature.CallsInConditions);
            int kind = _r.Weighted(stackalloc[] { 5, ints.Count > 0 ? 2 : 0, canCall ? 1 : 0 });
            string op = _r.Pick(new[] { "<", ">", "<=", ">=" });
            switch (kind)
            {
                case 1:
                {
                    Var variable = _r.Pick(ints);
                    variable.Used = true;
                    string intOp = _r.Pick(new[] { op, "==", "!=" });
                    return _r.Chance(1, 2)
                        ? variable.Name + " % 2 == 0"
                        : variable.Name + " " + intOp + " " + _r.Between(0, 3).ToString(CultureInfo.InvariantCulture);
                }

                case 2:
                {
                    Ex? call = Call(1);
                    if (call is { } value)
                    {
                        _g._used.Add(Feature.CallsInConditions);
                        return value.Text + " " + op + " " + Literal(_r.Constant(1));
                    }

                    goto default;
                }

                default:
                {
                    Ex left = Double(depth, needsVariable: true);
                    Ex right = _r.Chance(1, 2) ? Leaf() : new Ex(Literal(_r.Constant(2)), 2, true);
                    if (right.Text == left.Text)
                    {
                        right = new Ex(Literal(_r.Constant(2) + 0.5), 3, true);
                    }

                    return left.Text + " " + op + " " + right.Text;
                }
            }
        }

        // ---------------------------------------------------------------- bounds

        /// <summary>Keeps intermediate magnitudes moderate: squashes anything above the largest bound.</summary>
        private Ex Capped(Ex value) => value.Bound > LargestBound ? Squash(value, LargestBound) : value;

        /// <summary>Returns <paramref name="value"/>, or a smooth bounded function of it, whose bound is at most <paramref name="limit"/>.</summary>
        public Ex Squash(Ex value, double limit)
        {
            if (value.Bound <= limit)
            {
                return value;
            }

            var options = new List<(string Name, double Bound)>();
            foreach ((string name, double bound) in new[] { ("Tanh", 1.0), ("Atan", Math.PI / 2), ("Sin", 1.0), ("Cos", 1.0) })
            {
                if (Settings.HasFunction(name))
                {
                    options.Add((name, bound));
                }
            }

            string text;
            double squashedBound;
            bool isConstant = false;
            if (options.Count == 0 || (value.IsSimple && _r.Chance(1, 4)))
            {
                // Arithmetic only: a constant stays a compile-time constant (conditions must not be constant).
                string operand = value.IsSimple ? value.Text : Paren(value.Text);
                text = "(" + operand + " / (1.0 + " + operand + " * " + operand + "))";
                squashedBound = 0.5;
                isConstant = value.IsConstant;
            }
            else
            {
                (string name, double bound) = _r.Pick(options);
                text = "Math." + name + "(" + value.Text + ")";
                squashedBound = bound;
            }

            if (squashedBound <= limit)
            {
                return new Ex(text, squashedBound, isConstant);
            }

            double scale = Math.Floor(limit / squashedBound * 100) / 100;
            return new Ex(Literal(scale) + " * " + text, scale * squashedBound, isConstant);
        }

        private static string Paren(string text) => IsAtom(text) ? text : "(" + text + ")";

        private static bool IsAtom(string text)
        {
            if (text.Length == 0 || text[0] == '-')
            {
                return false;
            }

            int depth = 0;
            foreach (char c in text)
            {
                if (c is '(' or '[')
                {
                    depth++;
                }
                else if (c is ')' or ']')
                {
                    depth--;
                }
                else if (depth == 0 && (c == ' ' || c == '?'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
