namespace Translate.Server;

/// <summary>Transport settings of the server (configuration section "Server").</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>The gRPC listener when neither --urls nor ASPNETCORE_URLS says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:50051";

    /// <summary>The HTTP/1.1 listener (JSON API, OpenAPI document, metrics) unless Server:HttpUrls says otherwise.</summary>
    public const string DefaultHttpUrl = "http://127.0.0.1:50052";

    /// <summary>Shortest API key accepted: a key an attacker can guess protects nothing.</summary>
    public const int MinimumApiKeyLength = 16;

    /// <summary>Largest request message accepted; larger ones get RESOURCE_EXHAUSTED before they are read.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest response message sent.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Where the HTTP/1.1 listener binds, ';' between addresses; empty turns it off. Cleartext HTTP/2 (gRPC) and
    /// HTTP/1.1 cannot share a port, so the JSON API, /openapi/v1.json and /metrics have their own.
    /// </summary>
    public string HttpUrls { get; set; } = DefaultHttpUrl;

    /// <summary>Keys callers must send as "authorization: Bearer KEY"; none means no key is asked for.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A file of further keys, one a line; blank lines and lines starting with '#' are skipped.</summary>
    public string? ApiKeysFile { get; set; }

    /// <summary>Serve a listener that is not on loopback without API keys: anyone who reaches it may call.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>On SIGTERM, how long calls in flight have to finish before they are cancelled and the process exits.</summary>
    public int ShutdownGraceSeconds { get; set; } = 30;
}
