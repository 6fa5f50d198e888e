using Translate.Core.Processing;
using Translate.Core.Summarization;

namespace Translate.Core.Formats.Html;

/// <summary>A page repaired in place.</summary>
/// <param name="Html">The original page with the applied edits; every other character as it was.</param>
/// <param name="Edits">
/// Every edit of the result, in code points of the original page, in page order: <see cref="ReportedEdit.Original"/> is
/// the page's text there (entities and markup as written) and <see cref="ReportedEdit.Replacement"/> what goes there,
/// escaped for HTML. An edit that crosses markup is flagged and not applied.
/// </param>
/// <param name="Summary">The result's summary, of the repaired text; null when none was asked for.</param>
public sealed record HtmlRepair(string Html, IReadOnlyList<ReportedEdit> Edits, Summary? Summary);
