using System.Text.Json;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// The keys of transformers' GenerationConfig (4.4x) and what this engine does with each: read into
/// <see cref="GenerationSettings"/>, refused when set to a value under which transformers' output would differ from what
/// this engine computes, or read and without effect on the ids. docs/GENERATION.md has the same table, with the reasons.
/// </summary>
internal static class GenerationConfigFields
{
    /// <summary>Read into <see cref="GenerationSettings"/> and applied as transformers applies them.</summary>
    public static readonly IReadOnlySet<string> Implemented = new HashSet<string>
    {
        "decoder_start_token_id", "bos_token_id", "pad_token_id", "eos_token_id", "max_length", "max_new_tokens", "min_length",
        "min_new_tokens", "num_beams", "length_penalty", "early_stopping", "no_repeat_ngram_size", "encoder_no_repeat_ngram_size",
        "repetition_penalty", "bad_words_ids", "forced_bos_token_id", "forced_eos_token_id", "suppress_tokens",
        "begin_suppress_tokens", "renormalize_logits", "use_cache",
    };

    /// <summary>
    /// Keys this engine does not implement, each with transformers' own condition for using it (a default value such as
    /// do_sample false or num_return_sequences 1, which old config.json files spell out, is accepted).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, Func<JsonElement, bool> IsActive, string What)> Refused =
    [
        ("do_sample", IsTrue, "sampling is not implemented (greedy and beam search only)"),
        ("num_return_sequences", value => Number(value) > 1, "one output per input is returned (GeneratedSequence); set it to 1"),
        ("num_beam_groups", value => Number(value) > 1, "group (diverse) beam search is not implemented"),
        ("diversity_penalty", value => Number(value) is { } penalty && penalty != 0, "group (diverse) beam search is not implemented"),
        ("penalty_alpha", value => Number(value) > 0, "contrastive search is not implemented"),
        ("constraints", IsNonEmpty, "constrained beam search is not implemented"),
        ("force_words_ids", IsNonEmpty, "constrained beam search is not implemented"),
        ("sequence_bias", IsNonEmpty, "the sequence bias processor is not implemented"),
        ("exponential_decay_length_penalty", IsNonEmpty, "the exponential decay length penalty is not implemented"),
        ("guidance_scale", value => Number(value) is { } scale && scale != 1, "classifier-free guidance is not implemented"),
        ("encoder_repetition_penalty", value => Number(value) is { } penalty && penalty != 1, "the encoder repetition penalty is not implemented"),
        ("remove_invalid_values", IsTrue, "replacing inf and nan scores is not implemented"),
        ("forced_decoder_ids", IsNonEmpty, "forced decoder ids (Whisper) are not implemented"),
        ("max_time", IsNonEmpty, "a time limit would make the output depend on the machine's speed"),
        ("stop_strings", IsNonEmpty, "stop strings need the tokenizer inside generation"),
        ("prompt_lookup_num_tokens", IsNonEmpty, "assisted (prompt lookup) decoding is not implemented"),
        ("watermarking_config", IsNonEmpty, "watermarking is not implemented"),
        ("dola_layers", IsNonEmpty, "DoLa decoding is not implemented"),
        ("token_healing", IsTrue, "token healing is not implemented"),
    ];

    /// <summary>Keys that do not change the ids this engine returns (sampling warpers are only used with do_sample, which is refused).</summary>
    public static readonly IReadOnlySet<string> WithoutEffect = new HashSet<string>
    {
        "temperature", "top_k", "top_p", "min_p", "typical_p", "epsilon_cutoff", "eta_cutoff",
        "output_attentions", "output_hidden_states", "output_scores", "output_logits", "return_dict_in_generate", "return_legacy_cache",
        "cache_implementation", "cache_config", "low_memory", "num_assistant_tokens", "num_assistant_tokens_schedule",
        "assistant_confidence_threshold", "max_matching_ngram_size", "is_assistant", "compile_config", "disable_compile",
        "transformers_version", "_from_model_config", "_commit_hash", "_original_object_hash",
    };

    /// <summary>
    /// Refuses a setting the engine would otherwise ignore: an active <see cref="Refused"/> key anywhere, and in
    /// generation_config.json (whose keys are all generation settings) any key this engine does not know.
    /// </summary>
    /// <exception cref="InvalidDataException">The message names the key.</exception>
    public static void Check(JsonElement config, bool isGenerationConfig)
    {
        foreach (var (name, isActive, what) in Refused)
        {
            if (config.TryGetProperty(name, out var value) && isActive(value))
            {
                throw new InvalidDataException($"{name} {value.GetRawText()} is not supported: {what}. Remove it (or set transformers' default) to load this model.");
            }
        }
        if (!isGenerationConfig)
        {
            return;
        }
        foreach (var property in config.EnumerateObject())
        {
            var name = property.Name;
            if (!Implemented.Contains(name) && !WithoutEffect.Contains(name) && !Refused.Any(field => field.Name == name))
            {
                throw new InvalidDataException(
                    $"{name} is not a transformers generation setting this engine knows; it is refused rather than ignored, since it could change the output.");
            }
        }
    }

    private static bool IsTrue(JsonElement value) => value.ValueKind == JsonValueKind.True;

    private static bool IsNonEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => true,
    };

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
