using System.Globalization;
using System.Text;

namespace Translate.Core.Tokenization.WordPiece.Normalizer;

/// <summary>
/// Hugging Face's BertNormalizer (clean_text, handle_chinese_chars, strip_accents, lowercase) and the character
/// classes of its BertPreTokenizer, decided once per code point: the Basic Multilingual Plane is a table built once
/// per process (about 70 ms with JIT on the 2-core development box), supplementary code points are classified when met.
/// </summary>
/// <remarks>
/// Hugging Face applies, to the whole text: drop NUL, U+FFFD and "other" (Cc except tab/CR/LF, Cf, Co, Cs);
/// whitespace to a space; spaces around CJK ideographs; NFD; drop non-spacing marks (Mn); lower-case; then split
/// on whitespace and on punctuation. Per code point this is the same, because NFD only reorders non-spacing marks
/// and those are dropped (the exceptions, spacing marks with a combining class, are listed in docs/TOKENIZATION.md).
/// </remarks>
internal sealed class BertNormalizer
{
    private const int KindShift = 24;
    private const uint PayloadMask = (1u << KindShift) - 1;

    // Longest NFD of one code point is 4 code points (U+1F82 and its kin); 8 leaves room, 16 UTF-16 units for them.
    private const int MaxDecompositionLength = 8;
    private const int MaxNormalizedLength = 2 * MaxDecompositionLength;

    private readonly uint[] _bmp = new uint[char.MaxValue + 1];
    private readonly string[] _sequences;

    private BertNormalizer()
    {
        var sequences = new List<string>();
        Span<char> output = stackalloc char[MaxNormalizedLength];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                _bmp[c] = Pack(BertCharacterKind.Removed, 0); // a lone surrogate; pairs never reach the table
                continue;
            }
            var kind = Classify(c, output, out var length);
            if (kind is BertCharacterKind.Removed or BertCharacterKind.Whitespace)
            {
                _bmp[c] = Pack(kind, 0);
            }
            else if (length == 1 && kind != BertCharacterKind.Sequence)
            {
                _bmp[c] = Pack(kind, output[0]);
            }
            else
            {
                _bmp[c] = Pack(BertCharacterKind.Sequence, (uint)sequences.Count);
                sequences.Add(new string(output[..length]));
            }
        }
        _sequences = [.. sequences];
    }

    /// <summary>The one table, shared by every tokenizer: it depends on Unicode, not on the vocabulary.</summary>
    public static BertNormalizer Instance { get; } = new();

    /// <summary>The packed entry of a BMP character: kind in the high byte, the normalized character or sequence index below.</summary>
    public uint this[char c] => _bmp[c];

    public static BertCharacterKind KindOf(uint entry) => (BertCharacterKind)(entry >> KindShift);

    public static char CharOf(uint entry) => (char)(entry & PayloadMask);

    public string SequenceOf(uint entry) => _sequences[entry & PayloadMask];

    /// <summary>True when a normalized code point is punctuation to the pre-tokenizer (ASCII symbols or Unicode P*).</summary>
    public static bool IsPunctuation(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return codePoint is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126);
        }
        return HuggingFaceUnicode.GetCategory(codePoint) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK blocks of Hugging Face's BertNormalizer (normalizers/bert.rs, is_chinese_char).</summary>
    public static bool IsCjk(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>
    /// Classifies one code point and writes what it normalizes to (NFD, non-spacing marks dropped, lower-cased) into
    /// <paramref name="output"/> (at least 16 characters). Punctuation and CJK come out as a single code point.
    /// </summary>
    public static BertCharacterKind Classify(int codePoint, Span<char> output, out int length)
    {
        length = 0;
        if (codePoint is 0 or 0xFFFD || IsOther(codePoint))
        {
            return BertCharacterKind.Removed;
        }
        if (codePoint is '\t' or '\n' or '\r' || Rune.IsWhiteSpace(new Rune(codePoint)))
        {
            return BertCharacterKind.Whitespace;
        }
        Span<int> decomposed = stackalloc int[MaxDecompositionLength];
        var decomposedLength = CanonicalDecompositions.Decompose(codePoint, decomposed);
        var punctuation = 0;
        var count = 0;
        foreach (var part in decomposed[..decomposedLength])
        {
            if (IsNonSpacingMark(part))
            {
                continue;
            }
            var lower = Rune.ToLowerInvariant(new Rune(part));
            length += lower.EncodeToUtf16(output[length..]);
            count++;
            if (IsPunctuation(lower.Value))
            {
                punctuation++;
            }
        }
        if (count == 0)
        {
            return BertCharacterKind.Removed;
        }
        if (IsCjk(codePoint))
        {
            return BertCharacterKind.Cjk; // one ideograph out (compatibility ideographs decompose to one)
        }
        if (count > 1 || length > 1)
        {
            return BertCharacterKind.Sequence;
        }
        return punctuation == 1 ? BertCharacterKind.Punctuation : BertCharacterKind.Word;
    }

    // Hugging Face's is_control: Cc (tab, CR and LF excepted, they are whitespace), Cf, Co, Cs. Unassigned (Cn) stays.
    private static bool IsOther(int codePoint) =>
        codePoint is not ('\t' or '\n' or '\r')
        && HuggingFaceUnicode.GetCategory(codePoint) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    private static bool IsNonSpacingMark(int codePoint) => HuggingFaceUnicode.GetCategory(codePoint) == UnicodeCategory.NonSpacingMark;

    private static uint Pack(BertCharacterKind kind, uint payload) => ((uint)kind << KindShift) | payload;
}
