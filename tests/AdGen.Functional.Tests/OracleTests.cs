using AdGen.Functional.Tests.Cases;
using AdGen.Functional.Tests.Checking;
using Xunit;

namespace AdGen.Functional.Tests;

/// <summary>Every double function against every oracle.</summary>
public sealed class DoublePrecisionTests
{
    [Theory]
    [MemberData(nameof(Catalog.DoubleNames), MemberType = typeof(Catalog))]
    public void GradientMatchesFiniteDifferences(string function) => DerivativeCheck.GradientMatchesFiniteDifferences(Catalog.Double[function]);

    [Theory]
    [MemberData(nameof(Catalog.DoubleNames), MemberType = typeof(Catalog))]
    public void TangentMatchesFiniteDifferences(string function) => DerivativeCheck.TangentMatchesFiniteDifferences(Catalog.Double[function]);

    [Theory]
    [MemberData(nameof(Catalog.DoubleNames), MemberType = typeof(Catalog))]
    public void ForwardAndReverseAgree(string function) => DerivativeCheck.ForwardAndReverseAgree(Catalog.Double[function]);

    [Theory]
    [MemberData(nameof(Catalog.DoubleNames), MemberType = typeof(Catalog))]
    public void PullbackAccumulates(string function) => DerivativeCheck.PullbackAccumulates(Catalog.Double[function]);

    [Theory]
    [MemberData(nameof(Catalog.DoubleNames), MemberType = typeof(Catalog))]
    public void ValuesEqualThePrimal(string function) => DerivativeCheck.ValuesEqualThePrimal(Catalog.Double[function]);
}

/// <summary>Every float function against every oracle, with single-precision steps and tolerances.</summary>
public sealed class SinglePrecisionTests
{
    [Theory]
    [MemberData(nameof(Catalog.SingleNames), MemberType = typeof(Catalog))]
    public void GradientMatchesFiniteDifferences(string function) => DerivativeCheck.GradientMatchesFiniteDifferences(Catalog.Single[function]);

    [Theory]
    [MemberData(nameof(Catalog.SingleNames), MemberType = typeof(Catalog))]
    public void TangentMatchesFiniteDifferences(string function) => DerivativeCheck.TangentMatchesFiniteDifferences(Catalog.Single[function]);

    [Theory]
    [MemberData(nameof(Catalog.SingleNames), MemberType = typeof(Catalog))]
    public void ForwardAndReverseAgree(string function) => DerivativeCheck.ForwardAndReverseAgree(Catalog.Single[function]);

    [Theory]
    [MemberData(nameof(Catalog.SingleNames), MemberType = typeof(Catalog))]
    public void PullbackAccumulates(string function) => DerivativeCheck.PullbackAccumulates(Catalog.Single[function]);

    [Theory]
    [MemberData(nameof(Catalog.SingleNames), MemberType = typeof(Catalog))]
    public void ValuesEqualThePrimal(string function) => DerivativeCheck.ValuesEqualThePrimal(Catalog.Single[function]);
}
