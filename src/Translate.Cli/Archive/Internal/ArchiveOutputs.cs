using System.Text;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// Writes the outputs from the ledger, in input order: the JSONL output (or the folder's results.jsonl) written
/// whole to a scratch file and renamed over the old one, so a reader sees the previous complete file or the new
/// one, never part of either. With decisions, the documents they name are rewritten too.
/// </summary>
internal static class ArchiveOutputs
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<OutputCounts> MaterializeAsync(
        IArchiveSource source, ArchiveLayout layout, Ledger ledger, Shard shard, byte[]? settingsHash, ArchiveDecisions? decisions, CancellationToken cancellationToken)
    {
        var counts = new OutputCounts();
        await layout.WriteAtomicallyAsync(layout.ResultsPath, async stream =>
        {
            await using var writer = new StreamWriter(stream, Utf8, 1 << 16);
            await foreach (var document in FinishedDocuments.ReadAsync(source, ledger, shard, settingsHash, decisions, cancellationToken).ConfigureAwait(false))
            {
                switch (document.State)
                {
                    case DocumentState.NotDone:
                        counts.NotDone++;
                        continue;
                    case DocumentState.Failed:
                        counts.Failed++;
                        break;
                    default:
                        counts.Ok++;
                        break;
                }
                if (layout.IsFolder && document.Rewritten is { } rewritten)
                {
                    await WriteFileAsync(layout, layout.FileOf(document.Entry.Id), rewritten).ConfigureAwait(false);
                    counts.Rewritten++;
                }
                else if (document.Rewritten is not null)
                {
                    counts.Rewritten++;
                }
                await writer.WriteAsync(document.Line).ConfigureAwait(false);
                await writer.WriteAsync('\n').ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return counts;
    }

    /// <summary>One output file of a folder archive, in place whole or not at all.</summary>
    public static Task WriteFileAsync(ArchiveLayout layout, string path, string content) =>
        layout.WriteAtomicallyAsync(path, async stream =>
        {
            var bytes = Utf8.GetBytes(content);
            await stream.WriteAsync(bytes).ConfigureAwait(false);
        });
}

/// <summary>What the written outputs hold.</summary>
internal sealed class OutputCounts
{
    public long Ok { get; set; }

    public long Failed { get; set; }

    /// <summary>Documents of the input (this shard) not finished yet: their lines are left out until a run finishes them.</summary>
    public long NotDone { get; set; }

    /// <summary>Documents rewritten for the decisions.</summary>
    public long Rewritten { get; set; }
}
