namespace Translate.Server.Internal.Shutdown;

internal sealed partial class GracefulShutdown
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Shutting down: health is NOT_SERVING, new calls are refused; {InFlight} call(s) in flight have up to {GraceSeconds} s to finish")]
    private static partial void LogDraining(ILogger logger, int inFlight, int graceSeconds);
}
