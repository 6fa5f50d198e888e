using System.Globalization;

namespace Translate.Core.Tokenization.WordPiece.Normalizer;

/// <summary>
/// General categories as Hugging Face's BertNormalizer and BertPreTokenizer see them: the Rust crate
/// unicode_categories holds Unicode 8.0, so a character assigned later is unassigned to them (kept as a letter:
/// never dropped, never a mark, never punctuation), and the few characters that changed category since keep
/// their 8.0 one. Found by comparing every code point with Hugging Face (EveryCodePointTests).
/// </summary>
internal static partial class HuggingFaceUnicode
{
    public static UnicodeCategory GetCategory(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return CharUnicodeInfo.GetUnicodeCategory(codePoint);
        }
        if (!IsAssignedInUnicode8(codePoint))
        {
            return UnicodeCategory.OtherNotAssigned;
        }
        return codePoint switch
        {
            0x1885 or 0x1886 => UnicodeCategory.OtherLetter, // Mongolian Ali Gali baluda: Mn since Unicode 9.0
            0xA9BD => UnicodeCategory.SpacingCombiningMark, // Javanese consonant sign keret: Mn since 12.0
            0x111C9 => UnicodeCategory.OtherPunctuation, // Sharada sandhi mark: Mn since 9.0
            0x166D => UnicodeCategory.OtherPunctuation, // Canadian syllabics chi sign: So since 12.0
            0x1734 => UnicodeCategory.NonSpacingMark, // Hanunoo sign pamudpod: Mc since 14.0
            0x1171E => UnicodeCategory.NonSpacingMark, // Ahom consonant sign medial ra: Mc since 11.0
            _ => CharUnicodeInfo.GetUnicodeCategory(codePoint),
        };
    }

    private static bool IsAssignedInUnicode8(int codePoint)
    {
        var ranges = AssignedRanges;
        // Binary search over [first, last] pairs.
        int low = 0, high = ranges.Length / 2 - 1;
        while (low <= high)
        {
            var middle = (low + high) >> 1;
            if (codePoint < ranges[2 * middle])
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[2 * middle + 1])
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
