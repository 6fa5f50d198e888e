namespace Translate.Core.Inference.Batching;

/// <summary>
/// What one batcher has done since it started: totals a load test or a dashboard can difference between two reads.
/// </summary>
/// <param name="Requests">Requests run (rows).</param>
/// <param name="Batches">Model runs.</param>
/// <param name="Tokens">Tokens run, padding included (each run's rows × its longest row).</param>
/// <param name="PaddingTokens">Of <paramref name="Tokens"/>, the padding.</param>
/// <param name="Refused">Requests refused because the queue was full.</param>
public readonly record struct BatcherCounters(long Requests, long Batches, long Tokens, long PaddingTokens, long Refused)
{
    /// <summary>Share of the tokens run that were padding (0 when nothing ran).</summary>
    public double PaddingShare => Tokens == 0 ? 0 : (double)PaddingTokens / Tokens;
}
