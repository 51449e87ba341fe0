using System;
using System.Text;

namespace AdGen.Generator.Helpers;

/// <summary>An indented text writer for generated C#; one call per line keeps the output one statement a line.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();

    public int Indentation { get; set; }

    public void WriteLine(string line)
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return;
        }

        for (int i = 0; i < Indentation; i++)
        {
            _text.Append(IndentUnit);
        }

        _text.Append(line).Append('\n');
    }

    public void WriteLine() => _text.Append('\n');

    /// <summary>Writes text that may span several lines, indenting each line.</summary>
    public void WriteBlock(string text)
    {
        foreach (string line in text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n'))
        {
            WriteLine(line);
        }
    }

    public void OpenBrace()
    {
        WriteLine("{");
        Indentation++;
    }

    public void CloseBrace(string suffix = "")
    {
        Indentation--;
        WriteLine("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
