using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Translate.Cli.Internal;
using Translate.Core.Processing;
using Translate.Evaluation.Metrics;

namespace Translate.Cli.Commands.Eval;

/// <summary>
/// `translate eval repair FILE.jsonl`: corpus chrF (sacreBLEU's default: character order 6, beta 2, white space
/// removed) of the damaged input and of the cleaned output against the reference, overall and for each damage
/// kind; and, to show no harm is done, of the output when the reference itself is the input.
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
            var path = parseResult.GetRequiredValue(file);
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"translate eval repair: '{path.FullName}' does not exist.").ConfigureAwait(false);
                return 2;
            }
            var rows = new List<RepairRow>();
            foreach (var line in await File.ReadAllLinesAsync(path.FullName, cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    rows.Add(JsonSerializer.Deserialize<RepairRow>(line, CliJson.Options) ?? throw new InvalidDataException($"A line of {path} is JSON null."));
                }
            }
            if (rows.Any(row => string.IsNullOrEmpty(row.Text) || string.IsNullOrEmpty(row.Reference)))
            {
                await Console.Error.WriteLineAsync("translate eval repair: every line needs \"text\" and \"reference\".").ConfigureAwait(false);
                return 2;
            }
            using var runtime = ConfiguredRuntime.Load(parseResult);
            if (runtime is null)
            {
                return 2;
            }
            var processor = new DocumentProcessor(runtime);
            var outputs = new List<string>();
            var referenceOutputs = new List<string>();
            foreach (var row in rows)
            {
                var cleaned = await processor.CleanAsync(new DocumentRequest(row.Id ?? string.Empty, row.Text!, row.SourceText), cancellationToken: cancellationToken).ConfigureAwait(false);
                outputs.Add(cleaned.Text);
                var untouched = await processor.CleanAsync(new DocumentRequest(row.Id ?? string.Empty, row.Reference!), cancellationToken: cancellationToken).ConfigureAwait(false);
                referenceOutputs.Add(untouched.Text);
            }

            var chrF = new ChrF();
            var references = rows.Select(row => row.Reference!).ToArray();
            Console.Out.WriteLine($"chrF (sacreBLEU default: char order 6, beta 2, whitespace removed) on {rows.Count} documents of {path.Name}");
            Console.Out.WriteLine($"{"subset",-24} {"docs",5} {"input",8} {"output",8} {"change",8}");
            Row("all", Enumerable.Range(0, rows.Count).ToArray());
            foreach (var kind in rows.SelectMany(row => row.Damage ?? []).Distinct().Order(StringComparer.Ordinal))
            {
                Row($"damage: {kind}", Enumerable.Range(0, rows.Count).Where(i => rows[i].Damage?.Contains(kind) == true).ToArray());
            }
            var noHarm = chrF.Corpus(referenceOutputs, references);
            var changed = referenceOutputs.Where((text, i) => text != references[i]).Count();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"reference as input",-24} {rows.Count,5} {100.0,8:0.00} {noHarm,8:0.00} {noHarm - 100,8:+0.00;-0.00}   ({changed} of {rows.Count} references changed)"));
            return 0;

            void Row(string name, int[] indexes)
            {
                var input = chrF.Corpus(indexes.Select(i => rows[i].Text!).ToArray(), indexes.Select(i => references[i]).ToArray());
                var output = chrF.Corpus(indexes.Select(i => outputs[i]).ToArray(), indexes.Select(i => references[i]).ToArray());
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {indexes.Length,5} {input,8:0.00} {output,8:0.00} {output - input,8:+0.00;-0.00}"));
            }
        });
        return command;
    }

    private sealed record RepairRow(string? Id, string? Text, string? SourceText, string? Reference, string[]? Damage);
}
