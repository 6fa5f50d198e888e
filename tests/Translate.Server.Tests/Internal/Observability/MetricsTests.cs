using Translate.Protos.V1;

namespace Translate.Server.Tests.Internal.Observability;

[Collection(ServerCollection.Name)]
public sealed class MetricsTests(ServerFixture server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterAProcessCall_ListsBatchingGrpcRuntimeAndProcessSeries()
    {
        await server.Client.ProcessAsync(new ProcessRequest { Document = new Document { Id = "metrics", Text = SampleArticle.Text } }, cancellationToken: Cancellation);
        using var http = new HttpClient();

        // The exporter serves a cached scrape for a moment (another test's scrape may be that old, and other
        // tests' Process calls already put rpc_method="Process" in it): wait for this call's own series.
        var scrape = string.Empty;
        string[] process = [];
        for (var attempt = 0; attempt < 40 && process.Length == 0; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 250, Cancellation);
            scrape = await http.GetStringAsync($"{server.HttpAddress}/metrics", Cancellation);
            process = OkGrpcProcessCounts(scrape);
        }

        // Meters are process-wide and this test process hosts several servers (the TLS and API-key fixtures run beside
        // this one), so each server's exporter also lists the others' series: sum them.
        Assert.True(process.Length >= 1, $"No count of OK Process calls over gRPC in:\n{scrape}");
        Assert.True(process.Sum(line => double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture)) >= 1);
        Assert.Contains("rpc_server_call_duration_seconds_bucket{", scrape);
        Assert.Contains("translate_batching_batch_rows_count{", scrape);
        Assert.Contains("translate_batcher=\"minilm-l6-v2\"", scrape);
        Assert.Contains("translate_batching_queue_wait_seconds_bucket{", scrape);
        Assert.Contains("http_server_request_duration_seconds_bucket{", scrape);
        Assert.Contains("dotnet_gc_collections_total", scrape);
        Assert.Contains("process_cpu_time_seconds_total", scrape);
    }

    private static string[] OkGrpcProcessCounts(string scrape) =>
        scrape.Split('\n').Where(line => line.StartsWith("rpc_server_call_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("rpc_method=\"Process\"", StringComparison.Ordinal)
            && line.Contains("rpc_grpc_status_code=\"0\"", StringComparison.Ordinal)
            && line.Contains("translate_transport=\"grpc\"", StringComparison.Ordinal)).ToArray();
}
