using Grpc.Core;
using Microsoft.Net.Http.Headers;

namespace Translate.Server.Internal.Access;

/// <summary>
/// When API keys are set, refuses every call without "authorization: Bearer KEY" before its message is read:
/// UNAUTHENTICATED on gRPC, 401 on HTTP. Health stays open for probes; reflection and the OpenAPI document stay
/// open because they describe the public contract (protos/), not data.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys)
{
    private const string Scheme = "Bearer ";

    private static readonly string[] OpenPaths =
    [
        "/grpc.health.v1.Health/",
        "/grpc.reflection.v1alpha.ServerReflection/",
        "/grpc.reflection.v1.ServerReflection/",
        "/openapi/",
    ];

    private static readonly Status Missing = new(StatusCode.Unauthenticated,
        "This server needs an API key: send the header 'authorization: Bearer KEY'.");

    private static readonly Status Wrong = new(StatusCode.Unauthenticated, "The API key is not one this server accepts.");

    public Task InvokeAsync(HttpContext context)
    {
        if (!keys.Required || IsOpen(context.Request.Path))
        {
            return next(context);
        }
        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, Missing);
        }
        return keys.Accepts(authorization.AsSpan(Scheme.Length).Trim()) ? next(context) : Refuse(context, Wrong);
    }

    private static Task Refuse(HttpContext context, Status status)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return CallRefusal.WriteAsync(context, status, StatusCodes.Status401Unauthorized);
    }

    private static bool IsOpen(PathString path) =>
        OpenPaths.Any(open => path.StartsWithSegments(open.TrimEnd('/'), StringComparison.Ordinal));
}
