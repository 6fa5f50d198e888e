using Microsoft.Extensions.Options;
using Translate.Server.Internal.Access;
using Translate.Server.Internal.Listeners;

namespace Translate.Server.Internal;

/// <summary>
/// Checks the Server section at start-up, every failure naming its setting. A listener that is not on loopback
/// needs API keys, or an operator who said in so many words that anyone may call (Server:AllowAnonymous=true).
/// </summary>
internal sealed class ServerOptionsValidator(ListenerPlan listeners) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>(listeners.Errors);
        if (options.MaxRequestBytes <= 0 || options.MaxResponseBytes <= 0)
        {
            failures.Add("Server:MaxRequestBytes and Server:MaxResponseBytes must be positive.");
        }
        if (options.ShutdownGraceSeconds <= 0)
        {
            failures.Add($"Server:ShutdownGraceSeconds must be positive (it is {options.ShutdownGraceSeconds}).");
        }
        var keys = ApiKeySources.Read(options, out var keyErrors);
        failures.AddRange(keyErrors);

        var exposed = listeners.Listeners.Where(l => !l.IsLoopback).ToArray();
        if (exposed.Length > 0 && keys.Count == 0 && !options.AllowAnonymous)
        {
            failures.Add(
                $"The server would listen beyond this machine ({string.Join(", ", exposed.Select(l => $"{l.Url} from {l.Setting}"))}) with no API key. " +
                $"Set {ApiKeySources.KeysSetting} or {ApiKeySources.FileSetting} so that callers must send 'authorization: Bearer KEY', " +
                "or set Server:AllowAnonymous=true to let anyone who can reach it call, or listen on loopback (127.0.0.1).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
