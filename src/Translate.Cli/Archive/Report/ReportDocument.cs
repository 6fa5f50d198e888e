using Translate.Core.Processing;

namespace Translate.Cli.Archive.Report;

/// <summary>One document of an archive run, as the report shows it.</summary>
/// <param name="Id">The document's id: a JSONL id or a relative path; any text (the report escapes it and names its page by hash).</param>
/// <param name="Format">"jsonl", "text" or "html"; an "html" document's source is shown as escaped text, never rendered.</param>
/// <param name="Original">The input text (for "html", the original file).</param>
/// <param name="Output">The repaired text or file; empty for a failed document.</param>
/// <param name="Edits">Edits in code points of <paramref name="Original"/>.</param>
/// <param name="Summary">Null when none was made.</param>
/// <param name="Error">Null unless the document failed.</param>
internal sealed record ReportDocument(
    string Id,
    string Format,
    string Original,
    string Output,
    IReadOnlyList<ReportedEdit> Edits,
    string? Summary,
    string? Error);
