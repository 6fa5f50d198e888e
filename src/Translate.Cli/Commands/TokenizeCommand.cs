using System.CommandLine;
using System.Text;
using Translate.Cli.Internal;
using Translate.Core.Inference;
using Translate.Core.Models;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.Bpe;
using Translate.Core.Tokenization.SentencePiece;
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
            ILineTokenizer lineTokenizer;
            try
            {
                lineTokenizer = Load(parseResult.GetRequiredValue(tokenizer), parseResult.GetValue(target));
                if (parseResult.GetValue(decode) && lineTokenizer is WordPieceLines)
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
                        await output.WriteLineAsync(lineTokenizer.Decode(ids.ToArray())).ConfigureAwait(false);
                    }
                    catch (ArgumentOutOfRangeException exception)
                    {
                        await Console.Error.WriteLineAsync($"translate tokenize: line {lineNumber}: {exception.Message}").ConfigureAwait(false);
                        return ExitCodes.BadInput;
                    }
                    continue;
                }
                ids.Clear();
                lineTokenizer.Encode(text, ids, withSpecial);
                line.Clear().AppendJoin(' ', ids);
                await output.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static ILineTokenizer Load(string tokenizer, bool target)
    {
        if (string.Equals(tokenizer, MiniLm, StringComparison.OrdinalIgnoreCase))
        {
            using var vocabulary = new MemoryStream(EmbeddedMiniLm.Load().Vocabulary);
            return new WordPieceLines(WordPieceTokenizer.Create(vocabulary));
        }
        if (File.Exists(tokenizer))
        {
            return Path.GetExtension(tokenizer) switch
            {
                ".model" or ".spm" => new SentencePieceLines(SentencePieceTokenizer.FromFile(tokenizer)),
                ".json" => FromTokenizerJson(tokenizer),
                _ => new WordPieceLines(WordPieceTokenizer.FromFile(tokenizer)),
            };
        }
        if (Directory.Exists(tokenizer))
        {
            if (File.Exists(Path.Combine(tokenizer, "vocab.txt")))
            {
                return new WordPieceLines(WordPieceTokenizer.FromFile(tokenizer));
            }
            if (File.Exists(Path.Combine(tokenizer, target ? "target.spm" : "source.spm")) || File.Exists(Path.Combine(tokenizer, "spiece.model")))
            {
                return new SentencePieceLines(SentencePieceTokenizer.FromFolder(tokenizer, target));
            }
            if (File.Exists(Path.Combine(tokenizer, TokenizerJson.FileName)))
            {
                return FromTokenizerJson(Path.Combine(tokenizer, TokenizerJson.FileName));
            }
            if (File.Exists(Path.Combine(tokenizer, "vocab.json")) && File.Exists(Path.Combine(tokenizer, "merges.txt")))
            {
                return new BpeLines(ByteLevelBpeTokenizer.FromFolder(tokenizer));
            }
            throw new NotSupportedException(
                $"'{tokenizer}' holds none of vocab.txt (WordPiece), source.spm/target.spm with vocab.json (Marian), spiece.model (T5), " +
                "tokenizer.json, or vocab.json with merges.txt (byte-level BPE).");
        }
        throw new FileNotFoundException($"'{tokenizer}' is neither '{MiniLm}' nor an existing model folder or tokenizer file.");
    }

    private static ILineTokenizer FromTokenizerJson(string path) => TokenizerJson.ModelType(path) switch
    {
        "BPE" => new BpeLines(TokenizerJson.LoadByteLevelBpe(path)),
        "WordPiece" => new WordPieceLines(TokenizerJson.LoadWordPiece(path)),
        var type => throw new NotSupportedException($"{path}: a {type} model in tokenizer.json is not supported (SentencePiece unigram loads from its .model/.spm file)."),
    };

    private interface ILineTokenizer
    {
        void Encode(string text, List<int> ids, bool withSpecial);

        string Decode(int[] ids) => throw new NotSupportedException("This tokenizer does not decode.");
    }

    private sealed class BpeLines(ByteLevelBpeTokenizer tokenizer) : ILineTokenizer
    {
        public void Encode(string text, List<int> ids, bool withSpecial)
        {
            if (withSpecial && tokenizer.BeginOfSequenceId >= 0)
            {
                ids.Add(tokenizer.BeginOfSequenceId);
            }
            ids.AddRange(tokenizer.EncodeToIds(text));
            if (withSpecial && tokenizer.EndOfSequenceId >= 0)
            {
                ids.Add(tokenizer.EndOfSequenceId);
            }
        }

        public string Decode(int[] ids) => tokenizer.Decode(ids);
    }

    private sealed class WordPieceLines(WordPieceTokenizer tokenizer) : ILineTokenizer
    {
        public void Encode(string text, List<int> ids, bool withSpecial)
        {
            if (withSpecial)
            {
                ids.Add(tokenizer.ClassificationId);
            }
            tokenizer.Encode(text, ids);
            if (withSpecial)
            {
                ids.Add(tokenizer.SeparatorId);
            }
        }
    }

    private sealed class SentencePieceLines(SentencePieceTokenizer tokenizer) : ILineTokenizer
    {
        public string Decode(int[] ids) => tokenizer.Decode(ids);

        public void Encode(string text, List<int> ids, bool withSpecial)
        {
            tokenizer.Encode(text, ids);
            if (withSpecial && tokenizer.EndOfSequenceId >= 0)
            {
                ids.Add(tokenizer.EndOfSequenceId);
            }
        }
    }
}
