namespace Translate.Core.Inference.Batching;

/// <summary>
/// A batcher could not take a request, or could not start it in time: the service is overloaded. Thrown at once when
/// the queue has no room or the wait it would have is over <see cref="BatchingOptions.MaxQueueMilliseconds"/>; or when
/// a queued request reaches that wait without starting. The server answers RESOURCE_EXHAUSTED, with
/// <see cref="RetryAfter"/> as the hint of when to come back.
/// </summary>
public sealed class BatchQueueFullException : Exception
{
    public BatchQueueFullException(string batcher, int capacity, int refused)
        : base($"The '{batcher}' queue is full ({capacity} requests waiting at most; {refused} more refused). " +
               $"Retry later, or raise {BatchingOptions.Section}:QueueCapacity if the machine has room.")
    {
        Batcher = batcher;
        Capacity = capacity;
    }

    public BatchQueueFullException(string batcher, TimeSpan wait, TimeSpan budget, bool started)
        : base(started
            ? $"The '{batcher}' model could not start this request within {budget.TotalMilliseconds:0} ms " +
              $"({BatchingOptions.Section}:MaxQueueMilliseconds): the service is overloaded. Retry in about {wait.TotalMilliseconds:0} ms."
            : $"The '{batcher}' model would start this request only after about {wait.TotalMilliseconds:0} ms, more than " +
              $"{budget.TotalMilliseconds:0} ms ({BatchingOptions.Section}:MaxQueueMilliseconds): the service is overloaded. Retry in about {wait.TotalMilliseconds:0} ms.")
    {
        Batcher = batcher;
        RetryAfter = wait;
    }

    /// <summary>Name of the batcher (the model) that refused.</summary>
    public string Batcher { get; }

    /// <summary>The queue capacity, when the queue was full; 0 when the refusal was for the wait.</summary>
    public int Capacity { get; }

    /// <summary>About when the queue should have room again: the work queued ahead at the model's recent speed.</summary>
    public TimeSpan? RetryAfter { get; }
}
