using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TranslateClient = Translate.Protos.V1.Translate.TranslateClient;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// One --server entry: its channel (for a dns:/// name, balanced round robin over every address the name resolves
/// to), the number of streams it gets, and whether it is reachable, for the runner's notices and errors.
/// </summary>
internal sealed class ServerEndpoint : IDisposable
{
    // The server's default Server:MaxResponseBytes: a long article's edits and segments exceed gRPC's 4 MB default.
    private const int MaxResultBytes = 64 * 1024 * 1024;

    private readonly ServiceProvider? _services;
    private readonly Action<string>? _notice;
    private int _down;
    private long _answered;

    private ServerEndpoint(ServerAddress address, int lanes, RemoteRunnerSettings settings)
    {
        Address = address;
        Lanes = lanes;
        _notice = settings.Notice;
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxResultBytes,
            // The server judges size (RESOURCE_EXHAUSTED): one limit, the server's.
            MaxSendMessageSize = null,
            // A restarted server is found again within seconds, not gRPC's default of up to two minutes.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = settings.MaxBackoff,
        };
        if (address.IsDns)
        {
            var services = new ServiceCollection();
            services.AddSingleton<ResolverFactory>(new DnsResolverFactory(settings.DnsRefresh));
            _services = services.BuildServiceProvider();
            options.ServiceProvider = _services;
            options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
            options.Credentials = ChannelCredentials.Insecure;
        }
        Channel = GrpcChannel.ForAddress(address.Target, options);
        Client = new TranslateClient(Channel);
        Headers = settings.ApiKey is { Length: > 0 } key ? new Metadata { { "authorization", $"Bearer {key}" } } : null;
    }

    public ServerAddress Address { get; }

    public string Name => Address.Display;

    /// <summary>Streams (documents in flight) this entry gets: --server-inflight for each address it stands for.</summary>
    public int Lanes { get; }

    public GrpcChannel Channel { get; }

    public TranslateClient Client { get; }

    public Metadata? Headers { get; }

    /// <summary>Documents this entry's servers answered, results and final errors.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    public void CountAnswer() => Interlocked.Increment(ref _answered);

    /// <summary>Why the server last failed, for a document's error; null while it answers.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>A single server gets --server-inflight streams; a DNS name that many for each address it resolves to now.</summary>
    public static async Task<ServerEndpoint> CreateAsync(ServerAddress address, RemoteRunnerSettings settings, CancellationToken cancellationToken)
    {
        var replicas = 1;
        if (address.IsDns)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
                replicas = Math.Max(1, addresses.Distinct().Count());
            }
            catch (SocketException)
            {
                // No replica is up yet (a headless Service lists ready pods only): the channel keeps resolving, and
                // the lanes wait for it.
            }
        }
        return new ServerEndpoint(address, settings.InflightPerServer * replicas, settings);
    }

    /// <summary>Waits up to <paramref name="wait"/> for a connection; false, with the endpoint marked down, when none came.</summary>
    public async Task<bool> WaitConnectedAsync(TimeSpan wait, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(wait);
        try
        {
            await Channel.ConnectAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            MarkDown($"no connection within {wait.TotalSeconds:0.#} s (channel {Channel.State})");
            return false;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the server to report SERVING on grpc.health.v1: a server still loading
    /// its models, or draining, is not sent documents (they would come back UNAVAILABLE and spend their attempts).
    /// False, with the endpoint marked down, when it did not.
    /// </summary>
    public async Task<bool> WaitServingAsync(TimeSpan wait, CancellationToken stopping)
    {
        var health = new Grpc.Health.V1.Health.HealthClient(Channel);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string state;
        do
        {
            try
            {
                var reply = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), Headers, DateTime.UtcNow + wait, stopping).ConfigureAwait(false);
                if (reply.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return true;
                }
                state = $"health {reply.Status}: loading its models or shutting down";
            }
            catch (RpcException exception) when (!stopping.IsCancellationRequested)
            {
                state = $"health check {RemoteFailure.Name(exception.StatusCode)}";
            }
            await Task.Delay(HealthPollInterval, stopping).ConfigureAwait(false);
        }
        while (clock.Elapsed < wait);
        MarkDown(state);
        return false;
    }

    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(250);

    public void MarkDown(string why)
    {
        LastFailure = why;
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            _notice?.Invoke($"{Name} is unavailable ({why}); its documents go to the other servers or wait for it.");
        }
    }

    public void MarkUp()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            LastFailure = null;
            _notice?.Invoke($"{Name} answers again.");
        }
    }

    public void Dispose()
    {
        Channel.Dispose();
        _services?.Dispose();
    }
}
