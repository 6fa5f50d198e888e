using System.CommandLine;
using System.Text;
using Translate.Core.Inference;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Cli;

/// <summary>
/// `translate tokenize`: one line of space-separated ids for each line of standard input, so that anyone can
/// compare with a reference tokenizer from the shell. WordPiece only for now: the embedded MiniLM vocabulary, or a
/// model folder (or file) with a BERT vocab.txt.
/// </summary>
internal static class TokenizeCommand
{
    public const string MiniLm = "minilm";

    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer")
        {
            Description = $"'{MiniLm}' (all-MiniLM-L6-v2's WordPiece, embedded), or a model folder holding vocab.txt, or a vocab.txt file.",
            Required = true,
        };
        var special = new Option<bool>("--special") { Description = "Add the model's special tokens ([CLS] … [SEP])." };
        var command = new Command("tokenize", "Read lines on standard input and write each line's token ids, space-separated.") { tokenizer, special };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            WordPieceTokenizer wordPiece;
            try
            {
                wordPiece = Load(parseResult.GetRequiredValue(tokenizer));
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
            {
                await Console.Error.WriteLineAsync($"translate tokenize: {exception.Message}").ConfigureAwait(false);
                return 2;
            }
            var withSpecial = parseResult.GetValue(special);
            using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), bufferSize: 1 << 16);
            var ids = new List<int>();
            var line = new StringBuilder();
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                ids.Clear();
                if (withSpecial)
                {
                    ids.Add(wordPiece.ClassificationId);
                }
                wordPiece.Encode(text, ids);
                if (withSpecial)
                {
                    ids.Add(wordPiece.SeparatorId);
                }
                line.Clear().AppendJoin(' ', ids);
                await output.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }

    private static WordPieceTokenizer Load(string tokenizer)
    {
        if (string.Equals(tokenizer, MiniLm, StringComparison.OrdinalIgnoreCase))
        {
            using var vocabulary = new MemoryStream(EmbeddedMiniLm.Load().Vocabulary);
            return WordPieceTokenizer.Create(vocabulary);
        }
        if (File.Exists(tokenizer) || File.Exists(Path.Combine(tokenizer, "vocab.txt")))
        {
            return WordPieceTokenizer.FromFile(tokenizer);
        }
        if (Directory.Exists(tokenizer))
        {
            throw new NotSupportedException(
                $"'{tokenizer}' has no vocab.txt. Only WordPiece (BERT vocab.txt) is supported for now; SentencePiece and BPE folders are not yet.");
        }
        throw new FileNotFoundException($"'{tokenizer}' is neither '{MiniLm}' nor an existing model folder or vocab.txt.");
    }
}
