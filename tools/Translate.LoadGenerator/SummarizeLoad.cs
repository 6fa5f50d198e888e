using System.Diagnostics;
using Grpc.Core;
using Translate.Protos.V1;

namespace Translate.LoadGenerator;

/// <summary>One stretch of calls against one server: what the server ran in it and how long the calls took.</summary>
internal sealed record SummarizeSample(TimeSpan Elapsed, ModelUsage Usage, IReadOnlyList<double> LatenciesMilliseconds, IReadOnlyDictionary<StatusCode, int> Failures);

/// <summary>
/// Summarize calls against a running server, by callers that each send their next article as soon as the previous
/// one is answered. The server's model usage (GetInfo) is read at both ends of the measured stretch, so sentences,
/// runs and padding are the server's own counts.
/// </summary>
internal static class SummarizeLoad
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromMinutes(2);
    // A refused caller backs off as a well-behaved client would (doubling from 100 ms up to 2 s, reset by an
    // answer) instead of retrying at once, which would only feed the overload.
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromSeconds(2);

    /// <summary>Sends every article once at concurrency 8, unmeasured: JIT, thread pool and connection warm-up.</summary>
    public static Task WarmUpAsync(ServerProcess server, IReadOnlyList<string> articles, CancellationToken cancellationToken) =>
        RunCountedAsync(server, articles, Enumerable.Range(0, articles.Count).ToArray(), concurrency: 8, cancellationToken);

    /// <summary>
    /// Sends exactly the given articles (indices into <paramref name="articles"/>) and waits for every answer; the
    /// stretch measured runs from the first call to the last answer. For a lone caller, whose latency is compared
    /// article for article.
    /// </summary>
    public static async Task<SummarizeSample> RunCountedAsync(ServerProcess server, IReadOnlyList<string> articles, IReadOnlyList<int> sequence,
        int concurrency, CancellationToken cancellationToken)
    {
        var client = new Protos.V1.Translate.TranslateClient(server.Channel);
        var calls = new Calls(client, articles);
        var before = await UsageAsync(client, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < sequence.Count; i = Interlocked.Increment(ref next))
            {
                await calls.SendAsync(sequence[i], cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken))).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var after = await UsageAsync(client, cancellationToken).ConfigureAwait(false);
        return calls.Sample(elapsed, Difference(after, before));
    }

    /// <summary>
    /// Keeps every caller busy for <paramref name="duration"/>, reads the server's usage while they still are, then
    /// cancels the calls in flight (the server drops their queued sentences): the throughput is that of a server
    /// under a steady load of <paramref name="concurrency"/> callers, with no ramp-down. Latencies are those of the
    /// calls answered in the stretch.
    /// </summary>
    public static async Task<SummarizeSample> RunTimedAsync(ServerProcess server, IReadOnlyList<string> articles, int concurrency, TimeSpan duration,
        int firstArticle, CancellationToken cancellationToken)
    {
        var client = new Protos.V1.Translate.TranslateClient(server.Channel);
        var calls = new Calls(client, articles);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var before = await UsageAsync(client, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var next = firstArticle - 1;
        var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var backOff = FirstBackOff;
            while (!stop.IsCancellationRequested)
            {
                if (await calls.SendAsync(Interlocked.Increment(ref next) % articles.Count, stop.Token).ConfigureAwait(false) != StatusCode.ResourceExhausted)
                {
                    backOff = FirstBackOff;
                    continue;
                }
                try
                {
                    await Task.Delay(backOff, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                backOff = TimeSpan.FromTicks(Math.Min(2 * backOff.Ticks, LongestBackOff.Ticks));
            }
        }, cancellationToken)).ToArray();
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        var after = await UsageAsync(client, cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(callers).ConfigureAwait(false);
        return calls.Sample(elapsed, Difference(after, before));
    }

    private static async Task<ModelUsage> UsageAsync(Protos.V1.Translate.TranslateClient client, CancellationToken cancellationToken)
    {
        var info = await client.GetInfoAsync(new GetInfoRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return info.Models.FirstOrDefault(model => model.Usage is not null)?.Usage
            ?? throw new LoadGeneratorException("The server's GetInfo reports no model usage (ModelInfo.usage); it is older than the load generator.");
    }

    private static ModelUsage Difference(ModelUsage after, ModelUsage before) => new()
    {
        Inputs = after.Inputs - before.Inputs,
        Rows = after.Rows - before.Rows,
        Batches = after.Batches - before.Batches,
        Tokens = after.Tokens - before.Tokens,
        PaddingTokens = after.PaddingTokens - before.PaddingTokens,
        RefusedRows = after.RefusedRows - before.RefusedRows,
    };

    /// <summary>The calls of one stretch: sends them, keeps their latencies and failures.</summary>
    private sealed class Calls(Protos.V1.Translate.TranslateClient client, IReadOnlyList<string> articles)
    {
        private readonly List<double> _latencies = [];
        private readonly Dictionary<StatusCode, int> _failures = [];

        /// <summary>Sends one call; its status (OK, or the failure), or Cancelled when the load generator stopped it.</summary>
        public async Task<StatusCode> SendAsync(int article, CancellationToken cancellationToken)
        {
            var request = new SummarizeRequest { Document = new Document { Id = $"{article}", Text = articles[article] } };
            var started = Stopwatch.GetTimestamp();
            try
            {
                await client.SummarizeAsync(request, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancellationToken).ConfigureAwait(false);
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (_latencies)
                {
                    _latencies.Add(latency);
                }
                return StatusCode.OK;
            }
            catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
            {
                lock (_latencies)
                {
                    _failures[exception.StatusCode] = _failures.GetValueOrDefault(exception.StatusCode) + 1;
                }
                return exception.StatusCode;
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is RpcException or OperationCanceledException)
            {
                // Stopped by the load generator at the end of the stretch: neither an answer nor a failure.
                return StatusCode.Cancelled;
            }
        }

        public SummarizeSample Sample(TimeSpan elapsed, ModelUsage usage)
        {
            lock (_latencies)
            {
                return new SummarizeSample(elapsed, usage, _latencies.ToArray(), new Dictionary<StatusCode, int>(_failures));
            }
        }
    }
}
