using System;
using System.Numerics;

namespace AdGen.Functional.Tests.Checking;

/// <summary>Draws the index-th random test point of a function.</summary>
public delegate T[] Sampler<T>(Random random, int index);

/// <summary>Random points inside the smooth region of a function (away from branch boundaries and singularities).</summary>
public static class Sampling
{
    /// <summary>Every coordinate uniform in [low, high].</summary>
    public static Sampler<T> Uniform<T>(int dimension, double low, double high)
        where T : struct, IFloatingPointIeee754<T> =>
        (random, _) => Fill<T>(new T[dimension], random, low, high);

    /// <summary>A vector of random length in [minLength, maxLength] (runtime trip counts), each coordinate in [low, high].</summary>
    public static Sampler<T> VariableLength<T>(int minLength, int maxLength, double low, double high)
        where T : struct, IFloatingPointIeee754<T> =>
        (random, _) => Fill<T>(new T[random.Next(minLength, maxLength + 1)], random, low, high);

    /// <summary>Coordinate i uniform in boxes[i].</summary>
    public static Sampler<T> Box<T>(params (double Low, double High)[] boxes)
        where T : struct, IFloatingPointIeee754<T> =>
        (random, _) =>
        {
            var point = new T[boxes.Length];
            for (int i = 0; i < boxes.Length; i++)
            {
                point[i] = T.CreateChecked(boxes[i].Low + (boxes[i].High - boxes[i].Low) * random.NextDouble());
            }

            return point;
        };

    /// <summary>Every coordinate uniform in [low, high], with a random sign: keeps away from a kink or pole at zero.</summary>
    public static Sampler<T> AwayFromZero<T>(int minLength, int maxLength, double low, double high)
        where T : struct, IFloatingPointIeee754<T> =>
        (random, _) =>
        {
            T[] point = Fill<T>(new T[random.Next(minLength, maxLength + 1)], random, low, high);
            for (int i = 0; i < point.Length; i++)
            {
                point[i] = random.Next(2) == 0 ? point[i] : -point[i];
            }

            return point;
        };

    /// <summary>Cycles through samplers by point index: every smooth piece of a piecewise function gets points.</summary>
    public static Sampler<T> EachOf<T>(params Sampler<T>[] samplers)
        where T : struct, IFloatingPointIeee754<T> =>
        (random, index) => samplers[index % samplers.Length](random, index);

    public static T[] Fill<T>(T[] point, Random random, double low, double high)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = T.CreateChecked(low + (high - low) * random.NextDouble());
        }

        return point;
    }
}
