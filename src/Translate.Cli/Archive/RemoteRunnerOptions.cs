using System.CommandLine;
using Translate.Cli.Archive.Internal;

namespace Translate.Cli.Archive;

/// <summary>
/// The command-line options of the remote runner, kept out of the command that uses them: `translate batch` adds
/// <see cref="All"/> to itself and asks <see cref="CreateRunnerAsync"/> for a runner.
/// </summary>
internal sealed class RemoteRunnerOptions
{
    public const string ApiKeyVariable = "TRANSLATE_API_KEY";

    private RemoteRunnerOptions()
    {
    }

    public Option<string?> Server { get; } = new("--server")
    {
        Description = "Process on these servers instead of in this process: host:port, http://host:port or dns:///name:port " +
                      "(every address of the name, round robin), several separated by commas.",
    };

    public Option<int> Inflight { get; } = new("--server-inflight")
    {
        Description = $"Documents in flight on each server (each address of a dns:/// name); default {RemoteRunnerSettings.DefaultInflight}. " +
                      "About the server's Processing:MaxConcurrentDocuments keeps it busy without queueing.",
        DefaultValueFactory = _ => RemoteRunnerSettings.DefaultInflight,
    };

    public Option<double> Timeout { get; } = new("--server-timeout")
    {
        Description = $"Seconds a document may take with --server, retries on other servers included; default {RemoteRunnerSettings.DefaultDocumentTimeout.TotalSeconds:0}.",
        DefaultValueFactory = _ => RemoteRunnerSettings.DefaultDocumentTimeout.TotalSeconds,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The servers' API key (sent as 'authorization: Bearer KEY'); {ApiKeyVariable} keeps it off the command line.",
    };

    public IReadOnlyList<Option> All => [Server, Inflight, Timeout, ApiKey];

    public static RemoteRunnerOptions Create() => new();

    /// <summary>The settings the command line gives, or null without --server; <paramref name="errors"/> names each bad option.</summary>
    public RemoteRunnerSettings? Read(ParseResult parseResult, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        var servers = parseResult.GetValue(Server);
        if (parseResult.GetResult(Server) is null)
        {
            foreach (var option in (Option[])[Inflight, Timeout, ApiKey])
            {
                if (parseResult.GetResult(option) is { Implicit: false })
                {
                    problems.Add($"{option.Name} applies to --server only; give the servers with --server host:port.");
                }
            }
            return null;
        }
        IReadOnlyList<ServerAddress> addresses = [];
        try
        {
            addresses = ServerAddress.ParseList(servers, Server.Name);
        }
        catch (FormatException exception)
        {
            problems.Add(exception.Message);
        }
        var inflight = parseResult.GetValue(Inflight);
        if (inflight is < 1 or > 1024)
        {
            problems.Add($"{Inflight.Name} is {inflight}; it must be between 1 and 1024.");
        }
        var timeout = parseResult.GetValue(Timeout);
        if (!(timeout > 0 && timeout <= TimeSpan.FromDays(1).TotalSeconds))
        {
            problems.Add($"{Timeout.Name} is {timeout}; it must be a number of seconds above 0, at most a day (86400).");
        }
        var apiKey = parseResult.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (problems.Count > 0)
        {
            return null;
        }
        // Lanes report from many threads; the command's writer need not be thread-safe.
        var error = TextWriter.Synchronized(parseResult.InvocationConfiguration.Error);
        var command = parseResult.CommandResult.Command.Name;
        return new RemoteRunnerSettings(addresses, inflight, TimeSpan.FromSeconds(timeout), string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim())
        {
            Notice = message => error.WriteLine($"translate {command}: {message}"),
        };
    }

    /// <summary>
    /// The remote runner --server asks for: (null, []) without --server, (null, errors) for a bad option (each error
    /// names it; the command exits 2), else the started runner.
    /// </summary>
    public async Task<(RemoteRunner? Runner, IReadOnlyList<string> Errors)> CreateRunnerAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (Read(parseResult, out var errors) is not { } settings)
        {
            return (null, errors);
        }
        return (await RemoteRunner.StartAsync(settings, cancellationToken).ConfigureAwait(false), []);
    }
}
