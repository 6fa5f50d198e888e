using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Translate.Server;

namespace Translate.Cli.Commands;

/// <summary>`translate serve`: runs the gRPC server until it is stopped.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the gRPC server (default http://127.0.0.1:50051; --urls to change).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var app = TranslateServer.Build([.. parseResult.UnmatchedTokens]);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
