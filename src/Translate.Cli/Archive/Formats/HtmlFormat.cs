using Translate.Core.Formats.Html;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Formats;

/// <summary>
/// An HTML file: its repairable text is what <see cref="HtmlTextDocument"/> extracts (block elements as paragraphs),
/// and the repaired file is that document with the result applied, edits in code points of the original file
/// (docs/ARCHIVE.md, "HTML"). Every byte of markup is kept.
/// </summary>
internal sealed class HtmlFormat : IDocumentFormat
{
    public static HtmlFormat Instance { get; } = new();

    public string Name => "html";

    public string TextOf(string content) => HtmlTextDocument.Parse(content).Text;

    public FormattedResult Format(string content, DocumentResult result)
    {
        var repair = HtmlTextDocument.Parse(content).Apply(result);
        return new FormattedResult(repair.Html, repair.Edits);
    }
}
