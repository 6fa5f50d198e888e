using System.Diagnostics;

namespace Translate.Core.Processing;

/// <summary>
/// How many documents are processed at once, and how long one may wait for its turn. Language identification and
/// cleanup run on the CPU before any model queue, so without this a burst of documents would only queue on the thread
/// pool, every one of them slower, with no refusal. A document that would wait longer than the budget (the documents
/// ahead of it at the recent time per document, over the slots) is refused at once; one that reaches the budget while
/// waiting is refused then. Either way the caller gets <see cref="ServiceOverloadedException"/> with a retry hint.
/// </summary>
public sealed class DocumentAdmission
{
    private readonly SemaphoreSlim _slots;
    private readonly int _capacity;
    private readonly TimeSpan _maxWait;
    private readonly Lock _gate = new();
    private int _waiting;
    // Seconds one document took, recently (exponential average); 0 until one has finished.
    private double _secondsPerDocument;

    public DocumentAdmission(int concurrentDocuments, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentDocuments, 1);
        _capacity = concurrentDocuments;
        _maxWait = maxWait;
        _slots = new SemaphoreSlim(concurrentDocuments, concurrentDocuments);
    }

    /// <summary>Waits for a slot, or refuses; dispose the result when the document is done.</summary>
    /// <exception cref="ServiceOverloadedException">The wait would be, or was, longer than the budget.</exception>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            TimeSpan expected;
            lock (_gate)
            {
                expected = TimeSpan.FromSeconds((_waiting / _capacity + 1) * _secondsPerDocument);
                if (expected > _maxWait)
                {
                    throw new ServiceOverloadedException(expected, _maxWait, waited: false);
                }
                _waiting++;
            }
            bool entered;
            try
            {
                entered = await _slots.WaitAsync(_maxWait, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _waiting--;
                }
            }
            if (!entered)
            {
                throw new ServiceOverloadedException(expected > TimeSpan.Zero ? expected : _maxWait, _maxWait, waited: true);
            }
        }
        return new Lease(this, Stopwatch.GetTimestamp());
    }

    private void Leave(long started)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        lock (_gate)
        {
            _secondsPerDocument = _secondsPerDocument == 0 ? seconds : 0.8 * _secondsPerDocument + 0.2 * seconds;
        }
        _slots.Release();
    }

    private sealed class Lease(DocumentAdmission owner, long started) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(started);
            }
        }
    }
}

/// <summary>
/// The service has more documents than it can start within the wait budget (Processing:MaxQueueMilliseconds): the
/// server answers RESOURCE_EXHAUSTED, with <see cref="RetryAfter"/> as the hint of when to come back.
/// </summary>
public sealed class ServiceOverloadedException(TimeSpan retryAfter, TimeSpan budget, bool waited)
    : Exception(waited
        ? $"The document could not start within {budget.TotalMilliseconds:0} ms (Processing:MaxQueueMilliseconds): the service is overloaded. Retry in about {retryAfter.TotalMilliseconds:0} ms."
        : $"The document would start only after about {retryAfter.TotalMilliseconds:0} ms, more than {budget.TotalMilliseconds:0} ms (Processing:MaxQueueMilliseconds): the service is overloaded. Retry in about {retryAfter.TotalMilliseconds:0} ms.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
