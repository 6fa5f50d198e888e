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

    /// <summary>
    /// How a seq2seq model's decoder loop takes requests (other models' batches are one run, always static).
    /// <see cref="BatchScheduling.Static"/>: a batch runs until its longest row ends, and its results come together.
    /// <see cref="BatchScheduling.Continuous"/>: new requests join at every decoder step and each leaves as soon as it
    /// ends (docs/BATCHING.md, "Continuous batching").
    /// </summary>
    public BatchScheduling Scheduling { get; set; } = BatchScheduling.Static;

    /// <summary>
    /// Under continuous scheduling, most key/value cache tokens a model holds for the requests it decodes: a request
    /// reserves beams × (input tokens + the output length its settings allow) when it starts and frees them when it
    /// ends; a request that does not fit waits for room. A token costs decoder layers × 4 × d_model floats (self and
    /// cross attention, key and value): 48 KiB for opus-mt (6 layers, d_model 512).
    /// </summary>
    public int MaxCacheTokens { get; set; } = 65_536;

    /// <summary>
    /// Under continuous scheduling, longest a request waits for a new cohort to gather as many rows as are decoding
    /// before it starts anyway (docs/BATCHING.md, "Continuous batching": admission).
    /// </summary>
    public int MaxJoinWaitMilliseconds { get; set; } = 1_000;

    public TimeSpan MaxJoinWait => TimeSpan.FromMilliseconds(MaxJoinWaitMilliseconds);

    public TimeSpan MaxWait => TimeSpan.FromMilliseconds(MaxWaitMilliseconds);

    public TimeSpan MaxQueueWait => TimeSpan.FromMilliseconds(MaxQueueMilliseconds);

    public override string ToString() =>
        (Scheduling == BatchScheduling.Continuous ? $"continuous scheduling, at most {MaxCacheTokens} cache tokens, join wait {MaxJoinWaitMilliseconds} ms; " : "") + (MaxBatchRows == 1
            ? $"batching off, queue {QueueCapacity}"
            : $"batches of at most {MaxBatchRows} rows and {MaxBatchTokens} tokens, wait at most {MaxWaitMilliseconds} ms, queue {QueueCapacity} and {MaxQueueMilliseconds} ms");
}

/// <summary>How a seq2seq model's decoder loop takes requests (<see cref="BatchingOptions.Scheduling"/>).</summary>
public enum BatchScheduling
{
    /// <summary>A batch runs its full decoder loop; requests that arrive meanwhile wait for the next batch.</summary>
    Static,

    /// <summary>Iteration-level scheduling: requests join at step boundaries and leave as soon as they end.</summary>
    Continuous,
}
