using System.Text.Json;
using Translate.Core.Tokenization.SentencePiece.Model;

namespace Translate.Benchmarks;

/// <summary>
/// A Hugging Face tokenizer.json equivalent to a SentencePiece unigram .model, as transformers' SpmConverter writes
/// it: Precompiled normalizer (the model's charsmap) and runs of spaces collapsed, Metaspace pre-tokenizer, Unigram model.
/// </summary>
internal static class UnigramTokenizerJson
{
    public static string Write(string modelPath, string directory)
    {
        var model = ModelProto.Read(File.ReadAllBytes(modelPath));
        var path = Path.Combine(directory, "tokenizer.json");
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteNull("truncation");
        json.WriteNull("padding");
        json.WriteStartArray("added_tokens");
        json.WriteEndArray();
        json.WriteStartObject("normalizer");
        json.WriteString("type", "Sequence");
        json.WriteStartArray("normalizers");
        json.WriteStartObject();
        json.WriteString("type", "Precompiled");
        json.WriteString("precompiled_charsmap", Convert.ToBase64String(model.PrecompiledCharsMap));
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "Replace");
        json.WriteStartObject("pattern");
        json.WriteString("Regex", " {2,}");
        json.WriteEndObject();
        json.WriteString("content", " ");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("pre_tokenizer");
        json.WriteString("type", "Metaspace");
        json.WriteString("replacement", "\u2581");
        json.WriteBoolean("add_prefix_space", true);
        json.WriteString("prepend_scheme", "always");
        json.WriteEndObject();
        json.WriteNull("post_processor");
        json.WriteNull("decoder");
        json.WriteStartObject("model");
        json.WriteString("type", "Unigram");
        var unknown = 0;
        for (var i = 0; i < model.Pieces.Count; i++)
        {
            if (model.Pieces[i].Type == PieceType.Unknown)
            {
                unknown = i;
                break;
            }
        }
        json.WriteNumber("unk_id", unknown);
        json.WriteStartArray("vocab");
        foreach (var piece in model.Pieces)
        {
            json.WriteStartArray();
            json.WriteStringValue(piece.Piece);
            json.WriteNumberValue(piece.Score);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteBoolean("byte_fallback", model.ByteFallback);
        json.WriteEndObject();
        json.WriteEndObject();
        return path;
    }
}
