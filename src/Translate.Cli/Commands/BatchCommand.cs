using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Translate.Cli.Internal;
using Translate.Core.Processing;

namespace Translate.Cli.Commands;

/// <summary>
/// `translate batch`: processes a JSONL archive one document after another and writes one JSONL result line a
/// document. A line that cannot be processed gets an error line of its own; nothing is skipped silently.
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "JSONL, one {\"id\",\"text\",\"source_text\"?} a line.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "JSONL to write, one {\"id\",\"text\",\"summary\",\"edits\"} a line.", Required = true };
        var command = new Command("batch", "Clean and summarize every document of a JSONL archive.") { input, output };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var inputFile = parseResult.GetRequiredValue(input);
            var outputFile = parseResult.GetRequiredValue(output);
            if (!inputFile.Exists)
            {
                await error.WriteLineAsync($"translate batch: the input file '{inputFile.FullName}' does not exist.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            using var runtime = ConfiguredRuntime.Load(parseResult);
            if (runtime is null)
            {
                return ExitCodes.BadInput;
            }
            return await RunAsync(runtime.Processor, inputFile, outputFile, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(DocumentProcessor processor, FileInfo inputFile, FileInfo outputFile, TextWriter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int done = 0, failed = 0, lineNumber = 0;
        using var reader = new StreamReader(inputFile.FullName);
        await using var writer = new StreamWriter(outputFile.FullName, append: false);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            string id = $"line-{lineNumber}";
            string? error;
            try
            {
                var document = JsonSerializer.Deserialize<InputDocument>(line, CliJson.Options)
                    ?? throw new InvalidDocumentException("the line is JSON null, not a document object");
                id = string.IsNullOrEmpty(document.Id) ? id : document.Id;
                var result = await processor.ProcessAsync(
                    new DocumentRequest(id, document.Text ?? string.Empty, document.SourceText, document.SourceLanguage, document.TargetLanguage),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await writer.WriteLineAsync(JsonSerializer.Serialize(CliJson.ToOutput(result, withSegments: false), CliJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
                done++;
                error = null;
            }
            catch (JsonException exception)
            {
                error = $"line {lineNumber} is not a JSON document object: {exception.Message}";
            }
            catch (Exception exception) when (exception is InvalidDocumentException or ProcessingBudgetExceededException)
            {
                error = exception.Message;
            }
            if (error is not null)
            {
                failed++;
                await writer.WriteLineAsync(JsonSerializer.Serialize(new { id, error }, CliJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
                await progress.WriteLineAsync($"translate batch: {id}: {error}").ConfigureAwait(false);
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if ((done + failed) % 10 == 0)
            {
                await progress.WriteLineAsync($"translate batch: {done + failed} documents ({failed} failed), {clock.Elapsed.TotalSeconds:0} s").ConfigureAwait(false);
            }
        }
        await progress.WriteLineAsync($"translate batch: done: {done} processed, {failed} failed, in {clock.Elapsed.TotalSeconds:0.0} s; results in {outputFile.FullName}").ConfigureAwait(false);
        return failed == 0 ? ExitCodes.Success : ExitCodes.DocumentsFailed;
    }
}
