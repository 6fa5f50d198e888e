namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// The adversarial set for SentencePiece: the WordPiece set plus what a SentencePiece normalizer and unigram model
/// are sensitive to (runs of spaces, NFKC-changed forms, symbols of the models' own vocabularies), as lines.
/// </summary>
internal static class SentencePieceAdversarialTexts
{
    private static readonly (string Name, string Text)[] Extra =
    [
        ("multiple spaces", "a  b   c    d"),
        ("leading and trailing spaces", "   padded text   "),
        ("tabs and spaces", " \t a \t\t b \t"),
        ("no-break and ideographic spaces", "a\u00A0b\u3000c\u2003d\u202Fe"),
        ("fullwidth forms", "ＡＢＣ　ｘｙｚ！？ ０１２３４５６７８９ ＄１００"),
        ("halfwidth katakana", "ｶﾀｶﾅ ﾃﾞｰﾀ"),
        ("compatibility characters", "㍿ ㈱ ① ⑳ Ⅻ ⅻ ℡ № ™ ㎏ ㎞ ﬀ ﬃ"),
        ("long expansion", "\uFDFA \uFDFB \u3300"),
        ("ellipsis and primes", "wait… x′ y″ z‴"),
        ("precomposed vs combining", "école e\u0301cole ÉCOLE E\u0301COLE"),
        ("hangul jamo", "\u1100\u1161\u11A8 각"),
        ("meta symbol in text", "\u2581already\u2581escaped \u2581"),
        ("user-defined symbols", "<sep>a@@b <sep> @@@ x<sep>y"),
        ("control symbols written", "<s> </s> <pad> <unk> <ctl> <mask>"),
        ("byte pieces written", "<0x41> <0xFF>"),
        ("rare characters in a row", "ꙮꙮꙮ ߷߷ ᚠᚡᚢ"),
        ("unknown runs", "ᚠᚡᚢ𓀀𓀁x𓀂"),
        ("apostrophes", "l'homme l’homme aujourd'hui"),
        ("french punctuation", "« Bonjour ! » dit-il ; puis : « Au revoir ? »"),
        ("digits", "2026 3,14 1 000 000 ¹²³"),
        ("single characters", "a"),
        ("single space", " "),
        ("single meta", "\u2581"),
        ("ukrainian", "Привіт, як справи? Їжак і ґанок."),
        ("mixed emoji text", "Bravo 👏👏 à tous 🇫🇷 !"),
        ("repeated punctuation", "!!!!???.... ----- ====="),
        ("long line of words", string.Join(' ', Enumerable.Repeat("anticonstitutionnellement", 400))),
        ("10,000 CJK characters", string.Concat(Enumerable.Repeat("漢字", 5_000))),
        ("10,000 spaces then a word", new string(' ', 10_000) + "word"),
        ("10,000 fullwidth letters", new string('Ａ', 10_000)),
    ];

    public static IReadOnlyList<(string Name, string Text)> All { get; } = [.. AdversarialTexts.All, .. Extra];

    /// <summary>Every text as lines (spm_encode reads lines), each once.</summary>
    public static IReadOnlyList<string> Lines { get; } = [.. All.SelectMany(entry => entry.Text.Split('\n'))];
}
