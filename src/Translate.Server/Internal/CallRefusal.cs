using System.Globalization;
using System.Text.Json;
using Grpc.Core;

namespace Translate.Server.Internal;

/// <summary>
/// Answers a call that is refused before it reaches its service: for gRPC a trailers-only response carrying the
/// status (HTTP 200, as gRPC requires), for HTTP the status code and the JSON error body that JSON transcoding
/// writes for its own errors ({"code", "message", "details"}).
/// </summary>
internal static class CallRefusal
{
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static async Task WriteAsync(HttpContext context, Status status, int httpStatus)
    {
        if (IsGrpc(context))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Detail);
            return;
        }
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body,
            new RefusalBody((int)status.StatusCode, status.Detail, []), RefusalBodyContext.Default.RefusalBody, context.RequestAborted).ConfigureAwait(false);
    }
}

internal sealed record RefusalBody(int Code, string Message, string[] Details);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RefusalBody))]
internal sealed partial class RefusalBodyContext : System.Text.Json.Serialization.JsonSerializerContext;
