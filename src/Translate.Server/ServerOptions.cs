namespace Translate.Server;

/// <summary>Transport settings of the gRPC server (configuration section "Server").</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>The address used when neither --urls nor ASPNETCORE_URLS says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:50051";

    /// <summary>Largest request message accepted; larger ones get RESOURCE_EXHAUSTED before they are read.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest response message sent.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;
}
