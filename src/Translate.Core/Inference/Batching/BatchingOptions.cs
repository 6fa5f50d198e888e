namespace Translate.Core.Inference.Batching;

/// <summary>
/// Settings of a <see cref="DynamicBatcher{TRequest, TResult}"/> (configuration section "Batching").
/// <see cref="MaxBatchRows"/> = 1 turns batching off: every request runs alone, in arrival order.
/// </summary>
public sealed class BatchingOptions
{
    public const string Section = "Batching";

    /// <summary>Most requests (rows) in one model run.</summary>
    public int MaxBatchRows { get; set; } = 32;

    /// <summary>Most tokens in one model run, counted as rows × the longest row (padding included).</summary>
    public int MaxBatchTokens { get; set; } = 4096;

    /// <summary>
    /// Longest a request is held, counted from its arrival, while the worker waits for similar requests to fill
    /// its batch. Only under load: a request that finds the worker idle runs at once.
    /// </summary>
    public int MaxWaitMilliseconds { get; set; } = 2;

    /// <summary>Most requests waiting; one more is refused at once with <see cref="BatchQueueFullException"/>.</summary>
    public int QueueCapacity { get; set; } = 1024;

    public TimeSpan MaxWait => TimeSpan.FromMilliseconds(MaxWaitMilliseconds);

    /// <summary>Checks every setting; the error names it under <paramref name="section"/>.</summary>
    public void Validate(string section = Section)
    {
        if (MaxBatchRows is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchRows), MaxBatchRows, $"{section}:MaxBatchRows must be between 1 (batching off) and 4096.");
        }
        if (MaxBatchTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchTokens), MaxBatchTokens, $"{section}:MaxBatchTokens must be at least 1.");
        }
        if (MaxWaitMilliseconds is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWaitMilliseconds), MaxWaitMilliseconds, $"{section}:MaxWaitMilliseconds must be between 0 and 1000.");
        }
        if (QueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, $"{section}:QueueCapacity must be between 1 and 1000000.");
        }
    }

    public override string ToString() =>
        MaxBatchRows == 1
            ? $"batching off, queue {QueueCapacity}"
            : $"batches of at most {MaxBatchRows} rows and {MaxBatchTokens} tokens, wait at most {MaxWaitMilliseconds} ms, queue {QueueCapacity}";
}
