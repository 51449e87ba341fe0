using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AdGen.Functional.Tests.Checking;
using Xunit;

namespace AdGen.Functional.Tests.Cases;

/// <summary>Every checked function by name, in double and in float.</summary>
public static partial class Catalog
{
    public static IReadOnlyDictionary<string, DerivativeCase<double>> Double { get; } = Index(DoubleCases());

    public static IReadOnlyDictionary<string, DerivativeCase<float>> Single { get; } = Index(SingleCases());

    public static TheoryData<string> DoubleNames => Names(Double);

    public static TheoryData<string> SingleNames => Names(Single);

    private static List<DerivativeCase<double>> DoubleCases()
    {
        var cases = new List<DerivativeCase<double>>();
        cases.AddRange(ScalarCases.All());
        cases.AddRange(LoopCases.All());
        cases.AddRange(ArrayCases.All());
        cases.AddRange(BranchCases.All());
        cases.AddRange(CallCases.All());
        cases.AddRange(ControlFlowCases.All());
        cases.AddRange(SignatureCases.All());
        AddPendingDouble(cases);
        return cases;
    }

    private static List<DerivativeCase<float>> SingleCases()
    {
        var cases = new List<DerivativeCase<float>>();
        cases.AddRange(FloatCases.All());
        AddPendingSingle(cases);
        return cases;
    }

    // Implemented in Pending/ while some functions wait for a generator fix; compiled away otherwise.
    static partial void AddPendingDouble(List<DerivativeCase<double>> cases);

    static partial void AddPendingSingle(List<DerivativeCase<float>> cases);

    private static Dictionary<string, DerivativeCase<T>> Index<T>(List<DerivativeCase<T>> cases)
        where T : struct, IFloatingPointIeee754<T> =>
        cases.ToDictionary(static c => c.Name, StringComparer.Ordinal);

    private static TheoryData<string> Names<T>(IReadOnlyDictionary<string, DerivativeCase<T>> cases)
        where T : struct, IFloatingPointIeee754<T>
    {
        var names = new TheoryData<string>();
        foreach (string name in cases.Keys.Order(StringComparer.Ordinal))
        {
            names.Add(name);
        }

        return names;
    }
}
