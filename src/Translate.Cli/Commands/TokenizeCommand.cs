using System.CommandLine;
using System.Text;
using Translate.Cli.Internal;
using Translate.Core.Models;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Cli.Commands;

/// <summary>
/// `translate tokenize`: one line of space-separated ids for each line of standard input, so that anyone can
/// compare with a reference tokenizer from the shell; with --decode, one line of text for each line of ids.
/// Loads WordPiece (the embedded MiniLM vocabulary, or a folder or file with a BERT vocab.txt) or SentencePiece
/// unigram (a Marian folder: source.spm, or target.spm with --target, and vocab.json; a T5 folder: spiece.model;
/// or a .model / .spm file), byte-level BPE (a BART folder: vocab.json and merges.txt), or a tokenizer.json of
/// those families.
/// </summary>
internal static class TokenizeCommand
{
    public const string MiniLm = "minilm";

    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer")
        {
            Description = $"'{MiniLm}' (all-MiniLM-L6-v2's WordPiece, embedded); a model folder holding vocab.txt (BERT), source.spm and vocab.json (Marian) or spiece.model (T5); or a vocab.txt or SentencePiece .model/.spm file.",
            Required = true,
        };
        var special = new Option<bool>("--special") { Description = "Add the model's special tokens ([CLS] … [SEP] for BERT, </s> for SentencePiece)." };
        var target = new Option<bool>("--target") { Description = "Marian: use the target side (target.spm), the one a translation is decoded with." };
        var decode = new Option<bool>("--decode") { Description = "Read lines of space-separated ids and write their text (SentencePiece models); special tokens are skipped." };
        var command = new Command("tokenize", "Read lines on standard input and write each line's token ids, space-separated (or, with --decode, the reverse).")
        {
            tokenizer, special, target, decode,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ITokenizer lineTokenizer;
            try
            {
                lineTokenizer = Load(parseResult.GetRequiredValue(tokenizer), parseResult.GetValue(target));
                if (parseResult.GetValue(decode) && lineTokenizer is not IDetokenizer)
                {
                    throw new NotSupportedException("--decode needs a generating model's tokenizer (Marian, T5); WordPiece is an encoder's.");
                }
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
            {
                await Console.Error.WriteLineAsync($"translate tokenize: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            var withSpecial = parseResult.GetValue(special);
            var decoding = parseResult.GetValue(decode);
            using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), bufferSize: 1 << 16);
            var ids = new List<int>();
            var line = new StringBuilder();
            var lineNumber = 0;
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                lineNumber++;
                if (decoding)
                {
                    ids.Clear();
                    foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!int.TryParse(token, out var id))
                        {
                            await Console.Error.WriteLineAsync($"translate tokenize: line {lineNumber}: '{token}' is not an id.").ConfigureAwait(false);
                            return ExitCodes.BadInput;
                        }
                        ids.Add(id);
                    }
                    try
                    {
                        await output.WriteLineAsync(((IDetokenizer)lineTokenizer).Decode(ids.ToArray())).ConfigureAwait(false);
                    }
                    catch (ArgumentOutOfRangeException exception)
                    {
                        await Console.Error.WriteLineAsync($"translate tokenize: line {lineNumber}: {exception.Message}").ConfigureAwait(false);
                        return ExitCodes.BadInput;
                    }
                    continue;
                }
                ids.Clear();
                if (withSpecial)
                {
                    ids.AddRange(lineTokenizer.RowTokens.Prefix);
                }
                lineTokenizer.Encode(text, ids);
                if (withSpecial)
                {
                    ids.AddRange(lineTokenizer.RowTokens.Suffix);
                }
                line.Clear().AppendJoin(' ', ids);
                await output.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static ITokenizer Load(string tokenizer, bool target)
    {
        if (string.Equals(tokenizer, MiniLm, StringComparison.OrdinalIgnoreCase))
        {
            using var vocabulary = new MemoryStream(EmbeddedMiniLm.Load().Vocabulary);
            return WordPieceTokenizer.Create(vocabulary);
        }
        return TokenizerFolder.Load(tokenizer, target);
    }
}
