using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Translate.Cli.Archive;
using Translate.Cli.Archive.Internal;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive;

public sealed class RemoteRunnerWithoutServerTests
{
    [Fact]
    public async Task ProcessAsync_NothingListening_FailsAtItsTimeoutNamingTheOption()
    {
        var address = ServerAddress.Parse($"127.0.0.1:{ClosedPort()}", "--server");
        await using var runner = await RemoteRunner.StartAsync(new RemoteRunnerSettings([address], 2, TimeSpan.FromSeconds(2)), TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => runner.ProcessAsync(new DocumentRequest("lonely", "Some text."), TestContext.Current.CancellationToken));

        Assert.Contains("document 'lonely': no server answered within 2 s (--server-timeout)", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ProcessAsync_CallerCancels_CancelledAtOnce()
    {
        var address = ServerAddress.Parse($"127.0.0.1:{ClosedPort()}", "--server");
        await using var runner = await RemoteRunner.StartAsync(new RemoteRunnerSettings([address]), TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.ProcessAsync(new DocumentRequest("cancelled", "Some text."), cancel.Token));
    }

    [Fact]
    public async Task DisposeAsync_DocumentsWaiting_FailAsDisposed()
    {
        var address = ServerAddress.Parse($"127.0.0.1:{ClosedPort()}", "--server");
        var runner = await RemoteRunner.StartAsync(new RemoteRunnerSettings([address]), TestContext.Current.CancellationToken);
        var waiting = runner.ProcessAsync(new DocumentRequest("waiting", "Some text."), TestContext.Current.CancellationToken);

        await runner.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    // A port nothing listens on: taken from the system and released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
