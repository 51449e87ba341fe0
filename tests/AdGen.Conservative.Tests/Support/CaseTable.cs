using System.Collections.Generic;
using Xunit;

namespace AdGen.Conservative.Tests.Support;

/// <summary>A point where a method's derivative is known exactly (at a kink: the rule; elsewhere: the gradient).</summary>
public sealed record KnownDerivative(Derivatives Function, double[] At, double[] Expected);

/// <summary>Named cases for xunit theories: the theory data are the names (serializable, one test case each).</summary>
public sealed class CaseTable<T>
{
    private readonly Dictionary<string, T> _cases = new();

    public T this[string name] => _cases[name];

    public TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (string name in _cases.Keys)
            {
                names.Add(name);
            }

            return names;
        }
    }

    public void Add(string name, T value) => _cases.Add(name, value);
}

/// <summary>Builders for the common tables.</summary>
public static class Cases
{
    public static void Known(this CaseTable<KnownDerivative> table, Derivatives f, double[] at, params double[] expected) =>
        table.Add(f.Name + " at " + Expect.Format(at), new KnownDerivative(f, at, expected));

    public static void Smooth(this CaseTable<(Derivatives Function, double[] At)> table, Derivatives f, params double[] at) =>
        table.Add(f.Name + " at " + Expect.Format(at), (f, at));
}
