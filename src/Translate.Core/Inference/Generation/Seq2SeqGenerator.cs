using Translate.Core.Inference.Batching;
using Translate.Core.Inference.Generation.Internal;

namespace Translate.Core.Inference.Generation;

/// <summary>
/// Generation for every concurrent caller of one <see cref="Seq2SeqModel"/>, through its
/// <see cref="DynamicBatcher{TRequest, TResult}"/>: the inputs of different calls that meet in the queue run as one
/// batch, the encoder once over all of them and the decoder step by step over all rows together (rows padded; a row
/// that finishes leaves the batch). Requests with different settings wait in the same queue and run as separate
/// groups of their batch. A result does not depend on the requests it ran with. With
/// <see cref="BatchingOptions.Scheduling"/> Continuous, requests join the decoder loop at every step and leave as soon
/// as they end instead (<see cref="ContinuousScheduler"/>).
/// </summary>
public sealed class Seq2SeqGenerator : IAsyncDisposable, IDisposable
{
    private readonly DynamicBatcher<GenerationRequest, GeneratedSequence>? _batcher;
    private readonly ContinuousScheduler? _scheduler;
    private readonly int _submissionSlice;

    /// <param name="model">Owned from here: disposed with the generator.</param>
    public Seq2SeqGenerator(string name, Seq2SeqModel model, BatchingOptions batching)
    {
        Model = model;
        // One call submits at most this many inputs at a time, so a long document cannot fill the queue by itself.
        _submissionSlice = Math.Max(1, batching.QueueCapacity / 4);
        if (batching.Scheduling == BatchScheduling.Continuous)
        {
            _scheduler = new ContinuousScheduler(name, model, batching);
        }
        else
        {
            _batcher = new DynamicBatcher<GenerationRequest, GeneratedSequence>(name, batching, static request => request.InputIds.Length, Run);
        }
    }

    public Seq2SeqModel Model { get; }

    /// <summary>The batcher in front of the model under static scheduling; null under continuous scheduling.</summary>
    public DynamicBatcher<GenerationRequest, GeneratedSequence>? Batcher => _batcher;

    /// <summary>Requests waiting for the model to start them.</summary>
    public int QueueDepth => _batcher?.QueueDepth ?? _scheduler!.QueueDepth;

    /// <summary>The continuous scheduler, under continuous scheduling (its test hook and cache reservation).</summary>
    internal ContinuousScheduler? Scheduler => _scheduler;

    /// <summary>Generates for one input (token ids, special tokens included), with the model's settings unless others are given.</summary>
    /// <exception cref="BatchQueueFullException">The model's queue is full.</exception>
    public Task<GeneratedSequence> GenerateAsync(int[] inputIds, GenerationSettings? settings = null, CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(inputIds, settings ?? Model.Settings, cancellationToken);
        return _batcher?.EnqueueAsync(request, cancellationToken) ?? _scheduler!.EnqueueAll([request], cancellationToken)[0];
    }

    /// <summary>Generates for several inputs, queued together so that they can share batches; one result an input, in order.</summary>
    /// <exception cref="BatchQueueFullException">The model's queue is full.</exception>
    public async Task<GeneratedSequence[]> GenerateAllAsync(IReadOnlyList<int[]> inputs, GenerationSettings? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= Model.Settings;
        var requests = inputs.Select(input => CreateRequest(input, settings, cancellationToken)).ToList();
        var results = new GeneratedSequence[requests.Count];
        for (var first = 0; first < requests.Count; first += _submissionSlice)
        {
            var slice = requests.GetRange(first, Math.Min(_submissionSlice, requests.Count - first));
            var done = await Task.WhenAll(_batcher?.EnqueueAll(slice, cancellationToken) ?? _scheduler!.EnqueueAll(slice, cancellationToken)).ConfigureAwait(false);
            done.CopyTo(results, first);
        }
        return results;
    }

    /// <summary>Runs the model once on a short and a longer input, straight (start-up is synchronous and nothing is queued yet).</summary>
    public void WarmUp()
    {
        var eos = Model.Settings.EosTokenIds[0];
        Model.Generate([[eos], Enumerable.Repeat(eos, 16).ToArray()], Model.Settings with { MaxNewTokens = 2 });
    }

    /// <summary>Lets every accepted request finish, then closes the model's sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync().ConfigureAwait(false);
        }
        Model.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking; for synchronous shutdown paths.</summary>
    public void Dispose()
    {
        _batcher?.Dispose();
        _scheduler?.Dispose();
        Model.Dispose();
    }

    private GenerationRequest CreateRequest(int[] inputIds, GenerationSettings settings, CancellationToken cancellationToken)
    {
        // Checked here, so that one caller's bad input fails its own call and not the batch it would have joined.
        Model.CheckSettings(settings);
        Model.CheckInput(inputIds);
        return new GenerationRequest(inputIds, settings, cancellationToken);
    }

    private void Run(ReadOnlySpan<GenerationRequest> requests, int paddedLength, Span<GeneratedSequence> results)
    {
        // Rows with equal settings decode together; the batch usually holds one group.
        var groups = new Dictionary<GenerationSettings, List<int>>();
        for (var i = 0; i < requests.Length; i++)
        {
            if (!groups.TryGetValue(requests[i].Settings, out var members))
            {
                groups[requests[i].Settings] = members = [];
            }
            members.Add(i);
        }
        foreach (var (settings, members) in groups)
        {
            var inputs = new int[members.Count][];
            for (var k = 0; k < members.Count; k++)
            {
                inputs[k] = requests[members[k]].InputIds;
            }
            using var abandoned = WhenAllCancelled(requests, members);
            GeneratedSequence[] outputs;
            try
            {
                outputs = Model.Generate(inputs, settings, abandoned?.Token ?? default);
            }
            catch (OperationCanceledException) when (abandoned is { Token.IsCancellationRequested: true })
            {
                // Every caller of this group has gone and has its answer; the batch's other groups still run.
                continue;
            }
            for (var k = 0; k < members.Count; k++)
            {
                results[members[k]] = outputs[k];
            }
        }
    }

    /// <summary>
    /// A token cancelled once every member's caller has cancelled (the group's work is then wasted); null when some
    /// caller cannot cancel. A group that some caller still waits for runs to its end.
    /// </summary>
    private static AbandonedGroup? WhenAllCancelled(ReadOnlySpan<GenerationRequest> requests, List<int> members)
    {
        foreach (var member in members)
        {
            if (!requests[member].Cancellation.CanBeCanceled)
            {
                return null;
            }
        }
        var group = new AbandonedGroup(members.Count);
        foreach (var member in members)
        {
            group.Watch(requests[member].Cancellation);
        }
        return group;
    }

    private sealed class AbandonedGroup(int callers) : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly List<CancellationTokenRegistration> _registrations = new(callers);
        private int _remaining = callers;

        public CancellationToken Token => _source.Token;

        public void Watch(CancellationToken caller) =>
            _registrations.Add(caller.UnsafeRegister(static state =>
            {
                var group = (AbandonedGroup)state!;
                if (Interlocked.Decrement(ref group._remaining) == 0)
                {
                    group._source.Cancel();
                }
            }, this));

        public void Dispose()
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose(); // waits for a callback in flight, so the source is never cancelled after this
            }
            _source.Dispose();
        }
    }
}

/// <summary>One input of a <see cref="Seq2SeqGenerator"/>'s queue: token ids and the settings to generate with.</summary>
/// <param name="Cancellation">The caller's token: once every caller of a group has gone, its decoding stops at the next step.</param>
public sealed record GenerationRequest(int[] InputIds, GenerationSettings Settings, CancellationToken Cancellation = default);
