namespace Translate.Core.Inference.Batching;

/// <summary>
/// A batcher's queue had no room for a request: the service is overloaded. Thrown at once, never after waiting;
/// the server answers RESOURCE_EXHAUSTED so the caller can back off and retry.
/// </summary>
public sealed class BatchQueueFullException(string batcher, int capacity, int refused)
    : Exception($"The '{batcher}' queue is full ({capacity} requests waiting at most; {refused} more refused). " +
                $"Retry later, or raise {BatchingOptions.Section}:QueueCapacity if the machine has room.")
{
    /// <summary>Name of the batcher (the model) that refused.</summary>
    public string Batcher { get; } = batcher;

    public int Capacity { get; } = capacity;
}
