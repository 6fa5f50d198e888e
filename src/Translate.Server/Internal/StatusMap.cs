using Grpc.Core;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;

namespace Translate.Server.Internal;

/// <summary>Every status the Translate service answers with, and the one place a failure is mapped to its status.</summary>
internal static class StatusMap
{
    public static readonly Status ModelsLoading = new(StatusCode.Unavailable,
        "The models are still loading; retry once grpc.health.v1.Health reports SERVING.");

    public static readonly Status Cancelled = new(StatusCode.Cancelled,
        "The call was cancelled or its deadline passed before the document was done.");

    public static Status ModelsFailedToLoad(string failure) => new(StatusCode.Unavailable, $"The models failed to load: {failure}");

    /// <summary>The status a failure maps to, or null for a bug (which grpc-dotnet answers UNKNOWN, without details).</summary>
    public static Status? ToStatus(Exception exception) => exception switch
    {
        InvalidDocumentException => new Status(StatusCode.InvalidArgument, exception.Message),
        ModelUnavailableException => new Status(StatusCode.Unavailable, exception.Message),
        BatchQueueFullException => new Status(StatusCode.ResourceExhausted, exception.Message),
        RpcException rpc => rpc.Status,
        OperationCanceledException => Cancelled,
        _ => null,
    };
}
