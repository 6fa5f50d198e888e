namespace Translate.Core.Text;

/// <summary>
/// Converts UTF-16 offsets of one string to Unicode code point offsets, the unit of the public contract.
/// Texts without surrogate pairs (nearly all news) convert by identity, without a table.
/// </summary>
public sealed class CodePointMap
{
    // For each surrogate pair, the UTF-16 offset of its low surrogate; offsets after it lose one per pair.
    private readonly int[] _lowSurrogateOffsets;

    public CodePointMap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<int>? lows = null;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                (lows ??= []).Add(i + 1);
                i++;
            }
        }
        _lowSurrogateOffsets = lows?.ToArray() ?? [];
        CodePointLength = ToCodePoints(text.Length);
    }

    public int CodePointLength { get; }

    /// <summary>The code point offset of a UTF-16 offset (an offset inside a pair counts as its start).</summary>
    public int ToCodePoints(int utf16Offset)
    {
        if (_lowSurrogateOffsets.Length == 0)
        {
            return utf16Offset;
        }
        // Number of low surrogates strictly before the offset, plus one if the offset points at a low surrogate.
        var index = Array.BinarySearch(_lowSurrogateOffsets, utf16Offset);
        var before = index >= 0 ? index + 1 : ~index;
        return utf16Offset - before;
    }

    /// <summary>Converts a UTF-16 span to (start, length) in code points.</summary>
    public (int Start, int Length) ToCodePoints(TextSpan span)
    {
        var start = ToCodePoints(span.Start);
        return (start, ToCodePoints(span.End) - start);
    }

    /// <summary>Counts code points in a string.</summary>
    public static int CountCodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }
}
