using System.Diagnostics;
using Grpc.Core;
using Translate.Protos.V1;

namespace Translate.LoadGenerator;

/// <summary>
/// Overload, as an operator would see it (issue 14): Process calls of the dev articles against one server. First
/// one call at a time (the unloaded latency), then eight callers at once (the capacity, documents a second), then
/// arrivals at four times that capacity for the overload's length, open loop (a call starts on schedule whatever the
/// others do), then one call at a time again (recovery). Every outcome and the server's resident memory are kept.
/// </summary>
internal static class OverloadRun
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WaitBudget = TimeSpan.FromSeconds(2); // Processing:MaxQueueMilliseconds' default

    public static async Task<int> RunAsync(ServerProcess server, IReadOnlyList<string> articles, TimeSpan overload, CancellationToken cancellationToken)
    {
        var client = new Protos.V1.Translate.TranslateClient(server.Channel);
        var next = 0;
        string Article() => articles[Interlocked.Increment(ref next) % articles.Count];

        var unloaded = await SequentialAsync(client, Article, TimeSpan.FromSeconds(20), cancellationToken);
        var capacityClock = Stopwatch.StartNew();
        var capacityCalls = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ClosedLoopAsync(client, Article, TimeSpan.FromSeconds(20), cancellationToken)));
        var capacity = capacityCalls.Sum(c => c.Count(o => o.Status == StatusCode.OK)) / capacityClock.Elapsed.TotalSeconds;
        var rate = 4 * capacity;
        Console.Error.WriteLine($"unloaded p99 {Percentile(unloaded, 0.99):0} ms; capacity {capacity:0.0} documents/s; overload at {rate:0.0}/s for {overload.TotalSeconds:0} s");

        var peakResident = server.ResidentBytes();
        var calls = new List<Task<Outcome>>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / rate);
        var sampled = TimeSpan.Zero;
        for (var i = 0; clock.Elapsed < overload; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }
            calls.Add(CallAsync(client, Article(), cancellationToken));
            if (clock.Elapsed - sampled > TimeSpan.FromSeconds(1))
            {
                sampled = clock.Elapsed;
                peakResident = Math.Max(peakResident, server.ResidentBytes());
            }
        }
        var outcomes = await Task.WhenAll(calls);
        peakResident = Math.Max(peakResident, server.ResidentBytes());
        var recovery = await SequentialAsync(client, Article, TimeSpan.FromSeconds(10), cancellationToken);

        var accepted = outcomes.Where(o => o.Status == StatusCode.OK).ToArray();
        var refused = outcomes.Where(o => o.Status == StatusCode.ResourceExhausted).ToArray();
        var other = outcomes.Where(o => o.Status is not (StatusCode.OK or StatusCode.ResourceExhausted)).ToArray();
        var bound = 2 * Percentile(unloaded, 0.99) + WaitBudget.TotalMilliseconds;
        var acceptedP99 = Percentile(accepted, 0.99);
        Console.WriteLine($"unloaded (one call at a time, 20 s): {unloaded.Count} calls, p50 {Percentile(unloaded, 0.5):0} ms, p99 {Percentile(unloaded, 0.99):0} ms");
        Console.WriteLine($"capacity (8 callers, 20 s): {capacity:0.0} documents/s");
        Console.WriteLine($"overload ({rate:0.0} calls/s, 4x capacity, {overload.TotalSeconds:0} s): {outcomes.Length} calls, {accepted.Length} accepted, " +
            $"{refused.Length} RESOURCE_EXHAUSTED (median answer {Percentile(refused, 0.5):0} ms), {other.Length} other");
        foreach (var group in other.GroupBy(o => o.Status))
        {
            Console.WriteLine($"  {group.Key}: {group.Count()}, e.g. {group.First().Detail}");
        }
        Console.WriteLine($"accepted latency: p50 {Percentile(accepted, 0.5):0} ms, p99 {acceptedP99:0} ms; bound 2 x unloaded p99 + wait budget = {bound:0} ms");
        Console.WriteLine($"server resident memory: peak {peakResident / 1048576.0:0} MB");
        Console.WriteLine($"recovery (one call at a time right after, 10 s): {recovery.Count} calls, p99 {Percentile(recovery, 0.99):0} ms, " +
            $"{recovery.Count(o => o.Status != StatusCode.OK)} not OK");
        var met = other.Length == 0 && accepted.Length > 0 && refused.Length > 0 && acceptedP99 <= bound
            && recovery.All(o => o.Status == StatusCode.OK) && Percentile(recovery, 0.99) <= 2 * Percentile(unloaded, 0.99);
        Console.WriteLine(met ? "targets: met" : "targets: NOT met");
        return met ? 0 : 2;
    }

    private sealed record Outcome(StatusCode Status, double Milliseconds, string Detail);

    private static async Task<Outcome> CallAsync(Protos.V1.Translate.TranslateClient client, string article, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await client.ProcessAsync(new ProcessRequest { Document = new Document { Text = article } }, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancellationToken);
            return new Outcome(StatusCode.OK, clock.Elapsed.TotalMilliseconds, string.Empty);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(exception.StatusCode, clock.Elapsed.TotalMilliseconds, exception.Status.Detail);
        }
    }

    private static async Task<List<Outcome>> SequentialAsync(Protos.V1.Translate.TranslateClient client, Func<string> article, TimeSpan duration, CancellationToken cancellationToken)
    {
        var outcomes = new List<Outcome>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            outcomes.Add(await CallAsync(client, article(), cancellationToken));
        }
        return outcomes;
    }

    private static Task<List<Outcome>> ClosedLoopAsync(Protos.V1.Translate.TranslateClient client, Func<string> article, TimeSpan duration, CancellationToken cancellationToken) =>
        SequentialAsync(client, article, duration, cancellationToken);

    private static double Percentile(IReadOnlyCollection<Outcome> outcomes, double share)
    {
        if (outcomes.Count == 0)
        {
            return double.NaN;
        }
        var sorted = outcomes.Select(o => o.Milliseconds).Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
    }
}
