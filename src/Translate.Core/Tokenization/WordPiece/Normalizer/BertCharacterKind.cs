namespace Translate.Core.Tokenization.WordPiece.Normalizer;

/// <summary>What BERT's normalizer and pre-tokenizer make of one code point of the input.</summary>
internal enum BertCharacterKind : byte
{
    /// <summary>Dropped without breaking the word: NUL, U+FFFD, control, format, private-use and unassigned code points, lone surrogates, and characters that are only non-spacing marks after NFD.</summary>
    Removed = 0,

    /// <summary>Ends the current word.</summary>
    Whitespace = 1,

    /// <summary>A CJK ideograph: a word of its own.</summary>
    Cjk = 2,

    /// <summary>Part of a word; normalizes to one BMP character.</summary>
    Word = 3,

    /// <summary>Punctuation (ASCII symbols or Unicode P*): a word of its own; normalizes to one BMP character.</summary>
    Punctuation = 4,

    /// <summary>Normalizes to several characters, or to a supplementary one: handled one output code point at a time.</summary>
    Sequence = 5,
}
