using Translate.Cli.Archive.Formats;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Internal;

/// <summary>One document of the input as read, before any processing.</summary>
/// <param name="Ordinal">Its place in the input: the line number of a JSONL line, the walk's count for a file.</param>
/// <param name="Id">The JSONL line's "id" (line-N when it has none or cannot be read); a file's path relative to the input folder, with '/'.</param>
/// <param name="InputHash">SHA-256 of the line's or the file's bytes: a changed input is redone.</param>
/// <param name="Original">The text or the file's content; null when it could not be read.</param>
/// <param name="Line">The JSONL line's fields; null for a file.</param>
/// <param name="ReadError">Why the document cannot be processed as read (a line that is not JSON, a file that cannot be read).</param>
internal sealed record ArchiveEntry(long Ordinal, string Id, IDocumentFormat Format, byte[] InputHash, string? Original, InputFields? Line, string? ReadError)
{
    /// <summary>The request to send; throws when the format cannot make one (the document then fails).</summary>
    public DocumentRequest ToRequest() => Line is { } line
        ? new DocumentRequest(Id, Original ?? string.Empty, line.SourceText, line.SourceLanguage, line.TargetLanguage)
        : new DocumentRequest(Id, Format.TextOf(Original ?? string.Empty));
}

/// <summary>The fields of a JSONL line beside its id and text.</summary>
internal sealed record InputFields(string? SourceText, string? SourceLanguage, string? TargetLanguage);
