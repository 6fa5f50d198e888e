using System.CommandLine;
using System.Globalization;
using Translate.Cli.Internal;
using Translate.Evaluation.Repair;

namespace Translate.Cli.Commands.Eval;

/// <summary>
/// `translate eval repair FILE.jsonl`: prints the chrF scores of <see cref="RepairEvaluator"/>, overall, for each
/// damage kind, and for the references cleaned as inputs.
/// </summary>
internal static class EvalRepairCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL, one {\"id\",\"text\",\"source_text\"?,\"reference\",\"damage\"?:[...]} a line." };
        var command = new Command("repair", "Score cleanup with chrF against reference translations.") { file };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (output, error) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            var path = parseResult.GetRequiredValue(file);
            if (!path.Exists)
            {
                await error.WriteLineAsync($"translate eval repair: '{path.FullName}' does not exist.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            IReadOnlyList<RepairExample> examples;
            try
            {
                using var reader = new StreamReader(path.FullName);
                examples = RepairExample.ReadJsonLines(reader);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"translate eval repair: cannot read '{path}': {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            using var runtime = ConfiguredRuntime.Load(parseResult);
            if (runtime is null)
            {
                return ExitCodes.BadInput;
            }
            var evaluation = await new RepairEvaluator(runtime.Processor).EvaluateAsync(examples, cancellationToken).ConfigureAwait(false);
            Print(output, evaluation, path.Name);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(TextWriter output, RepairEvaluation evaluation, string fileName)
    {
        output.WriteLine($"chrF (sacreBLEU default: char order 6, beta 2, whitespace removed) on {evaluation.All.Documents} documents of {fileName}");
        output.WriteLine($"{"subset",-24} {"docs",5} {"input",8} {"output",8} {"change",8}");
        Row("all", evaluation.All);
        foreach (var damage in evaluation.ByDamage)
        {
            Row($"damage: {damage.Damage}", damage.Scores);
        }
        var noHarm = evaluation.ReferenceAsInput;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"reference as input",-24} {noHarm.Documents,5} {noHarm.Input,8:0.00} {noHarm.Output,8:0.00} {noHarm.Change,8:+0.00;-0.00}   ({evaluation.ReferencesChanged} of {noHarm.Documents} references changed)"));

        void Row(string name, RepairScores scores) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-24} {scores.Documents,5} {scores.Input,8:0.00} {scores.Output,8:0.00} {scores.Change,8:+0.00;-0.00}"));
    }
}
