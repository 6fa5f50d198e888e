using System.Diagnostics;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Internal;

/// <summary>What a run has done so far, updated by its workers and read by the progress display.</summary>
internal sealed class RunCounters
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _processed, _failed, _alreadyDone, _alreadyFailed, _repaired, _flagged;

    public RunCounters(long total) => Total = total;

    /// <summary>Documents of the input in this run's shard.</summary>
    public long Total { get; }

    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Failed in this run, duplicates included.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Finished by an earlier run with the same input and settings: skipped.</summary>
    public long AlreadyDone => Interlocked.Read(ref _alreadyDone);

    /// <summary>Failed in an earlier run and not retried (no --retry-failed).</summary>
    public long AlreadyFailed => Interlocked.Read(ref _alreadyFailed);

    /// <summary>Processed in this run with at least one applied edit.</summary>
    public long Repaired => Interlocked.Read(ref _repaired);

    /// <summary>Processed in this run with at least one flagged problem.</summary>
    public long Flagged => Interlocked.Read(ref _flagged);

    public long Done => Processed + Failed + AlreadyDone + AlreadyFailed;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Documents processed (or failed) a second in this run; skipped ones cost nothing and are not counted.</summary>
    public double DocumentsPerSecond => (Processed + Failed) / Math.Max(Elapsed.TotalSeconds, 1e-3);

    /// <summary>Null until a document has been processed.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            var rate = DocumentsPerSecond;
            return Processed + Failed == 0 || rate <= 0 ? null : TimeSpan.FromSeconds(Math.Max(0, Total - Done) / rate);
        }
    }

    public void OnProcessed(IReadOnlyList<ReportedEdit> edits)
    {
        Interlocked.Increment(ref _processed);
        if (edits.Any(e => e.Disposition == EditDisposition.Applied))
        {
            Interlocked.Increment(ref _repaired);
        }
        if (edits.Any(e => e.Disposition == EditDisposition.Flagged))
        {
            Interlocked.Increment(ref _flagged);
        }
    }

    public void OnFailed() => Interlocked.Increment(ref _failed);

    public void OnSkipped(bool ok) => Interlocked.Increment(ref ok ? ref _alreadyDone : ref _alreadyFailed);

    /// <summary>One line: "120/2,000 documents (3 already done), 4.1 docs/s, ETA 7m12s; 80 repaired, 4 flagged, 2 failed".</summary>
    public string Describe()
    {
        var eta = Remaining is { } remaining ? $"ETA {remaining:hh\\:mm\\:ss}" : "ETA unknown";
        var skipped = AlreadyDone + AlreadyFailed > 0 ? $" ({AlreadyDone:N0} already done, {AlreadyFailed:N0} already failed)" : "";
        return $"{Done:N0}/{Total:N0} documents{skipped}, {DocumentsPerSecond:0.0} docs/s, {eta}; {Repaired:N0} repaired, {Flagged:N0} flagged, {Failed:N0} failed";
    }
}
