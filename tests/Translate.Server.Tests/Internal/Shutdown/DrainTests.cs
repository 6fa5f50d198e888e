using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Translate.Protos.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Translate.Server.Tests.Internal.Shutdown;

/// <summary>A server of its own: the test begins its shutdown, which cannot be undone.</summary>
public sealed class DrainingServerFixture : ServerFixture;

/// <summary>
/// The first step of shutdown, in process: the host's stopping signal without the host stopping, so the listener is
/// still open and what a caller gets in between can be seen.
/// </summary>
public sealed class DrainTests(DrainingServerFixture server) : IClassFixture<DrainingServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_AfterShutdownBegan_HealthNotServingWatchEndsNewCallsUnavailable()
    {
        var health = new Health.HealthClient(server.Channel);
        using var watch = health.Watch(new HealthCheckRequest { Service = "translate.v1.Translate" }, cancellationToken: Cancellation);
        Assert.True(await watch.ResponseStream.MoveNext(Cancellation));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);

        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // Watchers are told, then their stream ends cleanly instead of holding the shutdown for the grace.
        Assert.True(await watch.ResponseStream.MoveNext(Cancellation));
        Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        Assert.False(await watch.ResponseStream.MoveNext(Cancellation));
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);

        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Cancellation)).Status);
        Assert.Equal(ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "translate.v1.Translate" }, cancellationToken: Cancellation)).Status);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => server.Client.ProcessAsync(
            new ProcessRequest { Document = new Document { Text = SampleArticle.Text } }, cancellationToken: Cancellation).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
        Assert.Contains("shutting down", refusal.Status.Detail);

        using var http = new HttpClient();
        using var response = await http.PostAsync($"{server.HttpAddress}/v1/process",
            new StringContent("""{"document":{"text":"A sentence."}}""", Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("\"code\":14", await response.Content.ReadAsStringAsync(Cancellation));
    }
}
