using System.CommandLine;
using Translate.Cli.Commands;
using Translate.Cli.Commands.Eval;

namespace Translate.Cli.Internal;

/// <summary>
/// The `translate` command: serve, process, clean, summarize, batch, eval, tokenize and generate. Run it through
/// <see cref="TranslateCli.InvokeAsync"/>, which refuses bad usage, settings' look-alikes included.
/// </summary>
internal static class TranslateRootCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Repairs poor machine translations of news articles and summarizes them, with models that run locally.\n" +
            "Settings can be given as --Section:Key=value (for example --Processing:MaxTextCodePoints=500000).");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ProcessCommand.CreateProcess());
        root.Subcommands.Add(ProcessCommand.CreateClean());
        root.Subcommands.Add(ProcessCommand.CreateSummarize());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        return root;
    }
}
