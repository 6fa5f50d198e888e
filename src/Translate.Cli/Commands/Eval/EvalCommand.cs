using System.CommandLine;

namespace Translate.Cli.Commands.Eval;

/// <summary>`translate eval`: measures the service on a dev set (`repair`: chrF of cleanup; `summarize`: ROUGE of summaries).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Measure the service on a dev set.");
        eval.Subcommands.Add(EvalSummarizeCommand.Create());
        eval.Subcommands.Add(EvalRepairCommand.Create());
        return eval;
    }
}
