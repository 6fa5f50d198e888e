using System.Diagnostics;
using Translate.Core.Inference.Batching;

namespace Translate.Core.Tests.Inference.Batching;

public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnqueueAsync_LoneRequestOnIdleWorker_RunsWithoutWaitingForCompany()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions { MaxWaitMilliseconds = 1000 });

        var clock = Stopwatch.StartNew();
        var result = await batcher.EnqueueAsync(new FakeRequest(7, 5), TestToken).WaitAsync(Patience, TestToken);

        Assert.Equal(7, result);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"A lone request took {clock.Elapsed.TotalMilliseconds:0} ms; MaxWait (1000 ms) must not apply to it.");
    }

    [Fact]
    public async Task EnqueueAsync_RequestsArrivingWhileABatchRuns_ShareTheNextBatch()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions());
        model.Hold();
        var first = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();

        var waiting = Enumerable.Range(1, 8).Select(id => batcher.EnqueueAsync(new FakeRequest(id, 10), TestToken)).ToArray();
        model.Release();
        var results = await Task.WhenAll(waiting).WaitAsync(Patience, TestToken);

        Assert.Equal(0, await first);
        Assert.Equal(Enumerable.Range(1, 8), results);
        Assert.Equal(2, model.Batches.Count);
        Assert.Equal(Enumerable.Range(1, 8), model.Batches[1].Requests.Select(request => request.Id).Order());
    }

    [Fact]
    public async Task EnqueueAsync_PartialBatchUnderLoad_IsHeldForCompanyAtMostMaxWait()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions { MaxWaitMilliseconds = 300 });
        model.Hold();
        var first = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var clock = Stopwatch.StartNew();
        var held = batcher.EnqueueAsync(new FakeRequest(1, 10), TestToken);

        model.Release();
        await Task.Delay(50, TestToken);
        var late = batcher.EnqueueAsync(new FakeRequest(2, 10), TestToken);
        await Task.WhenAll(held, late).WaitAsync(Patience, TestToken);
        clock.Stop();

        await first;
        Assert.Equal(2, model.Batches.Count);
        Assert.Equal([1, 2], model.Batches[1].Requests.Select(request => request.Id).Order());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"A request held for company took {clock.Elapsed.TotalMilliseconds:0} ms; MaxWait is 300 ms.");
    }

    [Fact]
    public async Task EnqueueAsync_WaitingRequestsOfTwoLengths_AreBatchedByLengthOldestFirst()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions());
        model.Hold();
        var first = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();

        int[] lengths = [10, 50, 11, 52, 12, 49];
        var waiting = lengths.Select((length, i) => batcher.EnqueueAsync(new FakeRequest(i + 1, length), TestToken)).ToArray();
        model.Release();
        await Task.WhenAll(waiting).WaitAsync(Patience, TestToken);
        await first;

        var batches = model.Batches;
        Assert.Equal(3, batches.Count);
        Assert.Equal([10, 11, 12], batches[1].Requests.Select(request => request.Length).Order());
        Assert.Equal(12, batches[1].PaddedLength);
        Assert.Equal([49, 50, 52], batches[2].Requests.Select(request => request.Length).Order());
        Assert.Equal(52, batches[2].PaddedLength);
    }

    [Fact]
    public async Task EnqueueAsync_ConcurrentCallersWithRandomLengths_EachGetsItsOwnResultWithinTheLimits()
    {
        var options = new BatchingOptions { MaxBatchRows = 8, MaxBatchTokens = 400, MaxWaitMilliseconds = 1 };
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(options);
        var random = new Random(4);
        var requests = Enumerable.Range(0, 500).Select(id => new FakeRequest(id, random.Next(1, 120))).ToArray();

        var callers = requests.Chunk(25).Select(chunk => Task.Run(async () =>
        {
            foreach (var request in chunk)
            {
                Assert.Equal(request.Id, await batcher.EnqueueAsync(request, TestToken));
            }
        }, TestToken));
        await Task.WhenAll(callers).WaitAsync(Patience, TestToken);

        var batches = model.Batches;
        Assert.Equal(requests.Length, batches.Sum(batch => batch.Requests.Length));
        Assert.Contains(batches, batch => batch.Requests.Length > 1);
        foreach (var (batchRequests, paddedLength) in batches)
        {
            Assert.InRange(batchRequests.Length, 1, options.MaxBatchRows);
            Assert.Equal(batchRequests.Max(request => request.Length), paddedLength);
            if (batchRequests.Length > 1)
            {
                Assert.True(batchRequests.Length * paddedLength <= options.MaxBatchTokens, $"A batch of {batchRequests.Length} × {paddedLength} tokens is over the budget.");
            }
        }
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task EnqueueAsync_MaxBatchRowsOne_EveryRequestRunsAloneInArrivalOrder()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions { MaxBatchRows = 1 });
        model.Hold();
        var first = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();

        var waiting = Enumerable.Range(1, 6).Select(id => batcher.EnqueueAsync(new FakeRequest(id, 10 + id % 2), TestToken)).ToArray();
        model.Release();
        await Task.WhenAll(waiting).WaitAsync(Patience, TestToken);
        await first;

        Assert.All(model.Batches, batch => Assert.Single(batch.Requests));
        Assert.Equal(Enumerable.Range(0, 7), model.Batches.Select(batch => batch.Requests[0].Id));
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileWaiting_LeavesTheQueueAtOnceAndNeverRuns()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions());
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        using var cancellation = new CancellationTokenSource();
        var waiting = batcher.EnqueueAsync(new FakeRequest(1, 10), cancellation.Token);
        var other = batcher.EnqueueAsync(new FakeRequest(2, 10), TestToken);
        Assert.Equal(2, batcher.QueueDepth);

        await cancellation.CancelAsync();

        // The model is still held: the cancelled caller is answered without waiting for any run.
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience, TestToken));
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Equal(1, batcher.QueueDepth);
        model.Release();
        Assert.Equal(0, await running.WaitAsync(Patience, TestToken));
        Assert.Equal(2, await other.WaitAsync(Patience, TestToken));
        Assert.Equal(0, batcher.QueueDepth);
        Assert.DoesNotContain(model.Batches.SelectMany(batch => batch.Requests), request => request.Id == 1);
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileItsBatchRuns_IsAnsweredAtOnceAndItsResultDropped()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions());
        model.Hold();
        using var cancellation = new CancellationTokenSource();
        var cancelled = batcher.EnqueueAsync(new FakeRequest(0, 10), cancellation.Token);
        await model.WaitForRunAsync();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience, TestToken));
        model.Release();
        Assert.Equal(1, await batcher.EnqueueAsync(new FakeRequest(1, 10), TestToken).WaitAsync(Patience, TestToken));
        Assert.True(cancelled.IsCanceled);
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task EnqueueAsync_ManyCallersCancelledAtRandomTimes_AllAnsweredAndQueueEmpties()
    {
        using var model = new FakeModel { RunTime = TimeSpan.FromMilliseconds(1) };
        // 400 calls at once: on a busy machine the wait the batcher estimates for the last of them can pass the default
        // 2 s and refuse it (admission by wait, the subject of the overload tests); here only cancellation is tested.
        var batcher = model.CreateBatcher(new BatchingOptions { MaxBatchRows = 4, MaxWaitMilliseconds = 1, MaxQueueMilliseconds = 3_600_000 });
        var random = new Random(11);
        var calls = new List<(FakeRequest Request, Task<int> Task)>();
        var cancellations = new List<CancellationTokenSource>();
        for (var id = 0; id < 400; id++)
        {
            var cancellation = new CancellationTokenSource();
            cancellations.Add(cancellation);
            var request = new FakeRequest(id, random.Next(1, 60));
            calls.Add((request, batcher.EnqueueAsync(request, cancellation.Token)));
            if (random.Next(3) == 0)
            {
                cancellations[random.Next(cancellations.Count)].CancelAfter(random.Next(0, 5));
            }
        }

        await Task.WhenAny(Task.WhenAll(calls.Select(call => call.Task)), Task.Delay(Patience, TestToken));
        await batcher.DisposeAsync();

        Assert.All(calls, call =>
        {
            Assert.True(call.Task.IsCompleted, $"Request {call.Request.Id} was never answered.");
            Assert.True(call.Task.IsCanceled || call.Task.Result == call.Request.Id);
        });
        Assert.Contains(calls, call => call.Task.IsCanceled);
        Assert.Equal(0, batcher.QueueDepth);
        var ran = model.Batches.SelectMany(batch => batch.Requests).Select(request => request.Id).ToList();
        Assert.Equal(ran.Count, ran.Distinct().Count());
        foreach (var cancellation in cancellations)
        {
            cancellation.Dispose();
        }
    }

    [Fact]
    public async Task EnqueueAsync_QueueFull_ThrowsAtOnceWhileAcceptedRequestsComplete()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions { QueueCapacity = 4 });
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var accepted = Enumerable.Range(1, 4).Select(id => batcher.EnqueueAsync(new FakeRequest(id, 10), TestToken)).ToArray();

        var clock = Stopwatch.StartNew();
        var refused = Assert.Throws<BatchQueueFullException>(() => { _ = batcher.EnqueueAsync(new FakeRequest(5, 10), TestToken); });
        Assert.Throws<BatchQueueFullException>(() => batcher.EnqueueAll([new FakeRequest(6, 10)], TestToken));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(100), $"Refusing took {clock.Elapsed.TotalMilliseconds:0} ms.");
        Assert.Equal(4, refused.Capacity);
        Assert.Contains("Batching:QueueCapacity", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, batcher.QueueDepth);
        model.Release();
        Assert.Equal(0, await running.WaitAsync(Patience, TestToken));
        Assert.Equal(new[] { 1, 2, 3, 4 }, await Task.WhenAll(accepted).WaitAsync(Patience, TestToken));
        Assert.Equal(5, await batcher.EnqueueAsync(new FakeRequest(5, 10), TestToken).WaitAsync(Patience, TestToken));
    }

    [Fact]
    public async Task Counters_AfterABatchOfTwoLengthsAndARefusal_CountRowsTokensPaddingAndRefused()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions { QueueCapacity = 2 });
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var waiting = batcher.EnqueueAll([new FakeRequest(1, 10), new FakeRequest(2, 12)], TestToken);
        Assert.Throws<BatchQueueFullException>(() => batcher.EnqueueAll([new FakeRequest(3, 10)], TestToken));

        model.Release();
        await running.WaitAsync(Patience, TestToken);
        await Task.WhenAll(waiting).WaitAsync(Patience, TestToken);

        // Runs: [10] alone, then [10, 12] padded to 12: 10 + 24 tokens, 2 of them padding.
        Assert.Equal(2, model.Batches.Count);
        Assert.Equal(new BatcherCounters(Requests: 3, Batches: 2, Tokens: 34, PaddingTokens: 2, Refused: 1), batcher.Counters);
    }

    [Fact]
    public async Task EnqueueAll_MoreThanTheQueueHasRoomFor_AcceptsNone()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions { QueueCapacity = 4 });
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var accepted = batcher.EnqueueAll([new FakeRequest(1, 10), new FakeRequest(2, 10)], TestToken);

        Assert.Throws<BatchQueueFullException>(() => batcher.EnqueueAll([new FakeRequest(3, 10), new FakeRequest(4, 10), new FakeRequest(5, 10)], TestToken));

        Assert.Equal(2, batcher.QueueDepth);
        model.Release();
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(accepted).WaitAsync(Patience, TestToken));
        await running;
        Assert.DoesNotContain(model.Batches.SelectMany(batch => batch.Requests), request => request.Id > 2);
    }

    [Fact]
    public async Task DisposeAsync_WithRequestsWaiting_RunsThemAllAndRefusesNewOnes()
    {
        using var model = new FakeModel();
        var batcher = model.CreateBatcher(new BatchingOptions { MaxBatchRows = 2 });
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var waiting = Enumerable.Range(1, 5).Select(id => batcher.EnqueueAsync(new FakeRequest(id, 10), TestToken)).ToArray();

        var disposing = batcher.DisposeAsync().AsTask();

        Assert.False(disposing.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.EnqueueAsync(new FakeRequest(9, 10), TestToken); });
        model.Release();
        await disposing.WaitAsync(Patience, TestToken);
        Assert.Equal(0, await running);
        Assert.Equal([1, 2, 3, 4, 5], waiting.Select(task => task.Result));
    }

    [Fact]
    public async Task EnqueueAsync_ModelThrows_FailsThatBatchOnlyAndKeepsServing()
    {
        using var model = new FakeModel { FailOn = 1 };
        await using var batcher = model.CreateBatcher(new BatchingOptions());
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var failing = batcher.EnqueueAll([new FakeRequest(1, 10), new FakeRequest(2, 10)], TestToken);
        model.Release();

        Assert.Equal(0, await running.WaitAsync(Patience, TestToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing[0].WaitAsync(Patience, TestToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing[1].WaitAsync(Patience, TestToken));
        Assert.Equal(3, await batcher.EnqueueAsync(new FakeRequest(3, 10), TestToken).WaitAsync(Patience, TestToken));
    }

    [Fact]
    public async Task EnqueueAsync_AlreadyCancelledToken_IsCancelledWithoutQueueing()
    {
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions());

        var task = batcher.EnqueueAsync(new FakeRequest(0, 10), new CancellationToken(canceled: true));

        Assert.True(task.IsCanceled);
        Assert.Equal(0, batcher.QueueDepth);
        await Task.Delay(20, TestToken);
        Assert.Empty(model.Batches);
    }

    [Fact]
    public async Task EnqueueAsync_WorkAheadLongerThanMaxQueueWait_RefusedAtOnceWithARetryHint()
    {
        // 100 ms a run of 10 tokens: about 100 tokens a second once a batch has run.
        using var model = new FakeModel { RunTime = TimeSpan.FromMilliseconds(100) };
        await using var batcher = model.CreateBatcher(new BatchingOptions { MaxBatchRows = 1, MaxQueueMilliseconds = 500 });
        await batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken).WaitAsync(Patience, TestToken);
        model.Hold();
        var running = batcher.EnqueueAsync(new FakeRequest(1, 10), TestToken);
        await model.WaitForRunAsync();
        // One request of 100 tokens queued (nothing ahead of it, so it is taken): about a second of work ahead of the next one.
        var queued = new[] { batcher.EnqueueAsync(new FakeRequest(2, 100), TestToken) };

        var clock = Stopwatch.StartNew();
        var refusal = Assert.Throws<BatchQueueFullException>(() => { _ = batcher.EnqueueAsync(new FakeRequest(99, 10), TestToken); });

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(100), "the refusal must come at once");
        Assert.Contains("MaxQueueMilliseconds", refusal.Message, StringComparison.Ordinal);
        Assert.NotNull(refusal.RetryAfter);
        Assert.InRange(refusal.RetryAfter!.Value.TotalMilliseconds, 500, 5_000);
        model.Release();
        await Task.WhenAll([running, .. queued]).WaitAsync(Patience, TestToken);
        Assert.Equal(1, batcher.Counters.Refused);
    }

    [Fact]
    public async Task EnqueueAll_IdleBatcherAndALongDocument_NeverRefusedForItsOwnLength()
    {
        using var model = new FakeModel { RunTime = TimeSpan.FromMilliseconds(20) };
        await using var batcher = model.CreateBatcher(new BatchingOptions { MaxBatchRows = 1, MaxQueueMilliseconds = 50 });
        await batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken).WaitAsync(Patience, TestToken);

        // 40 requests of one caller: about 800 ms of work in all, far over the budget, but none of it is ahead of the first.
        var results = await Task.WhenAll(batcher.EnqueueAll(Enumerable.Range(1, 40).Select(id => new FakeRequest(id, 10)).ToArray(), TestToken)).WaitAsync(Patience, TestToken);

        Assert.Equal(Enumerable.Range(1, 40), results);
    }
}
