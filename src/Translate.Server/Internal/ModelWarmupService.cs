using Microsoft.Extensions.Options;
using Translate.Core.Hosting;

namespace Translate.Server.Internal;

/// <summary>Loads and warms the models after the server starts listening, then reports SERVING.</summary>
internal sealed partial class ModelWarmupService(
    RuntimeProvider provider,
    HealthState health,
    IOptions<ProcessingOptions> options,
    ILogger<ModelWarmupService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Health reports NOT_SERVING until then (HealthState's initial status). Loading is synchronous CPU work of several seconds; it must not hold up the host's start.
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
            health.Serving();
        }
        catch (Exception exception)
        {
            provider.SetFailed(exception.Message);
            LogLoadFailed(logger, exception);
        }
    }
}
