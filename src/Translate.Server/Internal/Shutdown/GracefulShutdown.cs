using Microsoft.Extensions.Options;

namespace Translate.Server.Internal.Shutdown;

/// <summary>
/// The first step of shutdown (SIGTERM, Ctrl+C, StopApplication): health turns NOT_SERVING, then new calls are
/// refused UNAVAILABLE (<see cref="ShutdownMiddleware"/>) and health watches end, while the calls already
/// accepted go on. The host then stops Kestrel, which waits for them up to Server:ShutdownGraceSeconds
/// (HostOptions.ShutdownTimeout) before cancelling what is left.
/// </summary>
internal sealed partial class GracefulShutdown(
    HealthState health,
    IHostApplicationLifetime lifetime,
    IOptions<ServerOptions> options,
    ILogger<GracefulShutdown> logger) : IHostedService, IDisposable
{
    private CancellationTokenRegistration _stopping;
    private int _inFlight;
    private volatile bool _draining;

    /// <summary>Whether new calls are refused.</summary>
    public bool Draining => _draining;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void CallStarted() => Interlocked.Increment(ref _inFlight);

    public void CallEnded() => Interlocked.Decrement(ref _inFlight);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(Begin);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Begin()
    {
        // In this order: a caller who sees a refusal can already read NOT_SERVING.
        health.Stop();
        _draining = true;
        LogDraining(logger, InFlight, options.Value.ShutdownGraceSeconds);
    }

    public void Dispose() => _stopping.Dispose();
}
