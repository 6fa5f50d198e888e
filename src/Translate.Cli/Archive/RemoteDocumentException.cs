using Grpc.Core;

namespace Translate.Cli.Archive;

/// <summary>
/// A server refused a document for a reason another server would share (UNAUTHENTICATED, FAILED_PRECONDITION, a
/// server error on it), or no server could take it within the runner's attempts. Invalid documents and the
/// processing budget fail with Core's own exceptions instead, as in process.
/// </summary>
internal sealed class RemoteDocumentException(StatusCode statusCode, string server, string message) : Exception(message)
{
    /// <summary>The last status: the refusal's, or for a document out of attempts the last server's.</summary>
    public StatusCode StatusCode { get; } = statusCode;

    /// <summary>The server that answered last ("a:50051").</summary>
    public string Server { get; } = server;
}
