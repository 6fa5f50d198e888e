using Translate.Core.Processing;

namespace Translate.Cli.Archive.Formats;

/// <summary>A plain text file (and a JSONL line's "text"): the file is the text, the repaired text the file to write.</summary>
internal sealed class TextFormat : IDocumentFormat
{
    public static TextFormat Instance { get; } = new();

    public string Name => "text";

    public string TextOf(string content) => content;

    public FormattedResult Format(string content, DocumentResult result) => new(result.Text, result.Edits);
}
