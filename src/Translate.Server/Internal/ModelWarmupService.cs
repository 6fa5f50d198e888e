using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;
using Translate.Core.Hosting;

namespace Translate.Server.Internal;

/// <summary>Loads and warms the models after the server starts listening, then reports SERVING.</summary>
internal sealed partial class ModelWarmupService(
    RuntimeProvider provider,
    HealthServiceImpl health,
    IOptions<ProcessingOptions> options,
    ILogger<ModelWarmupService> logger) : BackgroundService
{
    public const string ServiceName = "translate.v1.Translate";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.NotServing);
        health.SetStatus(ServiceName, HealthCheckResponse.Types.ServingStatus.NotServing);
        // Loading is synchronous CPU work of several seconds; it must not hold up the host's start.
        return Task.Factory.StartNew(Load, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Load()
    {
        try
        {
            var runtime = TranslateRuntime.Load(options.Value);
            provider.SetLoaded(runtime);
            foreach (var model in runtime.Models)
            {
                LogModelReady(logger, model.Name, model.Detail);
            }
            health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
            health.SetStatus(ServiceName, HealthCheckResponse.Types.ServingStatus.Serving);
        }
        catch (Exception exception)
        {
            provider.SetFailed(exception.Message);
            LogLoadFailed(logger, exception);
        }
    }
}
