using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Translate.Cli.Archive.Internal;
using Translate.Cli.Internal;
using Translate.Core.Processing;

namespace Translate.Cli.Archive;

/// <summary>
/// One document as the review report shows it (the fields of <c>Translate.Cli.Archive.Report.ReportDocument</c>):
/// the original file or text, the output, the edits in code points of the original, the summary, or the error.
/// </summary>
internal sealed record ArchivedDocument(string Id, string Format, string Original, string Output, IReadOnlyList<ReportedEdit> Edits, string? Summary, string? Error);

/// <summary>The documents of an archive's outputs in input order, for the report: streamed, one document at a time.</summary>
internal static class ArchiveReportDocuments
{
    /// <summary>
    /// Every finished document of the input (this shard), from the ledger and the input; documents not done are
    /// left out, as they are from the outputs. Edits a decision rejected are left out (the output no longer has them).
    /// </summary>
    public static async IAsyncEnumerable<ArchivedDocument> ReadAsync(
        IArchiveSource source, ArchiveLayout layout, Ledger ledger, Shard shard, byte[]? settingsHash, ArchiveDecisions? decisions,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var document in FinishedDocuments.ReadAsync(source, ledger, shard, settingsHash, decisions, cancellationToken).ConfigureAwait(false))
        {
            var entry = document.Entry;
            var original = entry.Original ?? string.Empty;
            switch (document.State)
            {
                case DocumentState.NotDone:
                    continue;
                case DocumentState.Failed:
                    yield return new ArchivedDocument(entry.Id, entry.Format.Name, original, string.Empty, [], null, document.Error);
                    continue;
            }
            var line = JsonNode.Parse(document.Line!)!.AsObject();
            var output = layout.IsFolder
                ? document.Rewritten ?? await File.ReadAllTextAsync(layout.FileOf(entry.Id), cancellationToken).ConfigureAwait(false)
                : (string)line["text"]!;
            var edits = line["edits"] is JsonArray array
                ? array.OfType<JsonObject>()
                    .Where(edit => (string?)edit["disposition"] != "rejected")
                    .Select(edit => edit.Deserialize<ReportedEdit>(CliJson.Options)!)
                    .ToArray()
                : [];
            yield return new ArchivedDocument(entry.Id, entry.Format.Name, original, output, edits, (string?)line["summary"], null);
        }
    }
}
