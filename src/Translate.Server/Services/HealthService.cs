using Grpc.Core;
using Grpc.Health.V1;
using Translate.Server.Internal;

namespace Translate.Server.Services;

/// <summary>
/// grpc.health.v1.Health over <see cref="HealthState"/>: Check answers at once, Watch streams each change and, at
/// shutdown, ends cleanly (OK) after sending NOT_SERVING, so that no watcher holds the server up for the grace.
/// </summary>
internal sealed class HealthService(HealthState state) : Health.HealthBase
{
    private static readonly Status UnknownService = new(StatusCode.NotFound, "This server reports health for \"\" and translate.v1.Translate only.");

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        state.StatusOf(request.Service) is { } status
            ? Task.FromResult(new HealthCheckResponse { Status = status })
            : throw new RpcException(UnknownService);

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        if (state.StatusOf(request.Service) is null)
        {
            // As the protocol says: SERVICE_UNKNOWN, and the call stays open (until the caller goes).
            await responseStream.WriteAsync(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.ServiceUnknown }).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
            return;
        }
        var watcher = state.Watch();
        try
        {
            await foreach (var status in watcher.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
            }
        }
        finally
        {
            state.Unwatch(watcher);
        }
    }
}
