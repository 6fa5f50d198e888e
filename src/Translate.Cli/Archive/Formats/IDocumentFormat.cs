using Translate.Core.Processing;

namespace Translate.Cli.Archive.Formats;

/// <summary>
/// How one kind of archive file becomes a text to repair, and how the result becomes the file to write: the only
/// part of an archive run that knows a file's format.
/// </summary>
internal interface IDocumentFormat
{
    /// <summary>The name in results.jsonl's "format": "text" or "html".</summary>
    string Name { get; }

    /// <summary>The text the service repairs, from the file's content.</summary>
    string TextOf(string content);

    /// <summary>The repaired file, and the edits in code points of <paramref name="content"/>.</summary>
    FormattedResult Format(string content, DocumentResult result);

    /// <summary>The format of a file in a folder archive, by its extension; null for a file the run does not take.</summary>
    static IDocumentFormat? ForFile(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" => TextFormat.Instance,
        ".html" or ".htm" => HtmlFormat.Instance,
        _ => null,
    };
}

/// <param name="Content">The file to write in the output tree.</param>
/// <param name="Edits">The edits, in code points of the original file.</param>
internal sealed record FormattedResult(string Content, IReadOnlyList<ReportedEdit> Edits);
