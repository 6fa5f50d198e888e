using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    public string Address { get; private set; } = string.Empty;

    public GrpcChannel Channel { get; private set; } = null!;

    public Protos.V1.Translate.TranslateClient Client => new(Channel);

    /// <summary>The server's services, for tests that call the service's methods in process.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Configuration on top of the shared defaults, as on the command line (--Section:Key=value).</summary>
    protected virtual IReadOnlyList<string> ExtraArguments => [];

    public async ValueTask InitializeAsync()
    {
        _app = TranslateServer.Build(
            ["--urls", "http://127.0.0.1:0", $"--Processing:MaxTextCodePoints={MaxTextCodePoints}", $"--Server:MaxRequestBytes={MaxRequestBytes}", .. ExtraArguments],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync().ConfigureAwait(false);
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxSendMessageSize = 8 * MaxRequestBytes });
        await WaitUntilServingAsync().ConfigureAwait(false);
    }

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
