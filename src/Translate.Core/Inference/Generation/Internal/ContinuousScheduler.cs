using System.Diagnostics;
using Translate.Core.Inference.Batching;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Iteration-level scheduling of one model's decoder (Orca, OSDI '22; vLLM and TGI's continuous batching): one worker
/// thread loops over step boundaries. At each boundary the requests waiting are admitted in arrival order while the
/// cache budget has room, encoded in one run per settings group, and start a new cohort; then every cohort runs one
/// decoder step, and each request that ended leaves at once, its result delivered and its cache freed. Rows of
/// different cohorts share a run only where the decoder takes a self-attention mask (<see cref="DecoderSessions.TakesSelfMask"/>):
/// then, after its first step, a greedy cohort joins another of equal settings (its cache left-padded) and they go on
/// as one. Optimum's decoder_with_past has no such mask, so there only rows with the same past length can share a run
/// (docs/BATCHING.md, "Continuous batching").
/// </summary>
internal sealed class ContinuousScheduler : IAsyncDisposable, IDisposable
{
    // Where cohorts join, newcomers start once they are this fraction of the rows decoding (WorthStarting).
    private const int JoinFraction = 4;
    private readonly Seq2SeqModel _model;
    private readonly BatchingOptions _options;
    private readonly object _gate = new();
    private readonly List<Pending> _queue = [];
    private readonly List<Cohort> _cohorts = [];
    private readonly Thread _worker;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closing;
    private Exception? _failure;
    private long _reservedTokens;

    public ContinuousScheduler(string name, Seq2SeqModel model, BatchingOptions options)
    {
        Name = name;
        _model = model;
        _options = options;
        _worker = new Thread(Work) { IsBackground = true, Name = $"decoder {name}" };
        _worker.Start();
    }

    public string Name { get; }

    /// <summary>Requests waiting to be admitted.</summary>
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

    /// <summary>Cache tokens reserved by the requests being decoded (never above <see cref="BatchingOptions.MaxCacheTokens"/>).</summary>
    internal long ReservedTokens => Interlocked.Read(ref _reservedTokens);

    /// <summary>Requests being decoded, over all cohorts (read on the worker thread, from <see cref="Boundary"/>).</summary>
    internal int ActiveRequests => _cohorts.Sum(cohort => cohort.Members.Count(member => member is not null));

    /// <summary>Cohorts being decoded (read on the worker thread, from <see cref="Boundary"/>).</summary>
    internal int Cohorts => _cohorts.Count;

    /// <summary>
    /// Test hook: called on the worker at every step boundary, with the boundary's number, before requests are
    /// admitted; a request queued from it is admitted at this boundary (when the budget has room).
    /// </summary>
    internal Action<long>? Boundary { get; set; }

    /// <summary>The cache tokens a request reserves: its beams × (input + the longest output its settings allow).</summary>
    public static long CacheTokens(GenerationRequest request) =>
        (long)request.Settings.NumBeams * (request.InputIds.Length + request.Settings.EffectiveMaxLength);

    /// <summary>Queues requests; one task a request, in order. All are refused, at once, when the queue has no room for them.</summary>
    /// <exception cref="BatchQueueFullException">The queue is full.</exception>
    /// <exception cref="ArgumentException">A request needs more cache than <see cref="BatchingOptions.MaxCacheTokens"/> allows.</exception>
    public Task<GeneratedSequence>[] EnqueueAll(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        var tasks = new Task<GeneratedSequence>[requests.Count];
        if (cancellationToken.IsCancellationRequested)
        {
            Array.Fill(tasks, Task.FromCanceled<GeneratedSequence>(cancellationToken));
            return tasks;
        }
        var items = new Pending[requests.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var tokens = CacheTokens(requests[i]);
            if (tokens > _options.MaxCacheTokens)
            {
                throw new ArgumentException(
                    $"This request needs {tokens} key/value cache tokens ({requests[i].Settings.NumBeams} beams × ({requests[i].InputIds.Length} input tokens + " +
                    $"{requests[i].Settings.EffectiveMaxLength} output positions)), more than {BatchingOptions.Section}:MaxCacheTokens ({_options.MaxCacheTokens}). " +
                    "Raise the setting, or lower max_new_tokens or num_beams.", nameof(requests));
            }
            items[i] = new Pending(requests[i], tokens);
            tasks[i] = items[i].Completion.Task;
        }
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new InvalidOperationException(_failure.Message, _failure.InnerException);
            }
            ObjectDisposedException.ThrowIf(_closing, this);
            if (_queue.Count + items.Length > _options.QueueCapacity)
            {
                throw new BatchQueueFullException(Name, _options.QueueCapacity, items.Length);
            }
            _queue.AddRange(items);
            Monitor.Pulse(_gate);
        }
        foreach (var item in items)
        {
            // A caller that goes has its answer at once; the worker drops its rows at the next boundary.
            item.Registration = item.Request.Cancellation.UnsafeRegister(static state => ((Pending)state!).Completion.TrySetCanceled(), item);
        }
        return tasks;
    }

    /// <summary>Stops accepting requests and waits until every accepted one has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await _stopped.Task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        Close();
        _worker.Join();
    }

    private void Close()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Work()
    {
        try
        {
            var ended = new List<(int Input, GeneratedSequence Output)>();
            for (long boundary = 0; ; boundary++)
            {
                lock (_gate)
                {
                    while (_cohorts.Count == 0 && _queue.Count == 0)
                    {
                        if (_closing)
                        {
                            return;
                        }
                        Monitor.Wait(_gate);
                    }
                }
                Boundary?.Invoke(boundary);
                Admit();
                for (var c = 0; c < _cohorts.Count; c++)
                {
                    StepCohort(_cohorts[c], ended);
                }
                _cohorts.RemoveAll(cohort =>
                {
                    if (!cohort.Search.IsDone)
                    {
                        return false;
                    }
                    cohort.Search.Dispose();
                    return true;
                });
                if (Merging)
                {
                    Merge();
                }
            }
        }
        catch (Exception exception)
        {
            // A fault outside a cohort's step (which fails only its own requests) ends the loop: every request it
            // holds or queues gets the error, and later ones are refused with it, so that no caller waits forever.
            Fail(exception);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Fail(Exception exception)
    {
        var failure = new InvalidOperationException($"The decoder loop of '{Name}' stopped: {exception.Message}", exception);
        Pending[] waiting;
        lock (_gate)
        {
            _failure = failure;
            _closing = true;
            waiting = [.. _queue];
            _queue.Clear();
        }
        foreach (var item in waiting)
        {
            // Not admitted: it reserved no cache.
            item.Completion.TrySetException(failure);
            item.Registration.Dispose();
        }
        foreach (var cohort in _cohorts)
        {
            FailMembers(cohort.Members, failure);
            cohort.Search.Dispose();
        }
        _cohorts.Clear();
    }

    /// <summary>Cohorts can join (<see cref="DecodingCohort.TryAbsorb"/>): the decoder takes a self-attention mask.</summary>
    private bool Merging => _model.DecoderSessions.TakesSelfMask;

    /// <summary>
    /// Joins cohorts that can decode in one run (greedy, equal settings, both past their first step) while the rows
    /// fit a batch: the later into the earlier. A join that fails fails the requests of both.
    /// </summary>
    private void Merge()
    {
        for (var i = 0; i < _cohorts.Count; i++)
        {
            var into = _cohorts[i];
            for (var j = i + 1; j < _cohorts.Count; j++)
            {
                var from = _cohorts[j];
                if (into.Search.Rows + from.Search.Rows > _options.MaxBatchRows)
                {
                    continue;
                }
                try
                {
                    if (into.Search.TryAbsorb(from.Search) is not { } numbers)
                    {
                        continue;
                    }
                    into.Members = [.. numbers.Kept.Select(input => into.Members[input]), .. numbers.OtherKept.Select(input => from.Members[input])];
                }
                catch (Exception exception)
                {
                    foreach (var cohort in new[] { into, from })
                    {
                        FailMembers(cohort.Members, exception);
                        cohort.Search.Leave(static _ => true);
                    }
                    return;
                }
                from.Search.Dispose();
                _cohorts.RemoveAt(j);
                j--;
            }
        }
    }

    /// <summary>Every request still in a cohort gets <paramref name="failure"/> and leaves it.</summary>
    private void FailMembers(Pending?[] members, Exception failure)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i] is { } member)
            {
                Finish(member, failure);
                members[i] = null;
            }
        }
    }

    /// <summary>
    /// Starts the waiting requests that fit the cache budget, in arrival order: the first that does not fit stops the
    /// admission (no later, smaller request overtakes it), so every request starts within the time the ones ahead of it
    /// take. Requests with equal settings admitted together form one cohort. A new cohort starts only when it is worth
    /// its run (<see cref="WorthStarting"/>).
    /// </summary>
    private void Admit()
    {
        var admitted = new Dictionary<GenerationSettings, List<Pending>>();
        lock (_gate)
        {
            if (!WorthStarting())
            {
                return;
            }
            // Where cohorts join, newcomers take only the rows a batch has left: they are to run with the others.
            var decoding = _cohorts.Sum(cohort => cohort.Search.Rows);
            var room = Merging && decoding > 0 ? _options.MaxBatchRows - decoding : int.MaxValue;
            var rows = 0;
            var taken = 0;
            foreach (var item in _queue)
            {
                if (item.Completion.Task.IsCompleted)
                {
                    taken++;
                    continue;
                }
                if (_reservedTokens + item.CacheTokens > _options.MaxCacheTokens)
                {
                    break;
                }
                if (!admitted.TryGetValue(item.Request.Settings, out var group))
                {
                    admitted[item.Request.Settings] = group = [];
                }
                if ((group.Count > 0 && (group.Count + 1) * item.Request.Settings.NumBeams > _options.MaxBatchRows) ||
                    rows + item.Request.Settings.NumBeams > room)
                {
                    break;
                }
                rows += item.Request.Settings.NumBeams;
                group.Add(item);
                Interlocked.Add(ref _reservedTokens, item.CacheTokens);
                taken++;
            }
            foreach (var item in _queue.Take(taken).Where(item => item.Completion.Task.IsCompleted))
            {
                item.Registration.Dispose();
            }
            _queue.RemoveRange(0, taken);
        }
        foreach (var (settings, group) in admitted)
        {
            try
            {
                var search = DecodingCohort.Start(_model, group.Select(item => item.Request.InputIds).ToArray(), settings);
                _cohorts.Add(new Cohort(search, [.. group]));
            }
            catch (Exception exception)
            {
                foreach (var item in group)
                {
                    Finish(item, exception);
                }
            }
        }
    }

    /// <summary>
    /// Whether the waiting requests should start a cohort now: when nothing decodes, when they have as many rows as
    /// are decoding (or a full batch), or when the first has waited <see cref="BatchingOptions.MaxJoinWaitMilliseconds"/>.
    /// Every cohort costs a decoder run a step, and a run of few rows costs nearly what a full one does (the weights
    /// are read once a run, whatever its rows), so a cohort started for every arrival would split the rows into many
    /// small runs; waiting until the newcomers match the rows decoding keeps two or three cohorts of similar size.
    /// Where cohorts join (<see cref="Merging"/>) a newcomer costs one run of its own only (its first step), so a
    /// quarter of the rows decoding is enough (<see cref="JoinFraction"/>), counting only the rows the batch has room
    /// for: nothing starts while the batch is full, and a batch nearly full waits for room for a quarter (under heavy
    /// load rows leave one or two a step, and admitting them one by one cost a first step and a join each); the join
    /// wait then lets in only requests too few to make a quarter.
    /// </summary>
    private bool WorthStarting()
    {
        var decoding = _cohorts.Sum(cohort => cohort.Search.Rows);
        if (decoding == 0)
        {
            return true;
        }
        if (Merging && decoding >= _options.MaxBatchRows)
        {
            return false;
        }
        var enough = Merging ? Math.Max(1, Math.Min(decoding, _options.MaxBatchRows) / JoinFraction) : Math.Min(decoding, _options.MaxBatchRows);
        var waiting = 0L;
        var oldest = long.MaxValue;
        foreach (var item in _queue)
        {
            if (!item.Completion.Task.IsCompleted)
            {
                waiting += item.Request.Settings.NumBeams;
                oldest = Math.Min(oldest, item.EnqueuedAt);
            }
        }
        if (!Merging)
        {
            return waiting > 0 && (waiting >= enough || Stopwatch.GetElapsedTime(oldest) >= _options.MaxJoinWait);
        }
        // Where cohorts join, only the rows the batch has room for start: those are what the run is worth. The join
        // wait is for a few requests waiting on a batch that has room; when enough wait, they wait for room instead
        // (rows leave every few steps), not to be let in one or two at a time.
        var starting = Math.Min(waiting, _options.MaxBatchRows - decoding);
        return starting > 0 && (starting >= enough || (waiting < enough && Stopwatch.GetElapsedTime(oldest) >= _options.MaxJoinWait));
    }

    private void StepCohort(Cohort cohort, List<(int Input, GeneratedSequence Output)> ended)
    {
        var members = cohort.Members;
        try
        {
            if (members.Any(member => member is { Completion.Task.IsCompleted: true }))
            {
                cohort.Search.Leave(input => members[input]!.Completion.Task.IsCompleted);
                for (var i = 0; i < members.Length; i++)
                {
                    if (members[i] is { Completion.Task.IsCompleted: true } gone)
                    {
                        Finish(gone, null);
                        members[i] = null;
                    }
                }
            }
            if (cohort.Search.IsDone)
            {
                return;
            }
            ended.Clear();
            cohort.Search.Step(ended);
            foreach (var (input, output) in ended)
            {
                members[input]!.Completion.TrySetResult(output);
                Finish(members[input]!, null);
                members[input] = null;
            }
        }
        catch (Exception exception)
        {
            var failure = exception is Microsoft.ML.OnnxRuntime.OnnxRuntimeException
                ? new ModelRunException($"The model in '{_model.Directory}' failed to run: {exception.Message}", exception)
                : exception;
            FailMembers(members, failure);
            cohort.Search.Leave(static _ => true);
        }
    }

    /// <summary>A request leaves: its cache reservation is freed; with an error, its caller gets it.</summary>
    private void Finish(Pending item, Exception? error)
    {
        if (error is not null)
        {
            item.Completion.TrySetException(error);
        }
        item.Registration.Dispose();
        Interlocked.Add(ref _reservedTokens, -item.CacheTokens);
    }

    private sealed class Pending(GenerationRequest request, long cacheTokens)
    {
        public GenerationRequest Request { get; } = request;

        public long CacheTokens { get; } = cacheTokens;

        public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<GeneratedSequence> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    /// <summary>A search and its requests: member i decodes the search's input i; null once it has left.</summary>
    private sealed class Cohort(DecodingCohort search, Pending?[] members)
    {
        public DecodingCohort Search { get; } = search;

        /// <summary>Member i decodes input i of the search; renumbered when the search absorbs another (<see cref="Merge"/>).</summary>
        public Pending?[] Members { get; set; } = members;
    }
}
