using System.Globalization;

namespace Translate.Core.Tokenization.WordPiece.Normalizer;

/// <summary>
/// NFD of one code point, from a table generated out of the Unicode Character Database: the project runs with
/// invariant globalization, where string.Normalize leaves non-ASCII text as it is.
/// </summary>
internal static partial class CanonicalDecompositions
{
    // Hangul syllables decompose by rule (Unicode chapter 3.12), not by table.
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = 19 * NCount;

    private static readonly Dictionary<int, int[]> Table = Parse();

    /// <summary>Writes the full canonical decomposition of <paramref name="codePoint"/> (itself when it has none); returns its length.</summary>
    public static int Decompose(int codePoint, Span<int> output)
    {
        var s = codePoint - SBase;
        if ((uint)s < SCount)
        {
            output[0] = LBase + s / NCount;
            output[1] = VBase + s % NCount / TCount;
            var t = s % TCount;
            if (t == 0)
            {
                return 2;
            }
            output[2] = TBase + t;
            return 3;
        }
        if (Table.TryGetValue(codePoint, out var decomposition))
        {
            decomposition.CopyTo(output);
            return decomposition.Length;
        }
        output[0] = codePoint;
        return 1;
    }

    private static Dictionary<int, int[]> Parse()
    {
        var table = new Dictionary<int, int[]>(2100);
        foreach (var entry in Data.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            var source = int.Parse(entry.AsSpan(0, equals), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            table[source] = Array.ConvertAll(entry[(equals + 1)..].Split(' '), part => int.Parse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        return table;
    }
}
