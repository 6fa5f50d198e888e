using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Translate.Server.Internal.Listeners;

/// <summary>
/// Where the server listens: the gRPC listener (HTTP/2) from --urls, the HTTP/1.1 listener from Server:HttpUrls.
/// Both are written as Kestrel endpoints (Kestrel:Endpoints:Grpc, Kestrel:Endpoints:Http, ...), so Kestrel's own
/// settings apply to them: an https address takes Kestrel:Certificates:Default or its endpoint's Certificate.
/// </summary>
internal sealed class ListenerPlan
{
    private const string KestrelEndpoints = "Kestrel:Endpoints";

    private readonly ConcurrentDictionary<string, ListenOptions> _bound = new(StringComparer.OrdinalIgnoreCase);

    private ListenerPlan(IReadOnlyList<Listener> listeners, IReadOnlyList<string> errors)
    {
        Listeners = listeners;
        Errors = errors;
    }

    public IReadOnlyList<Listener> Listeners { get; }

    /// <summary>Addresses that do not parse, each naming its setting.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Reads the addresses from configuration (before <see cref="KestrelSettings"/> is added to it).</summary>
    /// <param name="urls">--urls from the command line, which comes before ASPNETCORE_URLS (configuration's "urls").</param>
    public static ListenerPlan From(IConfiguration configuration, string? urls)
    {
        var listeners = new List<Listener>();
        var errors = new List<string>();
        var grpcUrls = urls is { Length: > 0 } ? urls : configuration["urls"] is { Length: > 0 } fromEnvironment ? fromEnvironment : ServerOptions.DefaultUrl;
        var httpUrls = configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.HttpUrls)}"] ?? ServerOptions.DefaultHttpUrl;
        Add(ListenerKind.Grpc, "Grpc", grpcUrls, listeners, errors);
        Add(ListenerKind.Http, "Http", httpUrls, listeners, errors);
        foreach (var endpoint in configuration.GetSection(KestrelEndpoints).GetChildren())
        {
            if (!listeners.Any(l => string.Equals(l.EndpointName, endpoint.Key, StringComparison.OrdinalIgnoreCase)) && endpoint["Url"] is { } url)
            {
                Add(ListenerKind.Other, endpoint.Key, url, listeners, errors);
            }
        }
        return new ListenerPlan(listeners, errors);
    }

    /// <summary>The configuration that makes Kestrel bind the planned listeners, each with its protocol.</summary>
    public IEnumerable<KeyValuePair<string, string?>> KestrelSettings()
    {
        foreach (var listener in Listeners.Where(l => l.Kind != ListenerKind.Other))
        {
            yield return new($"{KestrelEndpoints}:{listener.EndpointName}:Url", listener.Url);
            // gRPC without TLS needs HTTP/2 with prior knowledge, which cannot share a port with HTTP/1.1.
            yield return new($"{KestrelEndpoints}:{listener.EndpointName}:Protocols",
                listener.Kind == ListenerKind.Grpc ? nameof(HttpProtocols.Http2) : nameof(HttpProtocols.Http1));
        }
        // The endpoints replace --urls and ASPNETCORE_URLS, which were read above; left set, Kestrel warns that it ignores them.
        yield return new("urls", string.Empty);
        yield return new("http_ports", string.Empty);
        yield return new("https_ports", string.Empty);
    }

    /// <summary>Called by Kestrel as it binds an endpoint; the options carry the port the system gave.</summary>
    public void Bound(string endpointName, ListenOptions options) => _bound[endpointName] = options;

    /// <summary>The addresses a kind of listener is bound to once the server has started, with the real ports.</summary>
    public IReadOnlyList<string> BoundAddresses(ListenerKind kind) => [.. Listeners
        .Where(l => l.Kind == kind && _bound.ContainsKey(l.EndpointName))
        .Select(l => Format(l.Address.Scheme, _bound[l.EndpointName].IPEndPoint))];

    private static string Format(string scheme, IPEndPoint? endPoint) => endPoint switch
    {
        null => $"{scheme}://localhost",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"{scheme}://[{endPoint.Address}]:{endPoint.Port}",
        _ => $"{scheme}://{endPoint.Address}:{endPoint.Port}",
    };

    private static void Add(ListenerKind kind, string name, string urls, List<Listener> listeners, List<string> errors)
    {
        var index = 0;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var endpointName = index++ == 0 || kind == ListenerKind.Other ? name : $"{name}_{index}";
            BindingAddress? address = null;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
            }
            if (address is { Scheme: "http" or "https" })
            {
                listeners.Add(new Listener(kind, endpointName, url, address));
            }
            else
            {
                errors.Add($"{Listener.SettingOf(kind, endpointName)}: '{url}' is not an address to listen on; write it like http://127.0.0.1:50051.");
            }
        }
    }
}
