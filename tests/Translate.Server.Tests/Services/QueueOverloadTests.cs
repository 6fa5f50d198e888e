using System.Diagnostics;
using Grpc.Core;
using Translate.Protos.V1;

namespace Translate.Server.Tests.Services;

/// <summary>
/// A server whose model queue holds 48 sentences (four articles of twelve), so a burst of callers overfills it; every
/// caller is let in at once (the document gate, Processing:MaxConcurrentDocuments, would otherwise meter them).
/// </summary>
public sealed class TinyQueueServerFixture : ServerFixture
{
    public const int QueueCapacity = 48;

    protected override IReadOnlyList<string> ExtraArguments => [$"--Batching:QueueCapacity={QueueCapacity}", "--Processing:MaxConcurrentDocuments=64"];
}

public sealed class QueueOverloadTests(TinyQueueServerFixture server) : IClassFixture<TinyQueueServerFixture>
{
    private const int Callers = 48;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // Twelve distinct prose sentences of about 80 tokens: a call submits up to a quarter of the queue at once, so
    // each call's sentences go in together, all or none, and a refused call is refused before any of them ran.
    // Long sentences make the model's work, which a completed call waits for, outweigh the work before the queue.
    private static string Article(int caller) => string.Join(' ', Enumerable.Range(1, 12).Select(sentence =>
        $"Reporter {caller} filed dispatch number {sentence} about the harbour, where the fishing boats came back late, " +
        "the markets, where prices of bread, fuel and grain rose again for the third week running, and the weather " +
        "on the coast, which forecasters expect to turn colder and wetter before the end of the month."));

    [Fact]
    public async Task Summarize_QueueOverfilled_SomeResourceExhaustedQuicklyTheRestComplete()
    {
        var client = server.Client;
        var usageBefore = await RefusedRowsAsync(client);

        var calls = Enumerable.Range(0, Callers).Select(async caller =>
        {
            var text = Article(caller);
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await client.SummarizeAsync(new SummarizeRequest { Document = new Document { Id = $"{caller}", Text = text } },
                    deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: Cancellation);
                return new Outcome(caller, text, result, StatusCode.OK, clock.Elapsed, string.Empty);
            }
            catch (RpcException exception)
            {
                return new Outcome(caller, text, null, exception.StatusCode, clock.Elapsed, exception.Status.Detail);
            }
        }).ToArray();
        var outcomes = await Task.WhenAll(calls);

        Assert.All(outcomes, outcome => Assert.True(outcome.Status is StatusCode.OK or StatusCode.ResourceExhausted,
            $"caller {outcome.Caller}: {outcome.Status} {outcome.Detail}"));
        var refused = outcomes.Where(o => o.Status == StatusCode.ResourceExhausted).ToArray();
        var completed = outcomes.Where(o => o.Status == StatusCode.OK).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{refused.Length} refused (median {Median(refused.Select(o => o.Elapsed)).TotalMilliseconds:0} ms), " +
            $"{completed.Length} completed (median {Median(completed.Select(o => o.Elapsed)).TotalMilliseconds:0} ms)");
        Assert.NotEmpty(refused);
        Assert.NotEmpty(completed);

        // Refused at once, not after waiting for room: a refusal comes faster than a call that had its sentences run.
        Assert.True(Median(refused.Select(o => o.Elapsed)) < Median(completed.Select(o => o.Elapsed)),
            $"median refusal {Median(refused.Select(o => o.Elapsed)).TotalMilliseconds:0} ms, median completion {Median(completed.Select(o => o.Elapsed)).TotalMilliseconds:0} ms");
        Assert.All(refused, o => Assert.Contains("queue", o.Detail, StringComparison.OrdinalIgnoreCase));
        Assert.All(completed, o =>
        {
            Assert.Equal($"{o.Caller}", o.Result!.Id);
            Assert.NotEmpty(o.Result.Summary.Sentences);
            Assert.All(o.Result.Summary.Sentences, sentence => Assert.Contains(sentence, o.Text));
        });
        Assert.True(await RefusedRowsAsync(client) - usageBefore >= refused.Length, "GetInfo's usage.refused_rows counts every refusal");

        // The queue drained: a lone call afterwards is served.
        var after = await client.SummarizeAsync(new SummarizeRequest { Document = new Document { Text = Article(Callers) } }, cancellationToken: Cancellation);
        Assert.NotEmpty(after.Summary.Sentences);
    }

    private sealed record Outcome(int Caller, string Text, DocumentResult? Result, StatusCode Status, TimeSpan Elapsed, string Detail);

    private static async Task<long> RefusedRowsAsync(Protos.V1.Translate.TranslateClient client)
    {
        var info = await client.GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancellation);
        return Assert.Single(info.Models, model => model.Usage is not null).Usage.RefusedRows;
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
