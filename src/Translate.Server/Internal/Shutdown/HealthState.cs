using Grpc.Health.V1;
using Grpc.HealthCheck;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Translate.Server.Internal.Shutdown;

/// <summary>
/// What grpc.health.v1 reports, for the server ("") and translate.v1.Translate alike: NOT_SERVING until the models
/// are warm, then SERVING, then NOT_SERVING for good once shutdown has begun; a warm-up that ends during shutdown
/// cannot turn it back.
/// </summary>
internal sealed class HealthState(HealthServiceImpl health)
{
    public const string ServiceName = "translate.v1.Translate";

    private readonly Lock _gate = new();
    private bool _stopping;

    public void Loading() => Set(ServingStatus.NotServing, stopping: false);

    public void Serving() => Set(ServingStatus.Serving, stopping: false);

    /// <summary>Reports NOT_SERVING (watchers are sent it before this returns) and stays so.</summary>
    public void Stop() => Set(ServingStatus.NotServing, stopping: true);

    private void Set(ServingStatus status, bool stopping)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }
            _stopping = stopping;
            health.SetStatus(string.Empty, status);
            health.SetStatus(ServiceName, status);
        }
    }
}
