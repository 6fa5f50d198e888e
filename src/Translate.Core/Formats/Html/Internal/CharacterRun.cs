using AngleSharp.Dom;

namespace Translate.Core.Formats.Html.Internal;

/// <summary>
/// One character token of the source, as the tokenizer read it: its source range and its decoded data (entities
/// decoded, CR LF read as LF). Which source characters each data character came from is worked out on first use.
/// </summary>
internal sealed class CharacterRun(int sourceStart, int sourceEnd, string data)
{
    // Longest named reference the tokenizer tries (the longest name in the HTML table is 32 characters).
    private const int MaxReferenceName = 32;

    private int[]? _starts;
    private int[]? _ends;

    public int SourceStart { get; } = sourceStart;

    public int SourceEnd { get; } = sourceEnd;

    public string Data { get; } = data;

    /// <summary>How many data characters text nodes have claimed, from the start.</summary>
    public int Consumed { get; set; }

    public bool IsOpen => Consumed < Data.Length;

    /// <summary>
    /// The source range [start, end) of data character <paramref name="index"/>, or (-1, -1) when the data could not
    /// be aligned with the source character by character (the run's text then cannot be repaired in place).
    /// </summary>
    public (int Start, int End) SourceOf(string source, int index, IEntityProvider entities)
    {
        if (_starts is null)
        {
            _starts = new int[Data.Length];
            _ends = new int[Data.Length];
            if (!Align(source, entities))
            {
                Array.Fill(_starts, -1);
                Array.Fill(_ends, -1);
            }
        }
        return (_starts[index], _ends![index]);
    }

    /// <summary>Walks source and data together; every data character must be what its source characters decode to.</summary>
    private bool Align(string source, IEntityProvider entities)
    {
        var i = SourceStart;
        var j = 0;
        while (j < Data.Length)
        {
            if (i >= SourceEnd)
            {
                return false;
            }
            var c = source[i];
            int chars, length;
            if (c == '\r')
            {
                (chars, length) = Data[j] == '\n' ? (1, i + 1 < SourceEnd && source[i + 1] == '\n' ? 2 : 1) : (0, 0);
            }
            else if (c == '&')
            {
                (chars, length) = Reference(source, i, j, entities);
            }
            else
            {
                (chars, length) = Data[j] == c || (c == '\0' && Data[j] == '\uFFFD') ? (1, 1) : (0, 0);
            }
            if (chars == 0)
            {
                return false;
            }
            for (var k = j; k < j + chars; k++)
            {
                _starts![k] = i;
                _ends![k] = i + length;
            }
            j += chars;
            i += length;
        }
        return true;
    }

    /// <summary>
    /// The (data characters, source characters) of the character reference or bare ampersand at source offset
    /// <paramref name="i"/>, read as the HTML tokenizer reads one in text; (0, 0) when the data says otherwise.
    /// </summary>
    private (int Chars, int Length) Reference(string source, int i, int j, IEntityProvider entities)
    {
        var rest = Data.AsSpan(j);
        if (i + 1 < SourceEnd && source[i + 1] == '#')
        {
            var k = i + 2;
            var hex = k < SourceEnd && (source[k] | 0x20) == 'x';
            if (hex)
            {
                k++;
            }
            var digits = k;
            while (k < SourceEnd && (hex ? char.IsAsciiHexDigit(source[k]) : char.IsAsciiDigit(source[k])))
            {
                k++;
            }
            if (k > digits)
            {
                if (k < SourceEnd && source[k] == ';')
                {
                    k++;
                }
                // A numeric reference is one code point, whatever its value (invalid ones become U+FFFD).
                var chars = rest.Length > 1 && char.IsSurrogatePair(rest[0], rest[1]) ? 2 : 1;
                return (chars, k - i);
            }
        }
        else
        {
            var end = i + 1;
            while (end < SourceEnd && end - i <= MaxReferenceName && char.IsAsciiLetterOrDigit(source[end]))
            {
                end++;
            }
            var name = source.AsSpan(i + 1, end - i - 1);
            if (end < SourceEnd && source[end] == ';' && entities.GetSymbol(string.Concat(name, ";")) is { } symbol && rest.StartsWith(symbol))
            {
                return (symbol.Length, end + 1 - i);
            }
            // Without its semicolon only a legacy name counts, the longest that prefixes what follows.
            for (var length = name.Length; length > 0; length--)
            {
                if (entities.GetSymbol(name[..length].ToString()) is { } legacy && rest.StartsWith(legacy))
                {
                    return (legacy.Length, 1 + length);
                }
            }
        }
        return rest[0] == '&' ? (1, 1) : (0, 0);
    }
}
