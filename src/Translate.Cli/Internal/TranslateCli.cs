using System.CommandLine;
using System.CommandLine.Parsing;

namespace Translate.Cli.Internal;

/// <summary>
/// Runs `translate`: a command line with a mistake (an unknown option, a bad value, a missing argument) is refused
/// with <see cref="ExitCodes.BadInput"/> before anything loads, each mistake on standard error; otherwise the
/// command runs and its exit code is returned.
/// </summary>
internal static class TranslateCli
{
    /// <param name="configuration">Where output and errors go: the console by default.</param>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parseResult = TranslateRootCommand.Create().Parse(args);
        var errors = UsageErrors.Of(parseResult);
        if (errors.Count == 0)
        {
            if (parseResult.CommandResult.Command.Name is Commands.ServeCommand.Name or Commands.BatchCommand.Name)
            {
                // batch stops its documents on Ctrl+C and writes its outputs for what is done before it exits.
                // The server's host handles SIGTERM and Ctrl+C: it drains for Server:ShutdownGraceSeconds, then exits 0.
                // System.CommandLine would otherwise end the process with 143 two seconds after the signal.
                configuration.ProcessTerminationTimeout = null;
            }
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        var command = CommandLine(parseResult.CommandResult);
        foreach (var error in errors)
        {
            await configuration.Error.WriteLineAsync($"{command}: {error}").ConfigureAwait(false);
        }
        await configuration.Error.WriteLineAsync($"See '{command} --help'.").ConfigureAwait(false);
        return ExitCodes.BadInput;
    }

    // "translate eval summarize", whatever the executable is called (a test host runs it in-process).
    private static string CommandLine(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandLine(parent)} {command.Command.Name}" : "translate";
}
