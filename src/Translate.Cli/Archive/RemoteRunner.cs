using System.Collections.Concurrent;
using Translate.Cli.Archive.Internal;
using Translate.Core.Processing;

namespace Translate.Cli.Archive;

/// <summary>
/// Documents through one or more servers' ProcessStream (--server). Each --server entry gets --server-inflight
/// long-lived streams (a dns:/// name that many for each address, balanced round robin by its channel), which take
/// documents from one queue: a faster server takes more, and a document a server could not take (UNAVAILABLE, a
/// broken stream, an overload refusal) goes back to the queue for the others, a bounded number of times. A
/// document the server refuses for itself (INVALID_ARGUMENT, the processing budget) fails at once with Core's
/// exception, as in process; a document no server answers within --server-timeout fails with
/// <see cref="TimeoutException"/>. A result is only ever the answer to its own request (matched by id).
/// </summary>
internal sealed class RemoteRunner : IDocumentRunner
{
    private readonly RemoteRunnerSettings _settings;
    private readonly IReadOnlyList<ServerEndpoint> _endpoints;
    private readonly DocumentQueue _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<PendingDocument, byte> _pending = new();
    private readonly Task[] _lanes;
    private int _disposed;

    private RemoteRunner(RemoteRunnerSettings settings, IReadOnlyList<ServerEndpoint> endpoints)
    {
        _settings = settings;
        _endpoints = endpoints;
        _queue = new DocumentQueue(settings);
        _lanes = [.. endpoints.SelectMany(endpoint => Enumerable.Range(0, endpoint.Lanes)
            .Select(_ => Task.Run(() => new StreamLane(endpoint, _queue, settings, _stopping.Token).RunAsync())))];
    }

    /// <summary>Opens a channel for each server (resolving dns:/// names once to size their share) and starts the streams.</summary>
    public static async Task<RemoteRunner> StartAsync(RemoteRunnerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.InflightPerServer, 1);
        if (settings.Servers.Count == 0)
        {
            throw new ArgumentException("The remote runner needs at least one server.", nameof(settings));
        }
        var endpoints = new List<ServerEndpoint>();
        foreach (var address in settings.Servers)
        {
            endpoints.Add(await ServerEndpoint.CreateAsync(address, settings, cancellationToken).ConfigureAwait(false));
        }
        return new RemoteRunner(settings, endpoints);
    }

    public string Description =>
        $"{_endpoints.Count} server{(_endpoints.Count == 1 ? string.Empty : "s")} ({string.Join(", ", _endpoints.Select(e => e.Name))}), {DefaultParallelism} documents in flight";

    /// <summary>Every stream busy: --server-inflight for each server (each address of a dns:/// name).</summary>
    public int DefaultParallelism => _endpoints.Sum(e => e.Lanes);

    /// <summary>Documents each --server entry answered so far, in the order given: for the run's summary.</summary>
    public IReadOnlyList<(string Server, long Answered)> Answered => [.. _endpoints.Select(e => (e.Name, e.Answered))];

    /// <summary>
    /// The ledger's settings hash for documents these servers process: the contract does not show a server's cleanup
    /// and summary settings, so it covers what GetInfo tells (version, models with their source, limits, languages)
    /// of every server that answers within <paramref name="wait"/>; a server upgraded or given other models changes
    /// it, and the run redoes its documents. Null when no server answered.
    /// </summary>
    public async Task<byte[]?> SettingsHashAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var described = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in _endpoints)
        {
            try
            {
                var info = await endpoint.Client.GetInfoAsync(
                    new Protos.V1.GetInfoRequest(), endpoint.Headers, DateTime.UtcNow + wait, cancellationToken).ConfigureAwait(false);
                var models = info.Models.Select(m => $"{m.Name}|{m.Task}|{m.Source}").Order(StringComparer.Ordinal);
                described.Add($"{info.Version}\n{string.Join('\n', models)}\n{info.Limits}\n{string.Join(',', info.Languages)}");
            }
            catch (Grpc.Core.RpcException exception) when (!cancellationToken.IsCancellationRequested)
            {
                _settings.Notice?.Invoke($"{endpoint.Name} did not describe itself (GetInfo: {exception.Status.StatusCode}); the settings hash leaves it out.");
            }
        }
        return described.Count == 0
            ? null
            : System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("remote\n" + string.Join("\n--\n", described)));
    }

    public async Task<DocumentResult> ProcessAsync(DocumentRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var document = new PendingDocument(request, _settings.Timeout, cancellationToken);
        _pending.TryAdd(document, 0);
        try
        {
            _queue.Add(document);
            return await document.Completion.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(document, out _);
            document.Dispose();
        }
    }

    /// <summary>Closes the streams; documents not done by then fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Close();
        await Task.WhenAll(_lanes).ConfigureAwait(false);
        foreach (var document in _pending.Keys)
        {
            document.Fail(new ObjectDisposedException(nameof(RemoteRunner), "The remote runner was disposed before the document was done."));
        }
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }
        _stopping.Dispose();
    }
}
