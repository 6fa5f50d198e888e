using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>What a cleanup step changes, or would change. The server maps it to the contract by name.</summary>
public enum EditKind
{
    GluedWords = 1,
    Spacing = 2,
    Punctuation = 3,
    DoubledWord = 4,
    Untranslated = 5,
    Calque = 6,
    Rewrite = 7,
    Casing = 8,
}

/// <summary>Whether an edit's replacement is in the cleaned text. The server maps it to the contract by name.</summary>
public enum EditDisposition
{
    Applied = 1,
    Suggested = 2,
    Flagged = 3,
}

/// <summary>An edit a step proposes, in the coordinates of the text the step was given.</summary>
/// <param name="FlagOnly">True when the step found a problem but has no replacement to offer.</param>
/// <param name="Suggest">True when the edit must not be applied whatever its confidence (a guard held it back).</param>
public sealed record ProposedEdit(
    TextSpan Span,
    string Replacement,
    EditKind Kind,
    string Reason,
    double Confidence,
    string Engine,
    bool FlagOnly = false,
    bool Suggest = false);

/// <summary>An edit of the input text: the span (UTF-16, of the input), what was there and what replaces it.</summary>
public sealed record Edit(
    TextSpan Span,
    string Original,
    string Replacement,
    EditKind Kind,
    string Reason,
    double Confidence,
    string Engine,
    EditDisposition Disposition);
