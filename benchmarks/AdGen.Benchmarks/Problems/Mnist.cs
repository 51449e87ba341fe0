using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace AdGen.Benchmarks.Problems;

/// <summary>Reads the MNIST digits shipped in samples/data/mnist10k (gzip-compressed IDX files; see the README there).</summary>
public static class Mnist
{
    private const string DataFolder = "samples/data/mnist10k";

    /// <summary>The first <paramref name="count"/> images (pixels scaled to [0, 1], row-major) and their labels.</summary>
    public static (double[] Images, double[] Labels) Load(int count)
    {
        string folder = FindDataFolder();
        byte[] images = ReadIdx(Path.Combine(folder, "mnist10k-images-idx3-ubyte.gz"), expectedMagic: 0x803, out int imageCount, headerLength: 16);
        byte[] labels = ReadIdx(Path.Combine(folder, "mnist10k-labels-idx1-ubyte.gz"), expectedMagic: 0x801, out int labelCount, headerLength: 8);
        if (count > imageCount || count > labelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"the data has {imageCount} images and {labelCount} labels");
        }

        var pixels = new double[count * Mlp.Inputs];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images[i] / 255.0;
        }

        var digits = new double[count];
        for (int i = 0; i < count; i++)
        {
            digits[i] = labels[i];
        }

        return (pixels, digits);
    }

    /// <summary>Reads an IDX file: big-endian magic and item count (then rows and columns for images), then one byte per value.</summary>
    private static byte[] ReadIdx(string path, int expectedMagic, out int count, int headerLength)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"{path}: magic 0x{magic:x}, expected 0x{expectedMagic:x}");
        }

        count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        return bytes.AsSpan(headerLength).ToArray();
    }

    /// <summary>The data folder, found by walking up from the program (BenchmarkDotNet runs it from a nested folder).</summary>
    private static string FindDataFolder()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, DataFolder);
                if (File.Exists(Path.Combine(candidate, "mnist10k-images-idx3-ubyte.gz")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"{DataFolder} not found above {AppContext.BaseDirectory}: run from inside the repository");
    }
}
