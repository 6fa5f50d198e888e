using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Translate.Cli.Internal;

namespace Translate.Cli.Archive.Internal;

/// <summary>Where a document of the input stands in the ledger.</summary>
internal enum DocumentState
{
    Ok,
    Failed,
    /// <summary>Not finished with this input and these settings: the run was stopped before it, or it is in another shard's run.</summary>
    NotDone,
}

/// <summary>A document of the input with what the ledger holds for it.</summary>
/// <param name="Line">The output line (JSONL) or the results.jsonl line (folder), decisions applied; null when not done.</param>
/// <param name="Rewritten">The output text rebuilt without the rejected edits; null when no decision names the document.</param>
internal sealed record FinishedDocument(ArchiveEntry Entry, DocumentState State, string? Error, string? Line, string? Rewritten);

/// <summary>
/// The input's documents in input order, each joined with its ledger row: what the outputs, the decisions and the
/// report are made from. Streamed: one document at a time beside the ids seen (to find duplicates).
/// </summary>
internal static class FinishedDocuments
{
    /// <param name="settingsHash">Rows made with other settings count as not done; null to take a row whatever its settings.</param>
    public static async IAsyncEnumerable<FinishedDocument> ReadAsync(
        IArchiveSource source, Ledger ledger, Shard shard, byte[]? settingsHash, ArchiveDecisions? decisions,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = new DuplicateIds();
        await foreach (var entry in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!shard.Contains(entry.Id))
            {
                continue;
            }
            if (ids.Duplicate(entry) is { } duplicate)
            {
                yield return new FinishedDocument(entry, DocumentState.Failed, duplicate, FailedLine(entry, duplicate, source.IsFolder), null);
                continue;
            }
            var row = ledger.Find(entry.Id);
            if (row is null || !row.Matches(entry, settingsHash))
            {
                yield return new FinishedDocument(entry, DocumentState.NotDone, null, null, null);
            }
            else if (!row.Ok)
            {
                yield return new FinishedDocument(entry, DocumentState.Failed, row.Error, FailedLine(entry, row.Error!, source.IsFolder), null);
            }
            else if (decisions is not null && entry.Original is { } original)
            {
                var line = JsonNode.Parse(row.Result!)!.AsObject();
                var rewritten = decisions.Apply(entry.Id, line, original);
                if (rewritten is not null && !source.IsFolder)
                {
                    line["text"] = rewritten;
                }
                yield return new FinishedDocument(entry, DocumentState.Ok, null, rewritten is null ? row.Result : line.ToJsonString(CliJson.Options), rewritten);
            }
            else
            {
                yield return new FinishedDocument(entry, DocumentState.Ok, null, row.Result, null);
            }
        }
    }

    /// <summary>A failed document's line: <c>{"id","error"}</c> in JSONL output, <c>{"id","format","error"}</c> in results.jsonl.</summary>
    public static string FailedLine(ArchiveEntry entry, string error, bool folder) => folder
        ? JsonSerializer.Serialize(new { id = entry.Id, format = entry.Format.Name, error }, CliJson.Options)
        : JsonSerializer.Serialize(new { id = entry.Id, error }, CliJson.Options);
}

/// <summary>
/// The first occurrence of an id is the document; a later line with the same id fails as a duplicate (it would
/// overwrite the first in the ledger and in the output). Holds the ids seen: tens of bytes a document.
/// </summary>
internal sealed class DuplicateIds
{
    private readonly Dictionary<string, long> _first = new(StringComparer.Ordinal);

    /// <summary>The error for a duplicate, or null for the first occurrence.</summary>
    public string? Duplicate(ArchiveEntry entry) => _first.TryAdd(entry.Id, entry.Ordinal)
        ? null
        : $"duplicate id '{entry.Id}': line {_first[entry.Id]} has the same id and is the one processed; give every document its own id.";
}
