using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Translate.Cli.Archive.Formats;
using Translate.Cli.Archive.Internal;
using Translate.Cli.Internal;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;

namespace Translate.Cli.Archive;

/// <summary>What changes how a run goes (not what a document's output is).</summary>
/// <param name="Parallelism">Documents in flight at once.</param>
/// <param name="RetryFailed">Redo the documents an earlier run recorded as failed.</param>
internal sealed record ArchiveRunSettings(int Parallelism, Shard Shard, bool RetryFailed);

/// <summary>How a run ended.</summary>
/// <param name="Interrupted">The run was stopped (Ctrl+C) before every document was done; rerun the command to go on.</param>
internal sealed record ArchiveRunResult(RunCounters Counters, OutputCounts Outputs, bool Interrupted);

/// <summary>
/// One archive run: every document of the input (this shard) not yet finished with its current input and settings
/// goes through the runner, <see cref="ArchiveRunSettings.Parallelism"/> at a time, each recorded in the ledger as it
/// finishes; then the outputs are written from the ledger in input order. Documents are read as the workers take
/// them (a bounded channel between the reader and the workers), so memory does not grow with the archive.
/// </summary>
internal sealed class ArchiveRun(IDocumentRunner runner, IArchiveSource source, ArchiveLayout layout, Ledger ledger, byte[] settingsHash, ArchiveRunSettings settings)
{
    /// <summary>Longest pause before a document the runner refused for overload is sent again.</summary>
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(5);

    public async Task<ArchiveRunResult> RunAsync(ProgressDisplay display, CancellationToken cancellationToken)
    {
        layout.ResetScratch();
        if (layout.IsFolder)
        {
            Directory.CreateDirectory(layout.Output);
        }
        var counters = new RunCounters(await source.CountAsync(settings.Shard, cancellationToken).ConfigureAwait(false));
        await display.ShowAsync(counters, ProcessAsync(counters, display, cancellationToken)).ConfigureAwait(false);
        // Written whether the run finished or was stopped: the outputs then hold every document done so far.
        var outputs = await ArchiveOutputs.MaterializeAsync(source, layout, ledger, settings.Shard, settingsHash, decisions: null, CancellationToken.None).ConfigureAwait(false);
        return new ArchiveRunResult(counters, outputs, cancellationToken.IsCancellationRequested && outputs.NotDone > 0);
    }

    private async Task<bool> ProcessAsync(RunCounters counters, ProgressDisplay display, CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<ArchiveEntry>(new BoundedChannelOptions(settings.Parallelism) { SingleWriter = true });
        // A worker that dies (the ledger cannot be written) stops the reader, which would otherwise wait on a full queue.
        using var workerDied = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, settings.Parallelism)
            .Select(_ => Task.Run(async () =>
            {
                try
                {
                    await WorkAsync(queue.Reader, counters, display, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await workerDied.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None))
            .ToArray();
        try
        {
            var ids = new DuplicateIds();
            await foreach (var entry in source.ReadAsync(workerDied.Token).ConfigureAwait(false))
            {
                if (!settings.Shard.Contains(entry.Id))
                {
                    continue;
                }
                if (ids.Duplicate(entry) is { } duplicate)
                {
                    // Not in the ledger (the row is the first one's); the outputs give it its error line from the input.
                    counters.OnFailed();
                    display.Failure(entry.Id, duplicate);
                    continue;
                }
                if (ledger.Find(entry.Id) is { } row && row.Matches(entry, settingsHash) && (row.Ok || !settings.RetryFailed))
                {
                    counters.OnSkipped(row.Ok);
                    continue;
                }
                await queue.Writer.WriteAsync(entry, workerDied.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (workerDied.IsCancellationRequested)
        {
            // Stopped: the workers abandon what they hold; the ledger has every document finished before.
        }
        finally
        {
            queue.Writer.Complete();
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
        return true;
    }

    private async Task WorkAsync(ChannelReader<ArchiveEntry> queue, RunCounters counters, ProgressDisplay display, CancellationToken cancellationToken)
    {
        await foreach (var entry in queue.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                await RunOneAsync(entry, counters, display, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunOneAsync(ArchiveEntry entry, RunCounters counters, ProgressDisplay display, CancellationToken cancellationToken)
    {
        string error;
        try
        {
            if (entry.ReadError is { } readError)
            {
                throw new InvalidDocumentException(readError);
            }
            var result = await ProcessWithBackPressureAsync(entry.ToRequest(), cancellationToken).ConfigureAwait(false);
            var formatted = entry.Format.Format(entry.Original!, result);
            string line;
            if (layout.IsFolder)
            {
                // In place before the ledger says it is: a run killed between the two redoes the document and writes the same file.
                await ArchiveOutputs.WriteFileAsync(layout, layout.FileOf(entry.Id), formatted.Content).ConfigureAwait(false);
                line = ResultsLine(entry, result, formatted);
            }
            else
            {
                line = JsonSerializer.Serialize(CliJson.ToOutput(result, withSegments: false), CliJson.Options);
            }
            ledger.Record(entry.Ordinal, new LedgerRow(entry.Id, entry.InputHash, settingsHash, Ok: true, Error: null, line));
            counters.OnProcessed(formatted.Edits);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // abandoned: not in the ledger, so the next run does it
        }
        catch (Exception exception) when (exception is InvalidDocumentException or ProcessingBudgetExceededException)
        {
            error = exception.Message;
        }
        catch (Exception exception)
        {
            // A model's failure, a runner's, a format's: the document fails with it and the run goes on.
            error = $"{exception.GetType().Name}: {exception.Message}";
        }
        if (layout.IsFolder && File.Exists(layout.FileOf(entry.Id)))
        {
            File.Delete(layout.FileOf(entry.Id)); // an earlier run's output of a since changed input
        }
        ledger.Record(entry.Ordinal, new LedgerRow(entry.Id, entry.InputHash, settingsHash, Ok: false, error, Result: null));
        counters.OnFailed();
        display.Failure(entry.Id, error);
    }

    /// <summary>
    /// The runner's result; a refusal for overload (the run's own documents filling a queue) is back-pressure, not a
    /// failure: the document is sent again after the hint, so no document fails for the run's own concurrency.
    /// </summary>
    private async Task<DocumentResult> ProcessWithBackPressureAsync(DocumentRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            try
            {
                return await runner.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceOverloadedException exception)
            {
                wait = exception.RetryAfter;
            }
            catch (BatchQueueFullException exception)
            {
                wait = exception.RetryAfter ?? TimeSpan.FromMilliseconds(100);
            }
            await Task.Delay(TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(10).Ticks, MaxBackOff.Ticks)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A folder document's results.jsonl line: id, format, summary, summary_detail, edits in code points of the file.</summary>
    private static string ResultsLine(ArchiveEntry entry, DocumentResult result, FormattedResult formatted)
    {
        var output = JsonSerializer.SerializeToNode(CliJson.ToOutput(result, withSegments: false), CliJson.Options)!.AsObject();
        var line = new JsonObject
        {
            ["id"] = entry.Id,
            ["format"] = entry.Format.Name,
            ["summary"] = output["summary"]?.DeepClone(),
            ["summary_detail"] = output["summary_detail"]?.DeepClone(),
            ["edits"] = JsonSerializer.SerializeToNode(formatted.Edits, CliJson.Options),
        };
        return line.ToJsonString(CliJson.Options);
    }
}
