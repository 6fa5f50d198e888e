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

    /// <summary>
    /// Longest a request may wait for its model to start it. A request that would wait longer (the work queued ahead
    /// of it at the model's recent speed) is refused at once, and one that waits that long without starting leaves
    /// the queue refused: under overload accepted calls keep a bounded latency, and refused ones learn it at once.
    /// </summary>
    public int MaxQueueMilliseconds { get; set; } = 2_000;

    public TimeSpan MaxWait => TimeSpan.FromMilliseconds(MaxWaitMilliseconds);

    public TimeSpan MaxQueueWait => TimeSpan.FromMilliseconds(MaxQueueMilliseconds);

    public override string ToString() =>
        MaxBatchRows == 1
            ? $"batching off, queue {QueueCapacity}"
            : $"batches of at most {MaxBatchRows} rows and {MaxBatchTokens} tokens, wait at most {MaxWaitMilliseconds} ms, queue {QueueCapacity} and {MaxQueueMilliseconds} ms";
}
