using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Translate.Cli.Internal;
using Translate.Server;

namespace Translate.Cli.Commands;

/// <summary>`translate serve`: runs the gRPC server until it is stopped.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, for example http://127.0.0.1:50051 (ASP.NET Core's urls setting)." };
        var command = new Command("serve", "Run the gRPC server (default http://127.0.0.1:50051; --urls to change).") { urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] hostUrls = parseResult.GetValue(urls) is { } value ? ["--urls", value] : [];
            await using var app = TranslateServer.Build([.. hostUrls, .. CommandLineSettings.Of(parseResult).Settings]);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
