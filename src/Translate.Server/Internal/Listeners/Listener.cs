using System.Net;
using Microsoft.AspNetCore.Http;

namespace Translate.Server.Internal.Listeners;

/// <summary>What a listener serves: gRPC over HTTP/2, or the JSON API, OpenAPI and metrics over HTTP/1.1.</summary>
internal enum ListenerKind
{
    Grpc,
    Http,
    /// <summary>An endpoint an operator wrote under Kestrel:Endpoints themselves.</summary>
    Other,
}

/// <summary>One address the server binds, as Kestrel endpoint <paramref name="EndpointName"/>.</summary>
internal sealed record Listener(ListenerKind Kind, string EndpointName, string Url, BindingAddress Address)
{
    /// <summary>Only this machine can connect: localhost or a loopback address (127.0.0.0/8, ::1).</summary>
    public bool IsLoopback => string.Equals(Address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The setting that put this listener there, for error messages.</summary>
    public string Setting => SettingOf(Kind, EndpointName);

    public static string SettingOf(ListenerKind kind, string endpointName) => kind switch
    {
        ListenerKind.Grpc => "--urls",
        ListenerKind.Http => $"{ServerOptions.Section}:{nameof(ServerOptions.HttpUrls)}",
        _ => $"Kestrel:Endpoints:{endpointName}:Url",
    };
}
