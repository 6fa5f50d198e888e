using System.Diagnostics;
using Translate.Core.Inference.Batching.Internal;

namespace Translate.Core.Inference.Batching;

/// <summary>
/// Runs the requests of every concurrent caller of one model together. Callers enqueue requests into one bounded
/// queue; a single worker thread takes batches from it (the oldest request and the waiting ones nearest to it in
/// length, within a row cap, a token budget and a padding allowance) and hands each batch to one
/// <see cref="BatchRunner{TRequest, TResult}"/> call. One worker, because two model runs at once on a few cores
/// only fight over them.
/// </summary>
/// <remarks>
/// A request that finds the worker idle runs at once; only while requests keep arriving during runs does the worker
/// hold a partial batch, for at most <see cref="BatchingOptions.MaxWait"/> after its oldest request arrived.
/// A full queue refuses at once (<see cref="BatchQueueFullException"/>), and so does one whose work ahead would keep a
/// new request waiting longer than <see cref="BatchingOptions.MaxQueueMilliseconds"/> at the model's recent speed. A caller cancelled while waiting leaves the
/// queue; one cancelled while its batch runs gets its cancellation at once and its result is discarded.
/// Disposing stops accepting requests and returns once every accepted one has run.
/// </remarks>
public sealed class DynamicBatcher<TRequest, TResult> : IAsyncDisposable, IDisposable
{
    private readonly BatchRunner<TRequest, TResult> _run;
    private readonly Func<TRequest, int> _lengthOf;
    private readonly BatchingMetrics _metrics;
    private readonly object _gate = new();
    private readonly List<Pending> _queue = [];
    private readonly Thread _worker;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closing;
    // Requests were waiting when the last batch ended: callers are concurrent, so holding a batch for company pays.
    private bool _backlog;
    // Tokens of the queued requests, and the model's recent speed in tokens a second (0 until a batch has run): the
    // wait a new request would have is the work queued ahead of it at that speed. Both guarded by _gate.
    private long _queuedTokens;
    private double _tokensPerSecond;
    // Totals for Counters: written by the worker (and Admit for refusals), read by anyone.
    private long _requestsRun, _batchesRun, _tokensRun, _paddingTokensRun, _refused;

    /// <param name="name">The model's name, in errors and metrics.</param>
    /// <param name="lengthOf">A request's length in tokens (its row width before padding).</param>
    /// <param name="run">Runs one batch; called on the worker thread only.</param>
    public DynamicBatcher(string name, BatchingOptions options, Func<TRequest, int> lengthOf, BatchRunner<TRequest, TResult> run)
    {
        var validation = new BatchingOptionsValidator().Validate(name, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }
        Name = name;
        Options = options;
        _lengthOf = lengthOf;
        _run = run;
        _metrics = new BatchingMetrics(name, () => QueueDepth);
        _worker = new Thread(Work) { IsBackground = true, Name = $"batcher {name}" };
        _worker.Start();
    }

    public string Name { get; }

    public BatchingOptions Options { get; }

    /// <summary>Requests accepted and not yet taken into a batch.</summary>
    public int QueueDepth
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>What this batcher has run and refused since it started.</summary>
    public BatcherCounters Counters => new(
        Interlocked.Read(ref _requestsRun),
        Interlocked.Read(ref _batchesRun),
        Interlocked.Read(ref _tokensRun),
        Interlocked.Read(ref _paddingTokensRun),
        Interlocked.Read(ref _refused));

    /// <summary>
    /// Refuses now, as <see cref="EnqueueAll"/> would, when the queue has no room for <paramref name="count"/> more
    /// requests: lets a caller give up before the work that would make them (a hint, as the queue may change after).
    /// </summary>
    /// <exception cref="BatchQueueFullException">The queue has no room for them.</exception>
    public void ThrowIfFull(int count)
    {
        lock (_gate)
        {
            Admit(count);
        }
    }

    /// <summary>About how long a request queued now would wait before its batch starts: the queued work at the recent speed.</summary>
    public TimeSpan ExpectedWait
    {
        get
        {
            lock (_gate)
            {
                return ExpectedWaitLocked();
            }
        }
    }

    /// <summary>Queues one request; the task ends with its result.</summary>
    /// <exception cref="BatchQueueFullException">The queue has no room (thrown at once).</exception>
    public Task<TResult> EnqueueAsync(TRequest request, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }
        var item = new Pending(this, request, _lengthOf(request));
        lock (_gate)
        {
            Admit(1);
            _queue.Add(item);
            _queuedTokens += item.Length;
            Monitor.Pulse(_gate);
        }
        Watch(item, cancellationToken);
        return item.Completion.Task;
    }

    /// <summary>
    /// Queues several requests at once, so they can share batches from the start: all of them, or none when the
    /// queue has no room for all (<see cref="BatchQueueFullException"/>). One task a request, in order.
    /// </summary>
    public Task<TResult>[] EnqueueAll(IReadOnlyList<TRequest> requests, CancellationToken cancellationToken = default)
    {
        var tasks = new Task<TResult>[requests.Count];
        if (cancellationToken.IsCancellationRequested)
        {
            Array.Fill(tasks, Task.FromCanceled<TResult>(cancellationToken));
            return tasks;
        }
        var items = new Pending[requests.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new Pending(this, requests[i], _lengthOf(requests[i]));
            tasks[i] = items[i].Completion.Task;
        }
        lock (_gate)
        {
            Admit(items.Length);
            _queue.AddRange(items);
            foreach (var item in items)
            {
                _queuedTokens += item.Length;
            }
            Monitor.Pulse(_gate);
        }
        foreach (var item in items)
        {
            Watch(item, cancellationToken);
        }
        return tasks;
    }

    /// <summary>Stops accepting requests and waits until every accepted one has run.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await _stopped.Task.ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking; for synchronous shutdown paths (never from a batch runner).</summary>
    public void Dispose()
    {
        Close();
        _worker.Join();
        _metrics.Dispose();
    }

    private void Close()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Admit(int count)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (_queue.Count + count > Options.QueueCapacity)
        {
            Interlocked.Add(ref _refused, count);
            throw new BatchQueueFullException(Name, Options.QueueCapacity, count);
        }
        // Only the work ahead counts: the caller's own requests (a document's sentences) follow one another.
        var wait = ExpectedWaitLocked();
        if (wait > Options.MaxQueueWait)
        {
            Interlocked.Add(ref _refused, count);
            throw new BatchQueueFullException(Name, wait, Options.MaxQueueWait, started: false);
        }
    }

    private TimeSpan ExpectedWaitLocked() =>
        _tokensPerSecond > 0 && _queuedTokens > 0 ? TimeSpan.FromSeconds(_queuedTokens / _tokensPerSecond) : TimeSpan.Zero;

    private void Watch(Pending item, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }
        // Registered outside the lock: a token already cancelled runs the callback right here, and it takes the lock.
        var registration = cancellationToken.UnsafeRegister(static (state, token) => ((Pending)state!).Cancel(token), item);
        var finished = false;
        lock (_gate)
        {
            if (item.State == PendingState.Done)
            {
                finished = true;
            }
            else
            {
                item.Registration = registration;
            }
        }
        if (finished)
        {
            registration.Dispose();
        }
    }

    private void Cancel(Pending item, CancellationToken token)
    {
        lock (_gate)
        {
            if (item.State == PendingState.Queued)
            {
                _queue.Remove(item);
                _queuedTokens -= item.Length;
                item.State = PendingState.Done;
            }
            // A running item stays with its batch; the worker finds its task already cancelled and drops the result.
        }
        item.Completion.TrySetCanceled(token);
    }

    private void Work()
    {
        var maxRows = Options.MaxBatchRows;
        var lengths = new int[Math.Min(Options.QueueCapacity, 256)];
        var order = new long[lengths.Length];
        var chosen = new int[maxRows];
        var batch = new Pending[maxRows];
        var requests = new TRequest[maxRows];
        var results = new TResult[maxRows];
        var registrations = new CancellationTokenRegistration[maxRows];
        try
        {
            while (TakeBatch(ref lengths, ref order, chosen, batch) is { Rows: > 0 } plan)
            {
                RunBatch(plan, batch, requests, results, registrations);
                lock (_gate)
                {
                    _backlog = _queue.Count > 0;
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Waits for the next batch and takes it out of the queue; no rows once closed and drained.</summary>
    private BatchPlan TakeBatch(ref int[] lengths, ref long[] order, int[] chosen, Pending[] batch)
    {
        lock (_gate)
        {
            while (true)
            {
                var count = _queue.Count;
                if (count == 0)
                {
                    if (_closing)
                    {
                        return default;
                    }
                    Monitor.Wait(_gate);
                    continue;
                }
                if (lengths.Length < count)
                {
                    lengths = new int[Math.Max(count, lengths.Length * 2)];
                    order = new long[lengths.Length];
                }
                for (var i = 0; i < count; i++)
                {
                    lengths[i] = _queue[i].Length;
                }
                var plan = BatchPlanner.Plan(lengths.AsSpan(0, count), Options.MaxBatchRows, Options.MaxBatchTokens, chosen, order);
                if (!plan.Full && _backlog && !_closing)
                {
                    var left = Options.MaxWait - Stopwatch.GetElapsedTime(_queue[0].EnqueuedAt);
                    if (left > TimeSpan.Zero)
                    {
                        // Rounded up: a wait of 0 ms would return at once and spin until the deadline.
                        Monitor.Wait(_gate, (int)Math.Ceiling(left.TotalMilliseconds));
                        continue;
                    }
                }
                for (var k = 0; k < plan.Rows; k++)
                {
                    batch[k] = _queue[chosen[k]];
                    batch[k].State = PendingState.Running;
                    _queuedTokens -= batch[k].Length;
                }
                var kept = 0;
                for (var i = 0; i < count; i++)
                {
                    if (_queue[i].State == PendingState.Queued)
                    {
                        _queue[kept++] = _queue[i];
                    }
                }
                _queue.RemoveRange(kept, count - kept);
                return plan;
            }
        }
    }

    private void RunBatch(BatchPlan plan, Pending[] batch, TRequest[] requests, TResult[] results, CancellationTokenRegistration[] registrations)
    {
        var rows = plan.Rows;
        var started = Stopwatch.GetTimestamp();
        var realTokens = 0;
        for (var k = 0; k < rows; k++)
        {
            requests[k] = batch[k].Request;
            realTokens += batch[k].Length;
            _metrics.RecordQueueWait(Stopwatch.GetElapsedTime(batch[k].EnqueuedAt, started));
        }
        Exception? failure = null;
        try
        {
            _run(requests.AsSpan(0, rows), plan.PaddedLength, results.AsSpan(0, rows));
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        _metrics.RecordBatch(rows, plan.PaddedLength, realTokens, elapsed);
        var tokens = (long)rows * plan.PaddedLength;
        Interlocked.Add(ref _requestsRun, rows);
        Interlocked.Increment(ref _batchesRun);
        Interlocked.Add(ref _tokensRun, tokens);
        Interlocked.Add(ref _paddingTokensRun, tokens - realTokens);

        lock (_gate)
        {
            for (var k = 0; k < rows; k++)
            {
                batch[k].State = PendingState.Done;
                registrations[k] = batch[k].Registration;
            }
            if (elapsed > TimeSpan.Zero)
            {
                // Real tokens: the queue's tokens are real ones, and padding is part of what they cost to run.
                var speed = realTokens / elapsed.TotalSeconds;
                _tokensPerSecond = _tokensPerSecond == 0 ? speed : 0.8 * _tokensPerSecond + 0.2 * speed;
            }
        }
        for (var k = 0; k < rows; k++)
        {
            registrations[k].Dispose();
            // TrySet: a caller cancelled while the batch ran already has its answer; its result is dropped here.
            if (failure is null)
            {
                batch[k].Completion.TrySetResult(results[k]);
            }
            else
            {
                batch[k].Completion.TrySetException(failure);
            }
            batch[k] = null!;
            requests[k] = default!;
            results[k] = default!;
            registrations[k] = default;
        }
    }

    private enum PendingState
    {
        Queued,
        Running,
        Done,
    }

    /// <summary>One accepted request. State and Registration are guarded by the batcher's lock.</summary>
    private sealed class Pending(DynamicBatcher<TRequest, TResult> owner, TRequest request, int length)
    {
        public TRequest Request { get; } = request;

        public int Length { get; } = length;

        public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PendingState State { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel(CancellationToken token) => owner.Cancel(this, token);
    }
}
