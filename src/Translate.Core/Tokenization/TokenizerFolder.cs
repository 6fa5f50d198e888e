using Translate.Core.Tokenization.Bpe;
using Translate.Core.Tokenization.SentencePiece;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tokenization;

/// <summary>The tokenizers this project implements.</summary>
public enum TokenizerKind
{
    /// <summary>BERT uncased WordPiece: vocab.txt, or a WordPiece tokenizer.json.</summary>
    WordPiece,

    /// <summary>SentencePiece unigram: Marian's source.spm / target.spm with vocab.json, or T5's spiece.model.</summary>
    SentencePiece,

    /// <summary>Byte-level BPE (GPT-2, RoBERTa, BART): vocab.json with merges.txt, or a BPE tokenizer.json.</summary>
    ByteLevelBpe,
}

/// <summary>
/// Which tokenizer a model folder (or a single tokenizer file) holds, and loading it: the one place that knows the
/// file names of each layout.
/// </summary>
public static class TokenizerFolder
{
    /// <summary>
    /// The tokenizer of a folder or file. A folder is read in this order: vocab.txt (WordPiece); source.spm, or
    /// target.spm when <paramref name="target"/>, with vocab.json (Marian) or spiece.model (T5); tokenizer.json;
    /// vocab.json with merges.txt (byte-level BPE). A file by its name: .model or .spm (SentencePiece), .json
    /// (tokenizer.json), anything else a WordPiece vocab.txt.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="NotSupportedException">The folder holds none of the layouts above, or a tokenizer.json of another kind.</exception>
    public static ITokenizer Load(string path, bool target = false)
    {
        if (File.Exists(path))
        {
            return Path.GetExtension(path) switch
            {
                ".model" or ".spm" => SentencePieceTokenizer.FromFile(path),
                ".json" => FromTokenizerJson(path),
                _ => WordPieceTokenizer.FromFile(path),
            };
        }
        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is neither an existing model folder nor a tokenizer file.", path);
        }
        if (File.Exists(Path.Combine(path, "vocab.txt")))
        {
            return WordPieceTokenizer.FromFile(path);
        }
        if (File.Exists(Path.Combine(path, target ? "target.spm" : "source.spm")) || File.Exists(Path.Combine(path, "spiece.model")))
        {
            return SentencePieceTokenizer.FromFolder(path, target);
        }
        if (File.Exists(Path.Combine(path, TokenizerJson.FileName)))
        {
            return FromTokenizerJson(Path.Combine(path, TokenizerJson.FileName));
        }
        if (File.Exists(Path.Combine(path, "vocab.json")) && File.Exists(Path.Combine(path, "merges.txt")))
        {
            return ByteLevelBpeTokenizer.FromFolder(path);
        }
        throw new NotSupportedException(
            $"'{path}' holds none of vocab.txt (WordPiece), source.spm/target.spm with vocab.json (Marian), spiece.model (T5), " +
            "tokenizer.json, or vocab.json with merges.txt (byte-level BPE).");
    }

    /// <summary>The tokenizer of the given kind from a model folder; <paramref name="target"/> picks Marian's target.spm.</summary>
    public static IDetokenizer LoadDetokenizer(string folder, TokenizerKind kind, bool target = false) => kind switch
    {
        TokenizerKind.SentencePiece => SentencePieceTokenizer.FromFolder(folder, target),
        TokenizerKind.ByteLevelBpe => ByteLevelBpeTokenizer.FromFolder(folder),
        _ => throw new NotSupportedException($"A {kind} tokenizer does not decode; generation needs SentencePiece or byte-level BPE."),
    };

    private static ITokenizer FromTokenizerJson(string path) => TokenizerJson.ModelType(path) switch
    {
        "BPE" => TokenizerJson.LoadByteLevelBpe(path),
        "WordPiece" => TokenizerJson.LoadWordPiece(path),
        var type => throw new NotSupportedException($"{path}: a {type} model in tokenizer.json is not supported (SentencePiece unigram loads from its .model/.spm file)."),
    };
}
