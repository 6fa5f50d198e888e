using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Translate.Cli.Archive;
using Translate.Core.Cleanup;
using Translate.Core.Processing;
using Translate.Core.Summarization;

namespace Translate.Cli.Tests;

/// <summary>
/// A runner that repairs "teh" to "the" (one applied edit each, in code points) and flags "zzz", without models:
/// archive runs' bookkeeping (order, ledger, resume, shards, decisions) tested in milliseconds. A text holding
/// "FAIL" is refused as the service refuses a document.
/// </summary>
internal sealed class ScriptedRunner : IDocumentRunner
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>How long each document takes; a document's delay varies with its id so they finish out of order.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Called with each request before it runs (to cancel a run mid-way, to count).</summary>
    public Action<DocumentRequest>? OnRequest { get; init; }

    /// <summary>Refuse each document this many times with ServiceOverloadedException before processing it.</summary>
    public int OverloadsPerDocument { get; init; }

    public string Description => "scripted";

    public int DefaultParallelism => 4;

    public int MaxInFlight => _maxInFlight;

    public int CallsFor(string id) => _calls.GetValueOrDefault(id);

    /// <summary>Documents processed (refusals for overload not counted).</summary>
    public int Processed { get; private set; }

    public async Task<DocumentResult> ProcessAsync(DocumentRequest request, CancellationToken cancellationToken)
    {
        var calls = _calls.AddOrUpdate(request.Id, 1, (_, n) => n + 1);
        if (calls <= OverloadsPerDocument)
        {
            throw new ServiceOverloadedException(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(1), waited: false);
        }
        OnRequest?.Invoke(request);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                var jitter = (request.Id.GetHashCode(StringComparison.Ordinal) & 0x7) * Delay.TotalMilliseconds / 4;
                await Task.Delay(Delay + TimeSpan.FromMilliseconds(jitter), cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Text.Contains("FAIL", StringComparison.Ordinal))
            {
                throw new InvalidDocumentException($"Document '{request.Id}' was refused by the scripted runner.");
            }
            lock (_calls)
            {
                Processed++;
            }
            return Repair(request);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>"teh" → "the", applied; "zzz" flagged; offsets in code points of the request's text.</summary>
    public static DocumentResult Repair(DocumentRequest request)
    {
        var text = request.Text;
        var edits = new List<ReportedEdit>();
        var output = new StringBuilder();
        var codePoint = 0;
        for (var i = 0; i < text.Length;)
        {
            if (string.CompareOrdinal(text, i, "teh", 0, 3) == 0)
            {
                edits.Add(new ReportedEdit(codePoint, 3, "teh", "the", EditKind.GluedWords, "misspelt article", 0.9, "scripted", EditDisposition.Applied));
                output.Append("the");
                (i, codePoint) = (i + 3, codePoint + 3);
                continue;
            }
            if (string.CompareOrdinal(text, i, "zzz", 0, 3) == 0)
            {
                edits.Add(new ReportedEdit(codePoint, 3, "zzz", "", EditKind.Untranslated, "not a word", 0.9, "scripted", EditDisposition.Flagged));
            }
            var width = char.IsSurrogatePair(text, i) ? 2 : 1;
            output.Append(text, i, width);
            (i, codePoint) = (i + width, codePoint + 1);
        }
        var summary = new Summary([$"Summary of {request.Id}."], SummaryMethod.Extractive, "scripted");
        return new DocumentResult(request.Id, output.ToString(), edits, [], summary);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Processed} processed");
}
