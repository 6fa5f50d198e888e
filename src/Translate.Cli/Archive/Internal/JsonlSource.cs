using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Translate.Cli.Archive.Formats;
using Translate.Cli.Internal;

namespace Translate.Cli.Archive.Internal;

/// <summary>A JSONL archive: one <c>{"id","text","source_text"?,...}</c> a line; blank lines are not documents.</summary>
internal sealed class JsonlSource(string path) : IArchiveSource
{
    public bool IsFolder => false;

    public string Path => path;

    public async IAsyncEnumerable<ArchiveEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse(line, lineNumber);
            }
        }
    }

    public async Task<long> CountAsync(Shard shard, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var entry in ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            count += shard.Contains(entry.Id) ? 1 : 0;
        }
        return count;
    }

    internal static ArchiveEntry Parse(string line, long lineNumber)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(line));
        var fallbackId = $"line-{lineNumber}";
        try
        {
            var document = JsonSerializer.Deserialize<InputDocument>(line, CliJson.Options);
            if (document is null)
            {
                return new ArchiveEntry(lineNumber, fallbackId, TextFormat.Instance, hash, null, null, $"line {lineNumber} is JSON null, not a document object");
            }
            var id = string.IsNullOrEmpty(document.Id) ? fallbackId : document.Id;
            return new ArchiveEntry(lineNumber, id, TextFormat.Instance, hash, document.Text ?? string.Empty,
                new InputFields(document.SourceText, document.SourceLanguage, document.TargetLanguage), null);
        }
        catch (JsonException exception)
        {
            return new ArchiveEntry(lineNumber, fallbackId, TextFormat.Instance, hash, null, null, $"line {lineNumber} is not a JSON document object: {exception.Message}");
        }
    }
}
