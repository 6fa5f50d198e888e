using System.Text.Json;

namespace Translate.Core.Inference.Generation;

/// <summary>
/// The shapes of an encoder-decoder model, from its config.json (transformers' names differ by family).
/// <see cref="MaxPositions"/> is the size of the position table (Marian, BART: max_position_embeddings); null for
/// T5, whose relative positions have no table.
/// </summary>
public sealed record Seq2SeqArchitecture(ModelFamily Family, int HiddenSize, int DecoderLayers, int Heads, int HeadSize, int VocabularySize, int? MaxPositions = null)
{
    public static Seq2SeqArchitecture FromJson(JsonElement config)
    {
        var type = config.TryGetProperty("model_type", out var typeValue) ? typeValue.GetString() : null;
        if (type is null || !ModelFamilies.ByName.TryGetValue(type, out var family))
        {
            throw new InvalidDataException(
                $"config.json: model_type '{type ?? "(missing)"}' is not supported; supported are {string.Join(", ", ModelFamilies.ByName.Keys)}.");
        }
        var hidden = Required(config, "d_model");
        if (family == ModelFamily.T5)
        {
            var layers = Optional(config, "num_decoder_layers") ?? Required(config, "num_layers");
            return new(family, hidden, layers, Required(config, "num_heads"), Required(config, "d_kv"), Required(config, "vocab_size"));
        }
        var heads = Required(config, "decoder_attention_heads");
        if (hidden % heads != 0)
        {
            throw new InvalidDataException($"config.json: d_model {hidden} is not a multiple of decoder_attention_heads {heads}.");
        }
        // Marian may give the decoder its own vocabulary (decoder_vocab_size); the logits have that width.
        var vocabulary = Optional(config, "decoder_vocab_size") ?? Required(config, "vocab_size");
        return new(family, hidden, Required(config, "decoder_layers"), heads, hidden / heads, vocabulary, Optional(config, "max_position_embeddings"));
    }

    private static int Required(JsonElement config, string name) =>
        Optional(config, name) ?? throw new InvalidDataException($"config.json has no '{name}'.");

    private static int? Optional(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
