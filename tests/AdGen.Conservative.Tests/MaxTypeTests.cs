using System;
using System.Linq;
using AdGen.Conservative.Tests.Functions;
using AdGen.Conservative.Tests.Support;
using Xunit;
using Xunit.Sdk;
using static AdGen.Conservative.Tests.Support.Derivatives;

namespace AdGen.Conservative.Tests;

/// <summary>
/// For a max-type function (max, min, nested, in loops) the Clarke subdifferential at a tie lies in the convex hull of
/// the active pieces' gradients. AdGen's derivative must be such a convex combination, in every mode: weights ≥ 0,
/// summing to 1 over the active pieces, 0 on the inactive ones, and the gradient equal to the weighted sum.
/// </summary>
public class MaxTypeTests
{
    /// <summary>A max-type function's pieces: values and gradients with respect to the first <paramref name="Inputs"/> entries.</summary>
    /// <param name="Tagged">True when the entries after the inputs are one tag per piece (their partials are the weights);
    /// false when the pieces are the entries themselves.</param>
    private sealed record Pieces(int Inputs, Func<double[], double[]> Values, Func<double[], double[][]> Gradients, bool Tagged);

    private static readonly Pieces Affine = new(
        2,
        v => new[] { v[0] + v[2], v[1] + v[3], 3.0 - v[0] - v[1] + v[4] },
        _ => new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { -1.0, -1.0 } },
        true);

    private static readonly Pieces AffineSingle = new(
        2,
        v => new double[] { (float)v[0] + (float)v[2], (float)v[1] + (float)v[3], 3.0f - (float)v[0] - (float)v[1] + (float)v[4] },
        Affine.Gradients,
        true);

    private static readonly Pieces Quadratic = new(
        2,
        v => new[] { v[0] * v[0] + v[2], v[0] * v[1] + v[3], v[1] * v[1] + v[4] },
        v => new[] { new[] { 2 * v[0], 0.0 }, new[] { v[1], v[0] }, new[] { 0.0, 2 * v[1] } },
        true);

    private static readonly double[] EnvelopeSlopes = { -2.0, -1.0, 0.0, 1.0, 2.0 };
    private static readonly double[] EnvelopeOffsets = { 0.0, 2.0, 1.0, 0.0, -3.0 };

    private static readonly Pieces Envelope = new(
        1,
        v => EnvelopeSlopes.Select((a, i) => a * v[0] + EnvelopeOffsets[i] + v[i + 1]).ToArray(),
        _ => EnvelopeSlopes.Select(static a => new[] { a }).ToArray(),
        true);

    private static readonly Pieces Entries = new(0, v => v, v => v.Select(static _ => Array.Empty<double>()).ToArray(), false);

    private static readonly Derivatives Left = Span("max(max(p0, p1), p2)", MaxTypeFunctions.MaxOfThreeLeft, MaxTypeFunctions.MaxOfThreeLeftGradient, MaxTypeFunctions.MaxOfThreeLeftTangent, MaxTypeFunctions.MaxOfThreeLeftPullback);
    private static readonly Derivatives Right = Span("max(p0, max(p1, p2))", MaxTypeFunctions.MaxOfThreeRight, MaxTypeFunctions.MaxOfThreeRightGradient, MaxTypeFunctions.MaxOfThreeRightTangent, MaxTypeFunctions.MaxOfThreeRightPullback);
    private static readonly Derivatives FirstWins = Span("max(max(p0, p1), p2) [MaxTieWeight = 1]", MaxTypeFunctions.MaxOfThreeFirstWins, MaxTypeFunctions.MaxOfThreeFirstWinsGradient, MaxTypeFunctions.MaxOfThreeFirstWinsTangent, MaxTypeFunctions.MaxOfThreeFirstWinsPullback);
    private static readonly Derivatives Quadratics = Span("max of x², xy, y²", MaxTypeFunctions.MaxOfQuadratics, MaxTypeFunctions.MaxOfQuadraticsGradient, MaxTypeFunctions.MaxOfQuadraticsTangent, MaxTypeFunctions.MaxOfQuadraticsPullback);
    private static readonly Derivatives MinOfMax = Span("min(max(p0, p1), p2)", MaxTypeFunctions.MinOfMax, MaxTypeFunctions.MinOfMaxGradient, MaxTypeFunctions.MinOfMaxTangent, MaxTypeFunctions.MinOfMaxPullback);
    private static readonly Derivatives UpperEnvelope = Span("upper envelope of five lines (loop)", MaxTypeFunctions.UpperEnvelope, MaxTypeFunctions.UpperEnvelopeGradient, MaxTypeFunctions.UpperEnvelopeTangent, MaxTypeFunctions.UpperEnvelopePullback);
    private static readonly Derivatives RunningMax = Span("running max (loop)", MaxTypeFunctions.RunningMax, MaxTypeFunctions.RunningMaxGradient, MaxTypeFunctions.RunningMaxTangent, MaxTypeFunctions.RunningMaxPullback);
    private static readonly Derivatives RunningMin = Span("running min (foreach)", MaxTypeFunctions.RunningMin, MaxTypeFunctions.RunningMinGradient, MaxTypeFunctions.RunningMinTangent, MaxTypeFunctions.RunningMinPullback);
    private static readonly Derivatives RunningMaxTernary = Span("running max with ?: (loop)", MaxTypeFunctions.RunningMaxTernary, MaxTypeFunctions.RunningMaxTernaryGradient, MaxTypeFunctions.RunningMaxTernaryTangent, MaxTypeFunctions.RunningMaxTernaryPullback);
    private static readonly Derivatives LeftF = SpanF("max(max(p0, p1), p2) (float)", MaxTypeFunctionsF.MaxOfThreeLeft, MaxTypeFunctionsF.MaxOfThreeLeftGradient, MaxTypeFunctionsF.MaxOfThreeLeftTangent, MaxTypeFunctionsF.MaxOfThreeLeftPullback);
    private static readonly Derivatives RunningMaxF = SpanF("running max (float)", MaxTypeFunctionsF.RunningMax, MaxTypeFunctionsF.RunningMaxGradient, MaxTypeFunctionsF.RunningMaxTangent, MaxTypeFunctionsF.RunningMaxPullback);

    private static Derivatives RunningMaxWeighted(double w) => Span(
        "running AdMath.Max(m, x[i], w), run-time w = " + w,
        x => MaxTypeFunctions.RunningMaxWeighted(x, w),
        (x, dx) => MaxTypeFunctions.RunningMaxWeightedGradient(x, w, dx),
        (x, dx) => MaxTypeFunctions.RunningMaxWeightedTangent(x, w, dx),
        (x, seed, dx) => MaxTypeFunctions.RunningMaxWeightedPullback(x, w, seed, dx));

    private static double[] Tagged(params double[] inputs) => inputs.Concat(new double[inputs.Length == 1 ? 5 : 3]).ToArray();

    public static TheoryData<string> TieNames => Ties.Names;

    private static readonly CaseTable<(Derivatives F, double[] At, Pieces P, double[]? Weights)> Ties = BuildTies();

    private static CaseTable<(Derivatives F, double[] At, Pieces P, double[]? Weights)> BuildTies()
    {
        var t = new CaseTable<(Derivatives, double[], Pieces, double[]?)>();
        void Add(Derivatives f, double[] at, Pieces p, double[]? weights = null) => t.Add(f.Name + " at " + Expect.Format(at), (f, at, p, weights));

        // Affine pieces (x + t0, y + t1, 3 − x − y + t2): a three-way tie at (1, 1), two-way ties, a single piece.
        Add(Left, Tagged(1, 1), Affine, new[] { 0.25, 0.25, 0.5 });
        Add(Right, Tagged(1, 1), Affine, new[] { 0.5, 0.25, 0.25 });
        Add(FirstWins, Tagged(1, 1), Affine, new[] { 1.0, 0.0, 0.0 });
        Add(LeftF, Tagged(1, 1), AffineSingle, new[] { 0.25, 0.25, 0.5 });
        foreach (Derivatives f in new[] { Left, Right, FirstWins, MinOfMax })
        {
            Add(f, Tagged(2, 2), Affine);    // p0 = p1 = 2 > p2 = −1
            Add(f, Tagged(2, -1), Affine);   // p0 = p2 = 2 > p1
            Add(f, Tagged(-1, 2), Affine);   // p1 = p2 = 2 > p0
            Add(f, Tagged(3, 0), Affine);    // p0 alone
        }

        Add(MinOfMax, Tagged(1, 1), Affine, new[] { 0.25, 0.25, 0.5 });
        Add(MinOfMax, Tagged(0.5, 0.5), Affine, new[] { 0.5, 0.5, 0.0 });
        Add(LeftF, Tagged(2, -1), AffineSingle);

        // Smooth nonlinear pieces, all equal on the diagonal.
        Add(Quadratics, Tagged(1, 1), Quadratic, new[] { 0.5, 0.25, 0.25 });
        Add(Quadratics, Tagged(-2, -2), Quadratic);
        Add(Quadratics, Tagged(0, 0), Quadratic);
        Add(Quadratics, Tagged(2, 1), Quadratic, new[] { 1.0, 0.0, 0.0 });

        // The running max of five lines: three lines meet at x = 1, two at x = −2 and at x = 3.
        Add(UpperEnvelope, Tagged(1), Envelope);
        Add(UpperEnvelope, Tagged(-2), Envelope);
        Add(UpperEnvelope, Tagged(3), Envelope);
        Add(UpperEnvelope, Tagged(0), Envelope);

        // Running max / min of the entries: the entries are the pieces.
        Add(RunningMax, new[] { 1.0, 3.0, 3.0, 2.0, 3.0 }, Entries, new[] { 0.0, 0.25, 0.25, 0.0, 0.5 });
        Add(RunningMax, new[] { 5.0, 5.0, 5.0, 5.0 }, Entries, new[] { 0.125, 0.125, 0.25, 0.5 });
        Add(RunningMax, new[] { 2.0, 2.0 }, Entries, new[] { 0.5, 0.5 });
        Add(RunningMax, new[] { 0.0, 1.0, -1.0 }, Entries, new[] { 0.0, 1.0, 0.0 });
        Add(RunningMaxF, new[] { 1.0, 3.0, 3.0, 2.0, 3.0 }, Entries, new[] { 0.0, 0.25, 0.25, 0.0, 0.5 });
        Add(RunningMin, new[] { 3.0, 1.0, 1.0, 2.0, 1.0 }, Entries);
        Add(RunningMin, new[] { -4.0, -4.0, 0.0 }, Entries);
        Add(RunningMaxWeighted(1.0), new[] { 1.0, 3.0, 3.0, 2.0, 3.0 }, Entries, new[] { 0.0, 1.0, 0.0, 0.0, 0.0 });
        Add(RunningMaxWeighted(0.0), new[] { 1.0, 3.0, 3.0, 2.0, 3.0 }, Entries, new[] { 0.0, 0.0, 0.0, 0.0, 1.0 });
        Add(RunningMaxWeighted(0.75), new[] { 1.0, 3.0, 3.0, 2.0, 3.0 }, Entries);
        Add(RunningMaxTernary, new[] { 1.0, 3.0, 3.0, 2.0, 3.0 }, Entries, new[] { 0.0, 1.0, 0.0, 0.0, 0.0 });
        return t;
    }

    [Theory]
    [MemberData(nameof(TieNames))]
    public void GradientIsAConvexCombinationOfTheActivePiecesInEveryMode(string name)
    {
        (Derivatives f, double[] at, Pieces pieces, double[]? weights) = Ties[name];
        double value = f.Value(at);
        double[] pieceValues = pieces.Values(at);
        bool[] active = pieceValues.Select(p => p == value).ToArray();
        Assert.Contains(true, active);

        int n = at.Length;
        double[] forward = Enumerable.Range(0, n).Select(i => f.Tangent(at, Enumerable.Range(0, n).Select(j => j == i ? 1.0 : 0.0).ToArray()).Tangent).ToArray();
        foreach ((string mode, double[] g) in new[]
        {
            ("reverse (Gradient)", f.Gradient(at).Gradient),
            ("reverse (Pullback)", f.Pullback(at, 1.0, new double[n])),
            ("forward (Tangent per input)", forward),
        })
        {
            AssertConvexCombination(f, at, pieces, active, mode, g, weights);
        }
    }

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(1.2, -0.4)]
    [InlineData(2.5, 2.25)]
    public void AgreesWithFiniteDifferencesWhereOnePieceIsActive(double x, double y)
    {
        foreach (Derivatives f in new[] { Left, Right, FirstWins, Quadratics, MinOfMax, LeftF })
        {
            Expect.FiniteDifferences(f, x, y, 0.0, 0.0, 0.0);
        }

        Expect.FiniteDifferences(UpperEnvelope, x, 0.0, 0.0, 0.0, 0.0, 0.0);
        foreach (Derivatives f in new[] { RunningMax, RunningMin, RunningMaxTernary, RunningMaxWeighted(0.5), RunningMaxF })
        {
            Expect.FiniteDifferences(f, x, y, -x, 0.5 * y);
        }
    }

    private static void AssertConvexCombination(Derivatives f, double[] at, Pieces pieces, bool[] active, string mode, double[] g, double[]? expectedWeights)
    {
        double tolerance = f.IsSingle ? 1e-6 : 1e-12;
        string where = f.Name + " at " + Expect.Format(at) + ", " + mode + ": gradient " + Expect.Format(g) + ": ";
        double[] w = pieces.Tagged ? g.Skip(pieces.Inputs).Take(active.Length).ToArray() : g;
        double sum = 0;
        for (int i = 0; i < active.Length; i++)
        {
            if (!active[i] && w[i] != 0.0)
            {
                throw new XunitException(where + "inactive piece " + i + " has weight " + w[i]);
            }

            if (w[i] < 0)
            {
                throw new XunitException(where + "negative weight " + w[i] + " on piece " + i);
            }

            sum += w[i];
        }

        if (Math.Abs(sum - 1) > tolerance)
        {
            throw new XunitException(where + "weights sum to " + sum);
        }

        double[][] gradients = pieces.Gradients(at);
        for (int k = 0; k < pieces.Inputs; k++)
        {
            double combined = 0;
            for (int i = 0; i < active.Length; i++)
            {
                combined += w[i] * gradients[i][k];
            }

            if (Math.Abs(combined - g[k]) > tolerance)
            {
                throw new XunitException(where + "∂/∂x" + k + " is " + g[k] + " but the weighted piece gradients give " + combined);
            }
        }

        if (expectedWeights is not null)
        {
            for (int i = 0; i < expectedWeights.Length; i++)
            {
                if (Math.Abs(expectedWeights[i] - w[i]) > tolerance)
                {
                    throw new XunitException(where + "weights " + Expect.Format(w) + ", documented rule gives " + Expect.Format(expectedWeights));
                }
            }
        }
    }
}
