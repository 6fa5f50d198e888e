using System.Threading.Channels;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Translate.Server.Internal;

/// <summary>
/// What grpc.health.v1 reports, for the server ("") and translate.v1.Translate alike: NOT_SERVING until the models
/// are warm, then SERVING, then NOT_SERVING for good once shutdown has begun (a warm-up that ends during shutdown
/// cannot turn it back). Watchers get every change; at shutdown they get NOT_SERVING and then their stream ends.
/// </summary>
internal sealed class HealthState
{
    public const string ServiceName = "translate.v1.Translate";

    private readonly Lock _gate = new();
    private readonly List<ChannelWriter<ServingStatus>> _watchers = [];
    private ServingStatus _status = ServingStatus.NotServing;
    private bool _stopped;

    /// <summary>The status of a service name, or null for a name this server does not know.</summary>
    public ServingStatus? StatusOf(string service)
    {
        lock (_gate)
        {
            return service is "" or ServiceName ? _status : null;
        }
    }

    public void Serving() => Set(ServingStatus.Serving, stop: false);

    /// <summary>Reports NOT_SERVING for good; every watcher is sent it and then its stream ends.</summary>
    public void Stop() => Set(ServingStatus.NotServing, stop: true);

    /// <summary>The current status, then each change; completed once shutdown has begun. <see cref="Unwatch"/> it when done.</summary>
    public Channel<ServingStatus> Watch()
    {
        // Only the latest status matters to a watcher that fell behind.
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            channel.Writer.TryWrite(_status);
            if (_stopped)
            {
                channel.Writer.Complete();
            }
            else
            {
                _watchers.Add(channel.Writer);
            }
        }
        return channel;
    }

    public void Unwatch(Channel<ServingStatus> watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher.Writer);
        }
    }

    private void Set(ServingStatus status, bool stop)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            _status = status;
            _stopped = stop;
            foreach (var watcher in _watchers)
            {
                watcher.TryWrite(status);
                if (stop)
                {
                    watcher.TryComplete();
                }
            }
            if (stop)
            {
                _watchers.Clear();
            }
        }
    }
}
