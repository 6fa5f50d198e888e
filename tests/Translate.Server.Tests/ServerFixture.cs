using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Translate.Server.Internal.Listeners;

namespace Translate.Server.Tests;

/// <summary>
/// The real server on a free loopback port, started once for the tests that share it, and a channel to it.
/// Limits are set low so oversize requests are cheap to make. A test class that needs other settings derives
/// its own fixture and adds them in <see cref="ExtraArguments"/>.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const int MaxTextCodePoints = 50_000;
    public const int MaxRequestBytes = 1024 * 1024;

    private WebApplication? _app;

    /// <summary>The gRPC listener (HTTP/2).</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>The HTTP/1.1 listener: the JSON API, /openapi/v1.json and /metrics.</summary>
    public string HttpAddress { get; private set; } = string.Empty;

    public GrpcChannel Channel { get; private set; } = null!;

    public Protos.V1.Translate.TranslateClient Client => new(Channel);

    /// <summary>The server's services, for tests that call the service's methods in process.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Configuration on top of the shared defaults, as on the command line (--Section:Key=value).</summary>
    protected virtual IReadOnlyList<string> ExtraArguments => [];

    /// <summary>Where the listeners bind: free loopback ports unless a fixture says otherwise.</summary>
    protected virtual IReadOnlyList<string> ListenerArguments => ["--urls", "http://127.0.0.1:0", "--Server:HttpUrls=http://127.0.0.1:0"];

    public async ValueTask InitializeAsync()
    {
        _app = TranslateServer.Build(
            // A document is never refused for its wait here (admission has its own tests): the suites run side by side,
            // and a slow neighbour must not turn a call they expect to succeed into RESOURCE_EXHAUSTED.
            [.. ListenerArguments, $"--Processing:MaxTextCodePoints={MaxTextCodePoints}", $"--Server:MaxRequestBytes={MaxRequestBytes}",
             "--Processing:MaxQueueMilliseconds=600000", .. ExtraArguments],
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                ConfigureBuilder(builder);
            });
        await _app.StartAsync().ConfigureAwait(false);
        var listeners = _app.Services.GetRequiredService<ListenerPlan>();
        // A listener bound to every interface is reached through loopback: tests send nothing off this machine.
        Address = OnLoopback(listeners.BoundAddresses(ListenerKind.Grpc).Single());
        HttpAddress = OnLoopback(listeners.BoundAddresses(ListenerKind.Http).Single());
        var options = new GrpcChannelOptions { MaxSendMessageSize = 8 * MaxRequestBytes };
        ConfigureChannel(options);
        Channel = GrpcChannel.ForAddress(Address, options);
        await WaitUntilServingAsync().ConfigureAwait(false);
    }

    /// <summary>For a fixture whose server needs more (a logger).</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    /// <summary>For a fixture whose channel needs more (a certificate to trust).</summary>
    protected virtual void ConfigureChannel(GrpcChannelOptions options)
    {
    }

    public static string OnLoopback(string address) => address.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
        .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal);

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(Channel);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = "translate.v1.Translate" }).ConfigureAwait(false);
            if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
            {
                return;
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException("The server did not report SERVING within two minutes.");
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
