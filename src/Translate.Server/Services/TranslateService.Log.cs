namespace Translate.Server.Services;

internal sealed partial class TranslateService
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure while processing a document")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
