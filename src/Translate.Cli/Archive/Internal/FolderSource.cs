using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Translate.Cli.Archive.Formats;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// A folder tree of .txt, .html and .htm files, walked depth first with each folder's entries in ordinal order of
/// their names (the same order on every machine); other files are not documents. A document's id is its path
/// relative to the folder, with '/'. Only one folder's listing is held at a time.
/// </summary>
internal sealed class FolderSource(string root) : IArchiveSource
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public bool IsFolder => true;

    public string Path => root;

    public async IAsyncEnumerable<ArchiveEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long ordinal = 0;
        foreach (var (file, id, format) in Walk(new DirectoryInfo(root), prefix: ""))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ordinal++;
            byte[] bytes;
            string? readError = null;
            try
            {
                bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                (bytes, readError) = ([], $"the file cannot be read: {exception.Message}");
            }
            if (readError is not null)
            {
                yield return new ArchiveEntry(ordinal, id, format, [], null, null, readError);
                continue;
            }
            yield return new ArchiveEntry(ordinal, id, format, SHA256.HashData(bytes), Decode(bytes), null, null);
        }
    }

    public Task<long> CountAsync(Shard shard, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var (_, id, _) in Walk(new DirectoryInfo(root), prefix: ""))
        {
            cancellationToken.ThrowIfCancellationRequested();
            count += shard.Contains(id) ? 1 : 0;
        }
        return Task.FromResult(count);
    }

    /// <summary>UTF-8, its byte order mark dropped (the output is written without one).</summary>
    internal static string Decode(byte[] bytes)
    {
        var preamble = Utf8.Preamble.Length;
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? preamble : 0;
        return Utf8.GetString(bytes, start, bytes.Length - start);
    }

    private static IEnumerable<(FileInfo File, string Id, IDocumentFormat Format)> Walk(DirectoryInfo folder, string prefix)
    {
        var entries = folder.GetFileSystemInfos();
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo child)
            {
                foreach (var file in Walk(child, $"{prefix}{child.Name}/"))
                {
                    yield return file;
                }
            }
            else if (entry is FileInfo file && IDocumentFormat.ForFile(file.Name) is { } format)
            {
                yield return (file, prefix + file.Name, format);
            }
        }
    }
}
