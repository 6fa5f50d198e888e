using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Translate.Server.Tests;

/// <summary>
/// A call context for calling the service in process, as grpc-dotnet would: <paramref name="cancellationToken"/> is the
/// call's token (cancelled at the deadline or when the client goes), the HttpContext's RequestAborted is the client going.
/// </summary>
internal sealed class FakeServerCallContext(DateTime deadline, CancellationToken cancellationToken, CancellationToken requestAborted = default)
    : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = new()
    {
        // Where ServerCallContextExtensions.GetHttpContext looks for a context that is not grpc-dotnet's own.
        ["__HttpContext"] = new DefaultHttpContext { RequestAborted = requestAborted },
    };

    protected override string MethodCore => "/translate.v1.Translate/Process";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:1";

    protected override DateTime DeadlineCore => deadline;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
