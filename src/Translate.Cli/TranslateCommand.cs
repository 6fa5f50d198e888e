using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using Translate.Core.Hosting;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Server;

namespace Translate.Cli;

/// <summary>The `translate` command: serve, process, clean, summarize, batch, eval, tokenize and generate.</summary>
internal static class TranslateCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Repairs poor machine translations of news articles and summarizes them, with models that run locally.\n" +
            "Settings can be given as --Section:Key=value (for example --Processing:MaxTextCodePoints=500000).");
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(DocumentCommand("process", "Clean a text file, then summarize it; prints the cleaned text, every edit with its reason, and the summary.", clean: true, summarize: true));
        root.Subcommands.Add(DocumentCommand("clean", "Clean a text file; prints the cleaned text and every edit with its reason.", clean: true, summarize: false));
        root.Subcommands.Add(DocumentCommand("summarize", "Summarize a text file as it is.", clean: false, summarize: true));
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        return root;
    }

    private static Command Serve()
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

    private static Command DocumentCommand(string name, string description, bool clean, bool summarize)
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
            var path = parseResult.GetRequiredValue(file);
            string text;
            try
            {
                text = path.Name == "-" ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                await Console.Error.WriteLineAsync($"translate {name}: cannot read '{path}': {exception.Message}").ConfigureAwait(false);
                return 2;
            }
            using var runtime = LoadRuntime(parseResult);
            if (runtime is null)
            {
                return 2;
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
            catch (InvalidDocumentException exception)
            {
                await Console.Error.WriteLineAsync($"translate {name}: {exception.Message}").ConfigureAwait(false);
                return 2;
            }
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(CliJson.ToOutput(result, withSegments: true), CliJson.Options));
            }
            else
            {
                HumanReport.Write(Console.Out, text, result, showText: clean);
            }
            return 0;
        });
        return command;
    }

    /// <summary>Loads the models with settings from --Section:Key=value tokens and TRANSLATE_ environment variables.</summary>
    internal static TranslateRuntime? LoadRuntime(ParseResult parseResult)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("TRANSLATE_")
            .AddCommandLine([.. parseResult.UnmatchedTokens])
            .Build();
        try
        {
            return TranslateRuntime.Load(TranslateConfiguration.Bind(configuration));
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException or OptionsValidationException)
        {
            Console.Error.WriteLine($"translate: the models could not be loaded: {exception.Message}");
            return null;
        }
    }
}
