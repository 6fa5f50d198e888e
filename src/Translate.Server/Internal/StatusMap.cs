using Grpc.Core;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;

namespace Translate.Server.Internal;

/// <summary>Every status the Translate service answers with, and the one place a failure is mapped to its status.</summary>
internal static class StatusMap
{
    public static readonly Status ModelsLoading = new(StatusCode.Unavailable,
        "The models are still loading; retry once grpc.health.v1.Health reports SERVING.");

    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded,
        "The call's deadline passed before the document was done.");

    public static readonly Status Cancelled = new(StatusCode.Cancelled,
        "The call was cancelled before the document was done.");

    public static Status ModelsFailedToLoad(string failure) => new(StatusCode.Unavailable, $"The models failed to load: {failure}");

    /// <summary>The status a failure maps to, or null for a bug (which grpc-dotnet answers UNKNOWN, without details).</summary>
    /// <param name="deadlinePassed">Whether the call's deadline has passed (<see cref="DeadlinePassed"/>): a cancellation is then the deadline's.</param>
    public static Status? ToStatus(Exception exception, bool deadlinePassed) => exception switch
    {
        InvalidDocumentException => new Status(StatusCode.InvalidArgument, exception.Message),
        BatchQueueFullException => new Status(StatusCode.ResourceExhausted, exception.Message),
        ProcessingBudgetExceededException => new Status(StatusCode.ResourceExhausted, exception.Message),
        ServiceOverloadedException => new Status(StatusCode.ResourceExhausted, exception.Message),
        RpcException rpc => rpc.Status,
        OperationCanceledException when deadlinePassed => DeadlineExceeded,
        OperationCanceledException => Cancelled,
        _ => null,
    };

    /// <summary>
    /// The trailers that go with a failure's status: for an overload refusal with a known wait, the retry hint of gRPC's
    /// retry design (gRFC A6, "grpc-retry-pushback-ms"), which clients with a retry policy wait for before retrying.
    /// </summary>
    public static Metadata TrailersFor(Exception exception) =>
        ((exception as BatchQueueFullException)?.RetryAfter ?? (exception as ServiceOverloadedException)?.RetryAfter) is { } wait
            ? new Metadata { { RetryPushbackTrailer, ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) } }
            : Metadata.Empty;

    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <summary>Whether the call's deadline has passed, or its cancellation came from the deadline rather than the caller.</summary>
    public static bool DeadlinePassed(ServerCallContext context) =>
        context.Deadline <= DateTime.UtcNow
        // The deadline's timer can fire a moment before Deadline by this clock. grpc-dotnet cancels the call's token at
        // the deadline without aborting the request, so a call cancelled while its client is still connected is the deadline's.
        || (context.CancellationToken.IsCancellationRequested && !context.GetHttpContext().RequestAborted.IsCancellationRequested);
}
