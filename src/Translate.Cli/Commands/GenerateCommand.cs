using System.CommandLine;
using System.Globalization;
using System.Text;
using Translate.Cli.Internal;
using Translate.Core.Hosting;
using Translate.Core.Inference.Batching;
using Translate.Core.Inference.Generation;
using Translate.Core.Models;

namespace Translate.Cli.Commands;

/// <summary>
/// `translate generate`: runs an exported seq2seq model (Marian, BART, T5) on token ids from the shell, one line of
/// space-separated input ids in, one line of output ids out (the decoder sequence as transformers' generate() returns
/// it: start token first). Ids, or text with --text. Batching and ONNX Runtime settings come from --Batching:Key=value and
/// --Processing:OnnxRuntime:Key=value (or TRANSLATE_ environment variables), as for every other command:
/// --Batching:MaxBatchRows=1 generates one line at a time.
/// </summary>
internal static class GenerateCommand
{
    // Lines read before their generation starts: enough to fill batches, few enough to stream a long input.
    private const int LinesPerChunk = 64;

    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "An Optimum export folder (config.json, generation_config.json, onnx/...).", Required = true };
        var beams = new Option<int?>("--beams") { Description = "num_beams (default: the model's generation_config.json; 1 is greedy)." };
        var maxNewTokens = new Option<int?>("--max-new-tokens") { Description = "Most tokens generated after the start token (default: the model's max_length)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Recompute the whole prefix at every step instead of carrying the key/value cache." };
        var decoder = new Option<DecoderFiles>("--decoder") { Description = "Which decoder files to run: Auto, Merged or Split.", DefaultValueFactory = _ => DecoderFiles.Auto };
        var scores = new Option<bool>("--scores") { Description = "Append each beam output's length-normalised score after a tab." };
        var text = new Option<bool>("--text") { Description = "Read text lines and write generated text, through the folder's tokenizer (long lines are windowed at sentences)." };
        var command = new Command("generate", "Read lines of space-separated input token ids (or, with --text, text) on standard input; write each line's output.")
        {
            model, beams, maxNewTokens, noCache, decoder, scores, text,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = ConfiguredRuntime.Options(parseResult);
            if (new BatchingOptionsValidator().Validate(null, options.Batching) is { Failed: true } invalid)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"translate generate: {invalid.FailureMessage}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            if (parseResult.GetValue(text))
            {
                return await GenerateTextAsync(parseResult.GetRequiredValue(model).FullName, options, parseResult.GetValue(beams), parseResult.GetValue(maxNewTokens), cancellationToken).ConfigureAwait(false);
            }
            Seq2SeqModel loaded;
            try
            {
                loaded = Seq2SeqModel.Load(parseResult.GetRequiredValue(model).FullName, options.OnnxRuntime, parseResult.GetValue(decoder));
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"translate generate: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            await using var generator = new Seq2SeqGenerator("generate", loaded, options.Batching);
            var settings = loaded.Settings with
            {
                NumBeams = parseResult.GetValue(beams) ?? loaded.Settings.NumBeams,
                MaxNewTokens = parseResult.GetValue(maxNewTokens) ?? loaded.Settings.MaxNewTokens,
                UseCache = !parseResult.GetValue(noCache),
            };
            try
            {
                loaded.CheckSettings(settings);
            }
            catch (ArgumentException exception)
            {
                await Console.Error.WriteLineAsync($"translate generate: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            var withScores = parseResult.GetValue(scores);
            using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), bufferSize: 1 << 16);
            var chunk = new List<int[]>(LinesPerChunk);
            var lineNumber = 0;
            var line = new StringBuilder();
            while (true)
            {
                var text = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (text is not null)
                {
                    lineNumber++;
                    if (!TryParseIds(text, loaded, out var ids, out var problem))
                    {
                        await Console.Error.WriteLineAsync($"translate generate: line {lineNumber}: {problem}").ConfigureAwait(false);
                        return ExitCodes.BadInput;
                    }
                    chunk.Add(ids);
                }
                if (chunk.Count == LinesPerChunk || (text is null && chunk.Count > 0))
                {
                    foreach (var result in await generator.GenerateAllAsync(chunk, settings, cancellationToken).ConfigureAwait(false))
                    {
                        line.Clear().AppendJoin(' ', result.Ids);
                        if (withScores && result.Score is { } score)
                        {
                            line.Append('\t').Append(score.ToString("R", CultureInfo.InvariantCulture));
                        }
                        await output.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
                    }
                    chunk.Clear();
                }
                if (text is null)
                {
                    return ExitCodes.Success;
                }
            }
        });
        return command;
    }

    /// <summary>Text lines in, generated text out, a chunk of lines at a time through the batcher.</summary>
    private static async Task<int> GenerateTextAsync(string folder, ProcessingOptions options, int? beams, int? maxNewTokens, CancellationToken cancellationToken)
    {
        Seq2SeqTextModel model;
        try
        {
            model = Seq2SeqTextModel.Load("generate", folder, options.OnnxRuntime, options.Batching);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"translate generate: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        await using var _ = model;
        var defaults = model.Generator.Model.Settings;
        var settings = defaults with { NumBeams = beams ?? defaults.NumBeams, MaxNewTokens = maxNewTokens ?? defaults.MaxNewTokens };
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), bufferSize: 1 << 16);
        var chunk = new List<string>(LinesPerChunk);
        while (true)
        {
            var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is not null)
            {
                chunk.Add(line);
            }
            if (chunk.Count == LinesPerChunk || (line is null && chunk.Count > 0))
            {
                // Empty lines stay empty lines, so outputs line up with inputs.
                var nonEmpty = chunk.Where(l => l.Trim().Length > 0).ToArray();
                var generated = await model.GenerateAsync(nonEmpty, settings, cancellationToken).ConfigureAwait(false);
                var next = 0;
                foreach (var original in chunk)
                {
                    await output.WriteLineAsync(original.Trim().Length > 0 ? generated[next++] : string.Empty).ConfigureAwait(false);
                }
                chunk.Clear();
            }
            if (line is null)
            {
                return ExitCodes.Success;
            }
        }
    }

    private static bool TryParseIds(string text, Seq2SeqModel model, out int[] ids, out string problem)
    {
        var vocabulary = model.Architecture.VocabularySize;
        var parts = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        ids = new int[parts.Length];
        problem = "";
        if (parts.Length == 0)
        {
            problem = "no ids (an input needs at least one, usually the end-of-sequence id).";
            return false;
        }
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]) || ids[i] >= vocabulary)
            {
                problem = $"'{parts[i]}' is not a token id of this model (0 to {vocabulary - 1}).";
                return false;
            }
        }
        try
        {
            model.CheckInput(ids);
        }
        catch (ArgumentException exception)
        {
            problem = exception.Message;
            return false;
        }
        return true;
    }
}
