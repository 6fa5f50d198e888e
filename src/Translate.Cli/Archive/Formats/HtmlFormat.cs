using Translate.Core.Processing;

namespace Translate.Cli.Archive.Formats;

/// <summary>
/// An HTML file: its repairable text is what <c>Translate.Core.Formats.Html.HtmlTextDocument</c> extracts (block
/// elements as paragraphs), and the repaired file is that document with the result applied, edits in code points of
/// the original file (docs/ARCHIVE.md, "HTML").
/// </summary>
internal sealed class HtmlFormat : IDocumentFormat
{
    public static HtmlFormat Instance { get; } = new();

    public string Name => "html";

    // WIRE-HTML (issue 13): the two calls below are the whole HTML adapter; replace the throws with
    //   TextOf: Translate.Core.Formats.Html.HtmlTextDocument.Parse(content).Text
    //   Format: var repair = HtmlTextDocument.Parse(content).Apply(result); return new FormattedResult(repair.Html, repair.Edits);
    // Until then an HTML file fails as a document (recorded with this message, the run goes on).
    public string TextOf(string content) => throw NotWired();

    public FormattedResult Format(string content, DocumentResult result) => throw NotWired();

    private static NotSupportedException NotWired() =>
        new("HTML files need Translate.Core.Formats.Html.HtmlTextDocument, which this build does not have yet; the file was not processed.");
}
