using System.Text;

namespace Translate.Core.Tests.Tokenization;

/// <summary>Texts chosen to break a BERT tokenizer: accents, symbols, CJK, emoji, control characters, lone surrogates, very long words, empty lines.</summary>
internal static class AdversarialTexts
{
    public static IReadOnlyList<(string Name, string Text)> All { get; } =
    [
        ("french accents", "Crème brûlée à la française, où l'on mangeait déjà ça."),
        ("capital accents", "ÀÉÎÕÜ ÇŒÆ àéîõü çœæ"),
        ("diaeresis", "naïve coöperate façade Noël"),
        ("turkish dotted I", "İstanbul ıi İ"),
        ("angstrom sign", "\u212B \u00C5 A\u030A"),
        ("combining accents", "e\u0301te\u0301 cafe\u0301 a\u0300\u0327\u0308"),
        ("fullwidth", "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３"),
        ("sharp s", "Straße STRASSE ẞ"),
        ("ligatures", "ﬁnance ﬂow Œuvre"),
        ("greek", "Ἀθῆναι ΣΊΣΥΦΟΣ σίσυφος ς"),
        ("vietnamese", "Tiếng Việt có dấu"),
        ("cyrillic", "Москва ЁЛКА ёлка"),
        ("arabic with harakat", "مَرْحَبًا بِكُمْ"),
        ("hebrew with niqqud", "שָׁלוֹם"),
        ("devanagari", "हिन्दी भाषा"),
        ("thai", "ภาษาไทย"),
        ("hangul", "한국어 텍스트 각"),
        ("currency", "$5 €10 ¢ £3 ¥4 ₹5 ₽6 ₿7 ₩8 US$1,000.50"),
        ("math", "a=b+c <x> |y| ≤ ≥ ≠ ± × ÷ ∑ ∫ √ ∞ ∂ ∇ ∈ ⊂"),
        ("superscripts", "x² + y³ = z⁴ ½ ¼ ¾ H₂O"),
        ("cjk chinese", "中文分词测试，很好。"),
        ("cjk japanese", "日本語のテキスト、カタカナとひらがな。"),
        ("cjk extension b", "𠀀𠀁𪜀 and 𫝀"),
        ("cjk compatibility", "豈更車 \uFACF \uFA6C 丽"),
        ("emoji", "I love it 😀😃 👍🏽"),
        ("zwj family", "👨‍👩‍👧‍👦 family 👩🏽‍💻"),
        ("flags", "🇫🇷🇬🇧 drapeaux"),
        ("variation selector", "❤️ ☺︎ 1️⃣"),
        ("tag sequence", "🏴󠁧󠁢󠁥󠁮󠁧󠁿 England"),
        ("newer emoji", "🤯 🥲 🫠 🪿"),
        ("nul", "a\u0000b \u0000"),
        ("tabs and newlines", "tab\tnew\nline\r\nret\rurn"),
        ("vertical tab and form feed", "a\u000Bb\u000Cc"),
        ("next line", "a\u0085b"),
        ("zero width", "zero\u200Bwidth \u200C\u200D joiner"),
        ("soft hyphen", "co\u00ADoperate"),
        ("line separators", "a\u2028b\u2029c"),
        ("byte order mark", "\uFEFFstart"),
        ("bidi overrides", "\u202Eevil\u202C text \u2066iso\u2069"),
        ("replacement character", "bad \uFFFD byte\uFFFDhere"),
        ("bell and ansi", "\u0007bell \u001B[0m reset"),
        ("private use", "\uE000 private \uF8FF"),
        ("noncharacters", "\uFFFE \uFFFF x\uFDD0y"),
        ("unassigned and new", "\u0378 \u061D \u0890x \u08CA"),
        ("lone high surrogate", "a\uD800b"),
        ("lone low surrogate", "\uDC00start"),
        ("trailing high surrogate", "end \uD83D"),
        ("split pair", "😀 split \uD83D x \uDE00"),
        ("10,000-character word", new string('a', 10_000)),
        ("10,000 accented characters", string.Concat(Enumerable.Repeat("é", 10_000))),
        ("10,000 emoji", string.Concat(Enumerable.Repeat("😀", 10_000))),
        ("100-character word", new string('b', 100)),
        ("101-character word", new string('b', 101)),
        ("100 characters and a mark", new string('c', 100) + "\u0301"),
        ("101 characters with a removed one", new string('d', 50) + "\u200B" + new string('d', 50)),
        ("word of 100 hangul jamo", string.Concat(Enumerable.Repeat("각", 34))),
        ("long words in a sentence", "The " + new string('x', 150) + " and " + new string('y', 99) + " end."),
        ("empty", ""),
        ("spaces", "   "),
        ("empty lines", "\n\n\r\n\n"),
        ("special tokens", "[CLS] text [SEP] [PAD][MASK]x[UNK]"),
        ("special tokens lower case", "[cls] [sep] [Mask]"),
        ("special tokens nested", "[[SEP]] [SEP [SEP]x"),
        ("quotes", "«Bonjour» “quoted” ‘single’ „low“ ‹›"),
        ("dashes and ellipsis", "—dash– … ‐hyphen‑"),
        ("spanish marks", "¿Qué? ¡Sí!"),
        ("web", "C++ #hashtag @user email@example.com http://x.y/z?q=1&r=2"),
        ("numbers", "3.14 1,000,000 10:30 2026-11-27 #1"),
        ("ascii punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
        ("mixed scripts", "Paris Париж 巴黎 パリ باريس"),
        ("greek varia", "\u1FEF \u1FED \u1FFD \u0387"),
        ("musical symbols", "\U0001D15E \U0001D160 \U0001D165\U0001D16D"),
        ("deseret", "\U00010400\U00010401 mixed"),
        ("all whitespace kinds", "a\u00A0b\u2000c\u3000d\u1680e\u202Ff"),
    ];

    /// <summary>The text as UTF-8 would carry it: each lone surrogate becomes U+FFFD.</summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }
        return builder.ToString();
    }
}
