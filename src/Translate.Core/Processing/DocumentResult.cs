using Translate.Core.Cleanup;
using Translate.Core.Summarization;

namespace Translate.Core.Processing;

/// <summary>An edit in the units of the public contract: code points of the input text.</summary>
public sealed record ReportedEdit(
    int Start,
    int Length,
    string Original,
    string Replacement,
    EditKind Kind,
    string Reason,
    double Confidence,
    string Engine,
    EditDisposition Disposition);

/// <summary>A sentence of the input in code points, with its paragraph and language.</summary>
public sealed record ReportedSegment(int Start, int Length, int Paragraph, string Language, double LanguageConfidence);

/// <summary>The answer for one document.</summary>
/// <param name="Text">The cleaned text (the input itself when only a summary was asked for).</param>
/// <param name="Summary">Null when no summary was asked for.</param>
public sealed record DocumentResult(
    string Id,
    string Text,
    IReadOnlyList<ReportedEdit> Edits,
    IReadOnlyList<ReportedSegment> Segments,
    Summary? Summary);
