using Translate.Core.Inference.Batching;

namespace Translate.Core.Tests.Inference.Batching;

/// <summary>A request to the fake model: its result is its id; its length counts as tokens.</summary>
internal sealed record FakeRequest(int Id, int Length);

/// <summary>
/// A stand-in for a model behind a <see cref="DynamicBatcher{TRequest, TResult}"/>: records every batch, can be held
/// inside a run until released (to make "while a batch runs" deterministic), and can fail on a chosen request.
/// </summary>
internal sealed class FakeModel : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<(FakeRequest[] Requests, int PaddedLength)> _batches = [];
    private readonly SemaphoreSlim _started = new(0);
    private readonly ManualResetEventSlim _released = new(true);

    /// <summary>How long each run takes, so that requests pile up behind it.</summary>
    public TimeSpan RunTime { get; set; }

    /// <summary>A run that meets a request with this id throws.</summary>
    public int? FailOn { get; set; }

    public IReadOnlyList<(FakeRequest[] Requests, int PaddedLength)> Batches
    {
        get
        {
            lock (_gate)
            {
                return _batches.ToArray();
            }
        }
    }

    public DynamicBatcher<FakeRequest, int> CreateBatcher(BatchingOptions options, string? name = null) =>
        new(name ?? $"fake-{Guid.NewGuid():N}", options, static request => request.Length, Run);

    /// <summary>From now on every run waits inside the model until <see cref="Release"/>.</summary>
    public void Hold() => _released.Reset();

    public void Release() => _released.Set();

    /// <summary>Waits until the next run has started (it may be held there).</summary>
    public async Task WaitForRunAsync()
    {
        if (!await _started.WaitAsync(Patience, TestContext.Current.CancellationToken))
        {
            throw new TimeoutException("The batcher never started a run.");
        }
    }

    private void Run(ReadOnlySpan<FakeRequest> requests, int paddedLength, Span<int> results)
    {
        lock (_gate)
        {
            _batches.Add((requests.ToArray(), paddedLength));
        }
        _started.Release();
        if (!_released.Wait(Patience))
        {
            throw new TimeoutException("The test never released the fake model.");
        }
        if (RunTime > TimeSpan.Zero)
        {
            Thread.Sleep(RunTime);
        }
        for (var i = 0; i < requests.Length; i++)
        {
            if (requests[i].Id == FailOn)
            {
                throw new InvalidOperationException($"The fake model fails on request {FailOn}.");
            }
            results[i] = requests[i].Id;
        }
    }

    public void Dispose()
    {
        _released.Set();
        _started.Dispose();
        _released.Dispose();
    }
}
