using System.Globalization;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// One entry of --server: a single server ("host:port", "http://host:port", "https://host:port"), or a DNS name
/// whose every address is a replica ("dns:///host:port"), which the channel balances round robin and re-resolves.
/// </summary>
internal sealed record ServerAddress(Uri Target, bool IsDns)
{
    /// <summary>The name to resolve (a DNS entry) or the server's host.</summary>
    public string Host => IsDns ? DnsHostPort.Host : Target.Host;

    /// <summary>How progress and errors name it: "a:50051", "dns:///translate-headless:50051".</summary>
    public string Display => IsDns ? Target.OriginalString : $"{Target.Host}:{Target.Port}";

    private (string Host, int Port) DnsHostPort => SplitHostPort(Target.AbsolutePath.TrimStart('/'))!.Value;

    /// <summary>The addresses of a comma-separated list; throws <see cref="FormatException"/> naming the option and the entry.</summary>
    public static IReadOnlyList<ServerAddress> ParseList(string? value, string optionName)
    {
        var entries = (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            throw new FormatException($"{optionName} needs at least one address: host:port, http://host:port or dns:///name:port, several separated by commas.");
        }
        var addresses = entries.Select(entry => Parse(entry, optionName)).ToList();
        if (addresses.GroupBy(a => a.Target.AbsoluteUri, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new FormatException($"{optionName} names '{twice.First().Display}' twice; give each server once (--server-inflight sets how many documents each takes).");
        }
        return addresses;
    }

    public static ServerAddress Parse(string entry, string optionName)
    {
        const string DnsScheme = "dns:///";
        if (entry.StartsWith(DnsScheme, StringComparison.OrdinalIgnoreCase))
        {
            var hostPort = entry[DnsScheme.Length..];
            if (SplitHostPort(hostPort) is not ({ Length: > 0 }, > 0))
            {
                throw Malformed(entry, optionName, "a DNS name needs its port: dns:///translate-headless.default.svc.cluster.local:50051");
            }
            return new ServerAddress(new Uri($"{DnsScheme}{hostPort}"), IsDns: true);
        }
        var withScheme = entry.Contains("://", StringComparison.Ordinal) ? entry : $"http://{entry}";
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw Malformed(entry, optionName, "use host:port, http://host:port, https://host:port or dns:///name:port");
        }
        if (uri.PathAndQuery is not ("/" or "") || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Malformed(entry, optionName, "a server address has no path");
        }
        if (!HasExplicitPort(withScheme, uri))
        {
            throw Malformed(entry, optionName, "give the gRPC port (the server's --urls; 50051 unless set)");
        }
        return new ServerAddress(new Uri($"{uri.Scheme}://{uri.Authority}"), IsDns: false);
    }

    private static bool HasExplicitPort(string text, Uri uri) =>
        !uri.IsDefaultPort || text.Contains($":{uri.Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);

    private static (string Host, int Port)? SplitHostPort(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }
        var host = hostPort[..colon].Trim('[', ']');
        return host.Length == 0 || host.Contains('/', StringComparison.Ordinal) ? null : (host, port);
    }

    private static FormatException Malformed(string entry, string optionName, string hint) =>
        new($"{optionName}: '{entry}' is not a server address: {hint}.");
}
