namespace Translate.Core.Tokenization.WordPiece.Normalizer;

/// <summary>
/// Where Hugging Face's character classes (the Rust crate unicode_categories, on an older Unicode version) differ
/// from .NET's: code points that .NET knows as assigned but that crate treats as unassigned (Cn), which
/// BertNormalizer then drops as "other".
/// </summary>
internal static class HuggingFaceUnicode
{
    public static bool IsUnassigned(int codePoint) => false;
}
