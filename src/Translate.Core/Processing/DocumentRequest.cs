namespace Translate.Core.Processing;

/// <summary>One document to clean or summarize, as a caller gives it.</summary>
/// <param name="SourceText">The original the text was translated from, when the caller has it.</param>
/// <param name="SourceLanguage">ISO 639-1 code of <paramref name="SourceText"/>, or empty to detect it.</param>
/// <param name="TargetLanguage">ISO 639-1 code the text should be in; empty means English.</param>
public sealed record DocumentRequest(
    string Id,
    string Text,
    string? SourceText = null,
    string? SourceLanguage = null,
    string? TargetLanguage = null);

/// <summary>What the caller wants done beyond the defaults.</summary>
/// <param name="MinConfidence">Edits under this confidence are suggested, not applied; null for the server's default.</param>
/// <param name="MaxWords">Summary word limit; null for the default.</param>
/// <param name="MaxSentences">Summary sentence limit; null for the default.</param>
/// <param name="ProtectedTerms">The caller's glossary: terms cleanup must never change.</param>
public sealed record ProcessingRequestOptions(double? MinConfidence = null, int? MaxWords = null, int? MaxSentences = null, IReadOnlyList<string>? ProtectedTerms = null)
{
    public static ProcessingRequestOptions Default { get; } = new();
}
