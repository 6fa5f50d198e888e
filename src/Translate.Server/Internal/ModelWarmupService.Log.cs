namespace Translate.Server.Internal;

internal sealed partial class ModelWarmupService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Name} ready: {Detail}")]
    private static partial void LogModelReady(ILogger logger, string name, string detail);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The models failed to load; the server stays NOT_SERVING")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
