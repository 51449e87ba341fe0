using System;
using System.IO;
using System.Text;

namespace AdGen.Benchmarks.Problems;

/// <summary>
/// Makes TorchSharp 0.107 (the only version the package feed serves) load on Debian 12. Its native glue,
/// libLibTorchSharp.so, was built with GCC 13 and so declares that it needs version GLIBCXX_3.4.32 of libstdc++, which
/// Debian 12's libstdc++ (GCC 12, up to GLIBCXX_3.4.30) lacks; the loader then refuses the library. The only symbol
/// of that version it names is <c>std::ios_base_library_init()</c>, and no relocation uses it (GCC 13's
/// &lt;iostream&gt; merely references it), so the requirement can be marked weak (VER_FLG_WEAK), which the loader
/// tolerates. This patches two bytes of the copy in this program's output folder, never the NuGet cache, and only
/// when the system's libstdc++ lacks the version. libtorch itself (the code being measured) is not touched.
/// </summary>
public static class TorchSharpCompatibility
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    public static void EnsureLoadable()
    {
        if (!OperatingSystem.IsLinux() || SystemLibStdCxxHas(MissingVersion))
        {
            return;
        }

        string library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(library))
        {
            MarkVersionWeak(library, MissingVersion);
        }
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        foreach (string path in new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" })
        {
            if (File.Exists(path))
            {
                byte[] bytes = File.ReadAllBytes(path);
                return bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(version + "\0")) >= 0;
            }
        }

        return true;
    }

    /// <summary>Sets VER_FLG_WEAK on every Elf64_Vernaux entry named <paramref name="version"/> (ELF64 little-endian).</summary>
    private static void MarkVersionWeak(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            return;
        }

        long sectionHeaders = BitConverter.ToInt64(elf, 0x28);
        int sectionHeaderSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        bool changed = false;
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionHeaders + (long)s * sectionHeaderSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long offset = BitConverter.ToInt64(elf, (int)header + 0x18);
            int stringSection = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            long strings = BitConverter.ToInt64(elf, (int)(sectionHeaders + (long)stringSection * sectionHeaderSize) + 0x18);
            long need = offset;
            while (true)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strings + BitConverter.ToUInt32(elf, (int)aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, (int)name);
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    if (Encoding.ASCII.GetString(elf, (int)name, end - (int)name) == version && (flags & VerFlagWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, (int)aux + 4);
                        changed = true;
                    }

                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }

                uint next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0)
                {
                    break;
                }

                need += next;
            }
        }

        if (changed)
        {
            File.WriteAllBytes(path, elf);
            Console.WriteLine($"TorchSharp compatibility: marked the {version} requirement of {path} weak (see TorchSharpCompatibility).");
        }
    }
}
