using Grpc.Core;

namespace Translate.Server.Internal.Shutdown;

/// <summary>
/// Once shutdown has begun, refuses every new call except health checks before it starts: UNAVAILABLE on gRPC
/// (a client retries elsewhere), 503 on HTTP. Counts the calls in flight.
/// </summary>
internal sealed class ShutdownMiddleware(RequestDelegate next, GracefulShutdown shutdown)
{
    private const string Health = "/grpc.health.v1.Health";

    private static readonly Status ShuttingDown = new(StatusCode.Unavailable,
        "The server is shutting down and takes no new calls; retry on another instance or once it is back.");

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(Health, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (shutdown.Draining)
        {
            context.Response.Headers.RetryAfter = "1";
            await CallRefusal.WriteAsync(context, ShuttingDown, StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return;
        }
        shutdown.CallStarted();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            shutdown.CallEnded();
        }
    }
}
