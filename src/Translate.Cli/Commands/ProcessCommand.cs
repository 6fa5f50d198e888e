using System.CommandLine;
using System.Text.Json;
using Translate.Cli.Internal;
using Translate.Core.Processing;
using Translate.Core.Summarization;

namespace Translate.Cli.Commands;

/// <summary>
/// `translate process`, `clean` and `summarize`: one article from a file (or standard input), printed as a report
/// for a person or as one JSON object. The three share their options and differ only in what is done.
/// </summary>
internal static class ProcessCommand
{
    public static Command CreateProcess() => Create("process", "Clean a text file, then summarize it; prints the cleaned text, every edit with its reason, and the summary.", clean: true, summarize: true);

    public static Command CreateClean() => Create("clean", "Clean a text file; prints the cleaned text and every edit with its reason.", clean: true, summarize: false);

    public static Command CreateSummarize() => Create("summarize", "Summarize a text file as it is.", clean: false, summarize: true);

    private static Command Create(string name, string description, bool clean, bool summarize)
    {
        var file = new Argument<FileInfo>("file") { Description = "A UTF-8 text file holding one article ('-' for standard input)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (text, summary, edits, segments) instead of a report." };
        var targetLanguage = new Option<string>("--target-language") { Description = "ISO 639-1 code the text should be in.", DefaultValueFactory = _ => "en" };
        var maxWords = new Option<int?>("--max-words") { Description = $"Summary word limit (default {SummaryLimits.DefaultMaxWords})." };
        var maxSentences = new Option<int?>("--max-sentences") { Description = $"Summary sentence limit (default {SummaryLimits.DefaultMaxSentences})." };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Edits under this confidence are suggested, not applied (default 0.5)." };
        var command = new Command(name, description) { file, json, targetLanguage, minConfidence, maxWords, maxSentences };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (output, error) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            var path = parseResult.GetRequiredValue(file);
            string text;
            try
            {
                text = path.Name == "-" ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"translate {name}: cannot read '{path}': {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            using var runtime = ConfiguredRuntime.Load(parseResult);
            if (runtime is null)
            {
                return ExitCodes.BadInput;
            }
            var processor = runtime.Processor;
            var document = new DocumentRequest(Path.GetFileNameWithoutExtension(path.Name), text, TargetLanguage: parseResult.GetValue(targetLanguage));
            var options = new ProcessingRequestOptions(parseResult.GetValue(minConfidence), parseResult.GetValue(maxWords), parseResult.GetValue(maxSentences));
            DocumentResult result;
            try
            {
                result = (clean, summarize) switch
                {
                    (true, true) => await processor.ProcessAsync(document, options, cancellationToken).ConfigureAwait(false),
                    (true, false) => await processor.CleanAsync(document, options, cancellationToken).ConfigureAwait(false),
                    _ => await processor.SummarizeAsync(document, options, cancellationToken).ConfigureAwait(false),
                };
            }
            catch (Exception exception) when (exception is InvalidDocumentException or ProcessingBudgetExceededException)
            {
                await error.WriteLineAsync($"translate {name}: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            if (parseResult.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(CliJson.ToOutput(result, withSegments: true), CliJson.Options));
            }
            else
            {
                HumanReport.Write(output, text, result, showText: clean);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
