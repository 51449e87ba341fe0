using System.Collections.Generic;
using AdGen.Functional.Tests.Checking;
using AdGen.Functional.Tests.Functions;
using static AdGen.Functional.Tests.Checking.Sampling;

namespace AdGen.Functional.Tests.Cases;

// The cases of the functions parked in Pending/; they move to their theme's file once the functions build.
public static partial class Catalog
{
    static partial void AddPendingDouble(List<DerivativeCase<double>> cases)
    {
        cases.Add(Case.Scalar<double>("Scalars.ConstantResult", Scalars.ConstantResult, Scalars.ConstantResultGradient, Scalars.ConstantResultTangent, Scalars.ConstantResultPullback, Uniform<double>(1, -2, 2)));
        cases.Add(Case.Binary<double>("Scalars.IgnoresInput", Scalars.IgnoresInput, Scalars.IgnoresInputGradient, Scalars.IgnoresInputTangent, Scalars.IgnoresInputPullback, Uniform<double>(2, -2, 2)));
    }
}
