using System.Text;
using System.Text.Json;
using Translate.Core.Tokenization.Bpe;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tokenization;

/// <summary>
/// A Hugging Face tokenizer.json, for the families this project implements: byte-level BPE (model BPE with a
/// ByteLevel pre-tokenizer without prefix space: GPT-2, RoBERTa, BART) and BERT uncased WordPiece (model WordPiece
/// with a lower-casing BertNormalizer). Anything else is refused with the reason, never approximated.
/// </summary>
public static class TokenizerJson
{
    public const string FileName = "tokenizer.json";

    /// <summary>The model's "type" (BPE, WordPiece, Unigram, WordLevel).</summary>
    public static string ModelType(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("model").TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
    }

    public static ByteLevelBpeTokenizer LoadByteLevelBpe(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var model = root.GetProperty("model");
        Require(model.GetProperty("type").GetString() == "BPE", path, "its model is not BPE");
        Require(root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind == JsonValueKind.Object
            && pre.GetProperty("type").GetString() == "ByteLevel", path, "its pre-tokenizer is not ByteLevel");
        Require(!pre.TryGetProperty("add_prefix_space", out var prefix) || prefix.ValueKind == JsonValueKind.False, path, "ByteLevel with add_prefix_space is not supported");
        Require(!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null, path, "a normalizer before byte-level BPE is not supported");
        return ByteLevelBpeTokenizer.FromTokenizerJson(model);
    }

    public static WordPieceTokenizer LoadWordPiece(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var model = root.GetProperty("model");
        Require(model.GetProperty("type").GetString() == "WordPiece", path, "its model is not WordPiece");
        Require(root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object
            && normalizer.GetProperty("type").GetString() == "BertNormalizer"
            && normalizer.TryGetProperty("lowercase", out var lowercase) && lowercase.ValueKind == JsonValueKind.True,
            path, "only BERT uncased WordPiece (a lower-casing BertNormalizer) is supported");
        var pieces = model.GetProperty("vocab").EnumerateObject().OrderBy(entry => entry.Value.GetInt32()).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            Require(pieces[i].Value.GetInt32() == i, path, "its WordPiece ids are not 0..n-1");
        }
        var vocabulary = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', pieces.Select(entry => entry.Name)) + "\n"));
        return WordPieceTokenizer.Create(vocabulary);
    }

    private static void Require(bool condition, string path, string reason)
    {
        if (!condition)
        {
            throw new NotSupportedException($"{path}: {reason}.");
        }
    }
}
