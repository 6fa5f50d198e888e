namespace Translate.Server.Internal.Access;

/// <summary>
/// Gathers the API keys from their settings: Server:ApiKeys (a list, Server:ApiKeys:0=..., or one value with keys
/// separated by commas, as an environment variable gives it) and the lines of Server:ApiKeysFile.
/// </summary>
internal static class ApiKeySources
{
    public const string KeysSetting = $"{ServerOptions.Section}:{nameof(ServerOptions.ApiKeys)}";
    public const string FileSetting = $"{ServerOptions.Section}:{nameof(ServerOptions.ApiKeysFile)}";

    /// <summary>Splits a single Server:ApiKeys value ("key1,key2") into the list, which the binder leaves empty for it.</summary>
    public static void AddCommaSeparated(ServerOptions options, IConfiguration configuration)
    {
        if (configuration[KeysSetting] is { Length: > 0 } value)
        {
            options.ApiKeys.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    /// <param name="errors">What is wrong with the settings, each naming its setting; empty when nothing is.</param>
    public static IReadOnlyList<string> Read(ServerOptions options, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var keys = options.ApiKeys.Select(k => k.Trim()).Where(k => k.Length > 0).ToList();
        if (options.ApiKeysFile is { Length: > 0 } path)
        {
            try
            {
                var fromFile = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();
                if (fromFile.Length == 0)
                {
                    problems.Add($"{FileSetting}: '{path}' holds no key (one a line; '#' starts a comment).");
                }
                keys.AddRange(fromFile);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{FileSetting}: '{path}' cannot be read: {exception.Message}");
            }
        }
        var shortKeys = keys.Count(k => k.Length < ServerOptions.MinimumApiKeyLength);
        if (shortKeys > 0)
        {
            problems.Add($"{KeysSetting}: {shortKeys} key(s) shorter than {ServerOptions.MinimumApiKeyLength} characters; use long random keys (openssl rand -hex 32).");
        }
        errors = problems;
        return keys;
    }
}
