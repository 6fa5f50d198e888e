using System.Text.Json;
using Translate.Core.Cleanup;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// The index's table data, written as it comes in chunk scripts of <see cref="ChunkSize"/> rows
/// (data/rows-0000.js, ...): the index loads them with script tags, which work from file:// where fetch() does not.
/// A row is [id, page, format, failed (0|1), applied, suggested, flagged, kinds (one bit a kind)].
/// </summary>
internal sealed class IndexRows(DirectoryInfo dataDirectory)
{
    public const int ChunkSize = 500;

    private static readonly byte[] Prefix = "(window.reportRows = window.reportRows || []).push("u8.ToArray();
    private static readonly byte[] Suffix = ");\n"u8.ToArray();

    private readonly List<Row> _pending = new(ChunkSize);

    public int Chunks { get; private set; }

    public static string ChunkName(int chunk) => $"rows-{chunk:D4}.js";

    public async Task AddAsync(ReportDocument document, string page, CancellationToken cancellationToken)
    {
        var kinds = 0;
        int applied = 0, suggested = 0, flagged = 0;
        foreach (var edit in document.Edits)
        {
            kinds |= EditKinds.Bit(edit.Kind);
            _ = edit.Disposition switch
            {
                EditDisposition.Applied => applied++,
                EditDisposition.Suggested => suggested++,
                _ => flagged++,
            };
        }
        _pending.Add(new Row(document.Id, page, document.Format, document.Error is not null, applied, suggested, flagged, kinds));
        if (_pending.Count == ChunkSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        await using var file = new FileStream(Path.Combine(dataDirectory.FullName, ChunkName(Chunks)), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await file.WriteAsync(Prefix, cancellationToken);
        // The default encoder escapes <, >, &, quotes and non-ASCII: the script holds data, never markup.
        await using (var json = new Utf8JsonWriter(file))
        {
            json.WriteStartArray();
            foreach (var row in _pending)
            {
                json.WriteStartArray();
                json.WriteStringValue(row.Id);
                json.WriteStringValue(row.Page);
                json.WriteStringValue(row.Format);
                json.WriteNumberValue(row.Failed ? 1 : 0);
                json.WriteNumberValue(row.Applied);
                json.WriteNumberValue(row.Suggested);
                json.WriteNumberValue(row.Flagged);
                json.WriteNumberValue(row.Kinds);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            await json.FlushAsync(cancellationToken);
        }
        await file.WriteAsync(Suffix, cancellationToken);
        _pending.Clear();
        Chunks++;
    }

    private readonly record struct Row(string Id, string Page, string Format, bool Failed, int Applied, int Suggested, int Flagged, int Kinds);
}
