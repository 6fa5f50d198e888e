using Translate.Cli.Archive.Internal;

namespace Translate.Cli.Archive;

/// <summary>How a <see cref="RemoteRunner"/> reaches its servers; <see cref="RemoteRunnerOptions"/> reads it from the command line.</summary>
/// <param name="Servers">The --server entries: single servers, and DNS names whose addresses are replicas.</param>
/// <param name="InflightPerServer">Documents in flight on each server (one ProcessStream each), --server-inflight.</param>
/// <param name="DocumentTimeout">From ProcessAsync to the result, retries and waits included, --server-timeout.</param>
/// <param name="ApiKey">Sent as "authorization: Bearer KEY" when set (--api-key, TRANSLATE_API_KEY).</param>
internal sealed record RemoteRunnerSettings(
    IReadOnlyList<ServerAddress> Servers,
    int InflightPerServer = RemoteRunnerSettings.DefaultInflight,
    TimeSpan? DocumentTimeout = null,
    string? ApiKey = null)
{
    /// <summary>
    /// The contract does not tell a server's Processing:MaxConcurrentDocuments (GetInfo gives limits on size only); the
    /// server's default is one a core, and 4 keeps a small server busy while the network round trip is in flight.
    /// </summary>
    public const int DefaultInflight = 4;

    /// <summary>Above the server's default processing budget (120 s) plus its queue wait, with room for a retry.</summary>
    public static readonly TimeSpan DefaultDocumentTimeout = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout => DocumentTimeout ?? DefaultDocumentTimeout;

    /// <summary>Servers tried with one document before it fails: a rolling restart can take two in a row.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First wait before a document goes out again, doubled on each attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a lane waits for a connection before it looks again (and the channel keeps reconnecting).</summary>
    public TimeSpan ConnectWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A stream is closed and a new one opened after this long, so that replicas a DNS refresh added get streams too
    /// and a draining server is left; a new stream on an open connection costs one round trip.
    /// </summary>
    public TimeSpan StreamLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a dns:/// name is resolved again (grpc-dotnet's default is only on a connection failure).</summary>
    public TimeSpan DnsRefresh { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the runner says that a server went away or came back (standard error in the CLI); null for silence.</summary>
    public Action<string>? Notice { get; init; }
}
