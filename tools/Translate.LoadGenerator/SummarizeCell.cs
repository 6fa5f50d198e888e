using Grpc.Core;

namespace Translate.LoadGenerator;

/// <summary>
/// One table row: a served configuration at one concurrency, over all its rounds. Rates are totals over total
/// time, so a round slowed by a noisy neighbour weighs by its length, not more.
/// </summary>
internal sealed record SummarizeCell(string Mode, int Concurrency, IReadOnlyList<SummarizeSample> Rounds)
{
    public TimeSpan Elapsed => TimeSpan.FromTicks(Rounds.Sum(round => round.Elapsed.Ticks));

    public int Completed => Rounds.Sum(round => round.LatenciesMilliseconds.Count);

    public long Sentences => Rounds.Sum(round => round.Usage.Inputs);

    public long Rows => Rounds.Sum(round => round.Usage.Rows);

    /// <summary>
    /// Sentences the server embedded per second. Counted as model rows (GetInfo usage.rows), which the server counts
    /// as each run ends, so a stretch cut while calls are in flight counts what ran in it; a row is a sentence except
    /// for the rare sentence over the 254-token window (the raw table shows how rare).
    /// </summary>
    public double SentencesPerSecond => Rows / Elapsed.TotalSeconds;

    public double PaddingShare
    {
        get
        {
            var tokens = Rounds.Sum(round => round.Usage.Tokens);
            return tokens == 0 ? 0 : (double)Rounds.Sum(round => round.Usage.PaddingTokens) / tokens;
        }
    }

    public double RowsPerBatch
    {
        get
        {
            var batches = Rounds.Sum(round => round.Usage.Batches);
            return batches == 0 ? 0 : (double)Rows / batches;
        }
    }

    public LatencySummary Latency => LatencySummary.Of(Rounds.SelectMany(round => round.LatenciesMilliseconds).ToArray());

    public IReadOnlyDictionary<StatusCode, int> Failures => Rounds
        .SelectMany(round => round.Failures)
        .GroupBy(failure => failure.Key)
        .ToDictionary(group => group.Key, group => group.Sum(failure => failure.Value));
}
