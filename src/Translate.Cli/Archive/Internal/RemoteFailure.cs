using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// What a server's answer other than a result means for the document: try it on another server (the server was
/// unavailable, overloaded, or its stream broke), or fail it (the document itself was refused). One place decides.
/// </summary>
internal readonly partial record struct RemoteFailure(bool Retryable, TimeSpan RetryAfter, Exception? DocumentError, string Description)
{
    /// <summary>
    /// For an error inside a ProcessStream result (the stream goes on). Such an error carries no trailers, so an
    /// overload refusal's wait is read from its message, which the server's overload errors end with ("Retry in about
    /// 120 ms.", "Retry later, ..."); the processing budget's RESOURCE_EXHAUSTED says no such thing, and is final.
    /// </summary>
    public static RemoteFailure InStream(StatusCode code, string message, DocumentRequest request, string server) => code switch
    {
        StatusCode.ResourceExhausted when OverloadWait(message) is { } wait => Retry(wait, server, code, message),
        StatusCode.Unavailable or StatusCode.Aborted or StatusCode.Cancelled => Retry(TimeSpan.Zero, server, code, message),
        _ => Final(code, message, request, server),
    };

    /// <summary>
    /// For a call that ended with a status (the stream is gone). Connection failures, a server that stops or drains
    /// (UNAVAILABLE), a reset stream (INTERNAL) and a call the server cancelled are retried elsewhere; a call-level
    /// RESOURCE_EXHAUSTED is a message over the server's size limit and UNKNOWN is the server failing on this
    /// document: neither gets better on another server.
    /// </summary>
    public static RemoteFailure OfCall(RpcException exception, DocumentRequest request, string server)
    {
        var wait = exception.Trailers.GetValue(PushbackTrailer) is { } pushback && long.TryParse(pushback, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;
        return exception.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.Internal or StatusCode.Aborted or StatusCode.Cancelled => Retry(wait, server, exception.StatusCode, exception.Status.Detail),
            _ => Final(exception.StatusCode, exception.Status.Detail, request, server),
        };
    }

    /// <summary>The stream broke in a way that carries no status (the connection closed under a write).</summary>
    public static RemoteFailure Broken(Exception exception, string server) =>
        Retry(TimeSpan.Zero, server, StatusCode.Unavailable, $"the stream broke: {exception.Message}");

    public const string PushbackTrailer = "grpc-retry-pushback-ms";

    private static RemoteFailure Retry(TimeSpan wait, string server, StatusCode code, string message) =>
        new(true, wait, null, $"{server}: {Name(code)}: {message}");

    private static RemoteFailure Final(StatusCode code, string message, DocumentRequest request, string server)
    {
        // Core's own exceptions, with the server's message (Core's message), so that the run records the document as an
        // in-process run would: same error type, same words.
        Exception error = code switch
        {
            StatusCode.InvalidArgument => new InvalidDocumentException(message),
            StatusCode.ResourceExhausted when message.Contains("processing budget", StringComparison.Ordinal) || message.Contains("match timeout", StringComparison.Ordinal)
                => new ProcessingBudgetExceededException(message),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => new RemoteDocumentException(code, server,
                $"{PendingDocument.Describe(request)}: {server} refused the call ({Name(code)}: {message}); give the key with --api-key or TRANSLATE_API_KEY."),
            _ => new RemoteDocumentException(code, server, $"{PendingDocument.Describe(request)}: {server} answered {Name(code)}: {message}"),
        };
        return new RemoteFailure(false, TimeSpan.Zero, error, $"{server}: {Name(code)}: {message}");
    }

    private static TimeSpan? OverloadWait(string message)
    {
        var match = RetryIn().Match(message);
        if (match.Success)
        {
            return TimeSpan.FromMilliseconds(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return message.Contains("Retry later", StringComparison.Ordinal) ? TimeSpan.Zero : null;
    }

    /// <summary>"RESOURCE_EXHAUSTED", as the gRPC documentation spells codes.</summary>
    public static string Name(StatusCode code) => Regex.Replace(code.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant();

    [GeneratedRegex(@"Retry in about (\d+) ms", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex RetryIn();
}
