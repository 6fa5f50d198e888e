using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Translate.Cli.Internal;
using Translate.Server;

namespace Translate.Cli.Commands;

/// <summary>
/// `translate serve`: runs the server until it is stopped. SIGTERM or Ctrl+C stop it gracefully (health turns
/// NOT_SERVING, calls in flight finish) and it exits 0; settings that do not validate exit 2 before it listens.
/// </summary>
internal static class ServeCommand
{
    public const string Name = "serve";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where the gRPC listener binds, for example http://127.0.0.1:50051 (ASP.NET Core's urls setting)." };
        var command = new Command(Name, "Run the server: gRPC on http://127.0.0.1:50051 (--urls), JSON, OpenAPI and /metrics on http://127.0.0.1:50052 (--Server:HttpUrls).") { urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] hostUrls = parseResult.GetValue(urls) is { } value ? ["--urls", value] : [];
            await using var app = TranslateServer.Build([.. hostUrls, .. CommandLineSettings.Of(parseResult).Settings]);
            try
            {
                TranslateServer.ValidateSettings(app);
            }
            catch (OptionsValidationException exception)
            {
                foreach (var failure in exception.Failures)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"translate serve: {failure}").ConfigureAwait(false);
                }
                return ExitCodes.BadInput;
            }
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            // The host stops on SIGTERM and Ctrl+C itself (TranslateCli leaves those signals to it), after the grace.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
