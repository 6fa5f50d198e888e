using System.Text.Json;
using Translate.Core.Inference.Generation;

namespace Translate.Core.Tests.Inference.Generation;

public sealed class GenerationSettingsTests
{
    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Load_GenerationConfig_GivesEverySettingTheReferenceRunUsed(string family)
    {
        var settings = GenerationFixture.Model(family).Settings;
        var beam = GenerationFixture.Expected(family).BeamSettings;

        Assert.Equal(beam.GetProperty("num_beams").GetInt32(), settings.NumBeams);
        Assert.Equal(beam.GetProperty("decoder_start_token_id").GetInt32(), settings.DecoderStartTokenId);
        Assert.Equal([beam.GetProperty("eos_token_id").GetInt32()], settings.EosTokenIds);
        Assert.Equal(beam.GetProperty("pad_token_id").GetInt32(), settings.PadTokenId);
        Assert.Equal(beam.GetProperty("min_length").GetInt32(), settings.MinLength);
        Assert.Equal(beam.GetProperty("no_repeat_ngram_size").GetInt32(), settings.NoRepeatNgramSize);
        Assert.Equal(beam.GetProperty("repetition_penalty").GetSingle(), settings.RepetitionPenalty);
        Assert.Equal(beam.GetProperty("length_penalty").GetDouble(), settings.LengthPenalty);
        Assert.Equal(beam.GetProperty("early_stopping").GetBoolean() ? EarlyStopping.AsSoonAsFinished : EarlyStopping.Heuristic, settings.EarlyStopping);
        Assert.Equal(beam.GetProperty("bad_words_ids").EnumerateArray().Select(s => s.EnumerateArray().Select(id => id.GetInt32()).ToArray()),
            settings.BadWordsIds.Select(s => s.ToArray()));
        Assert.Equal(NullableId(beam, "forced_bos_token_id"), settings.ForcedBosTokenId);
        int[] forcedEos = NullableId(beam, "forced_eos_token_id") is { } id ? [id] : [];
        Assert.Equal(forcedEos, settings.ForcedEosTokenIds);
        Assert.True(settings.UseCache);
    }

    [Fact]
    public void FromJson_MaxNewTokens_WinsOverMaxLength()
    {
        var settings = Parse("""{"decoder_start_token_id": 0, "eos_token_id": 1, "max_length": 200, "max_new_tokens": 7}""");

        Assert.Equal(8, settings.EffectiveMaxLength);
    }

    [Fact]
    public void FromJson_NothingAboutLength_TransformersDefaultOf20()
    {
        var settings = Parse("""{"decoder_start_token_id": 0, "eos_token_id": 1}""");

        Assert.Equal(20, settings.EffectiveMaxLength);
        Assert.Equal(1, settings.NumBeams);
        Assert.Equal(EarlyStopping.Heuristic, settings.EarlyStopping);
    }

    [Fact]
    public void FromJson_EosListAndEarlyStoppingNever_Read()
    {
        var settings = Parse("""{"decoder_start_token_id": 0, "eos_token_id": [1, 5], "early_stopping": "never", "use_cache": false}""");

        Assert.Equal([1, 5], settings.EosTokenIds);
        Assert.True(settings.IsEos(5));
        Assert.Equal(EarlyStopping.Never, settings.EarlyStopping);
        Assert.False(settings.UseCache);
    }

    [Fact]
    public void FromJson_SpecialIdsMissingFromGenerationConfig_TakenFromConfigJson()
    {
        using var model = JsonDocument.Parse("""{"decoder_start_token_id": 3, "pad_token_id": 4, "eos_token_id": 2, "num_beams": 6}""");
        using var generation = JsonDocument.Parse("""{"max_length": 50}""");

        var settings = GenerationSettings.FromJson(generation.RootElement, model.RootElement);

        Assert.Equal(3, settings.DecoderStartTokenId);
        Assert.Equal(4, settings.PadTokenId);
        Assert.Equal([2], settings.EosTokenIds);
        // Generation keys come from generation_config.json alone, as in transformers.
        Assert.Equal(1, settings.NumBeams);
    }

    [Fact]
    public void Equals_SameValuesInDifferentArrays_Equal()
    {
        var first = Parse("""{"decoder_start_token_id": 0, "eos_token_id": 1, "bad_words_ids": [[7], [8, 9]]}""");
        var second = Parse("""{"decoder_start_token_id": 0, "eos_token_id": 1, "bad_words_ids": [[7], [8, 9]]}""");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, second with { BadWordsIds = [[7], [8, 10]] });
    }

    [Theory]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "num_beams": 0}""", "num_beams")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "max_new_tokens": 0}""", "max_new_tokens")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "repetition_penalty": 0}""", "repetition_penalty")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "bad_words_ids": [[]]}""", "bad_words_ids")]
    [InlineData("""{"decoder_start_token_id": 0, "pad_token_id": 0, "eos_token_id": 100}""", "eos_token_id")]
    [InlineData("""{"decoder_start_token_id": 0}""", "eos_token_id")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "suppress_tokens": [50]}""", "suppress_tokens")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "begin_suppress_tokens": [-1]}""", "begin_suppress_tokens")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "forced_eos_token_id": [1, 50]}""", "forced_eos_token_id")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "min_new_tokens": -1}""", "min_new_tokens")]
    [InlineData("""{"decoder_start_token_id": 0, "eos_token_id": 1, "encoder_no_repeat_ngram_size": -2}""", "encoder_no_repeat_ngram_size")]
    public void Validate_BadSetting_MessageNamesIt(string json, string setting)
    {
        var settings = Parse(json);

        var error = Assert.ThrowsAny<ArgumentException>(() => settings.Validate(vocabularySize: 50));

        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void FromJson_FieldsBeyondTheBaseFixtures_Read()
    {
        var settings = Parse("""
            {"decoder_start_token_id": 0, "eos_token_id": 1, "renormalize_logits": true, "min_length": 11, "min_new_tokens": 2,
             "encoder_no_repeat_ngram_size": 3, "suppress_tokens": [4, 5], "begin_suppress_tokens": [6], "forced_eos_token_id": [1, 7],
             "forced_bos_token_id": 9}
            """);

        Assert.True(settings.RenormalizeLogits);
        // transformers 4.40: min_new_tokens wins over min_length, counted after the start token.
        Assert.Equal(3, settings.EffectiveMinLength);
        Assert.Equal(3, settings.EncoderNoRepeatNgramSize);
        Assert.Equal([4, 5], settings.SuppressTokens);
        Assert.Equal([6], settings.BeginSuppressTokens);
        Assert.Equal(2, settings.BeginSuppressLength);
        Assert.Equal([1, 7], settings.ForcedEosTokenIds);
        Assert.NotEqual(settings, settings with { RenormalizeLogits = false });
    }

    [Theory]
    [InlineData("\"do_sample\": true", "do_sample")]
    [InlineData("\"num_return_sequences\": 2", "num_return_sequences")]
    [InlineData("\"num_beam_groups\": 2", "num_beam_groups")]
    [InlineData("\"diversity_penalty\": 0.5", "diversity_penalty")]
    [InlineData("\"penalty_alpha\": 0.6", "penalty_alpha")]
    [InlineData("\"constraints\": [{}]", "constraints")]
    [InlineData("\"force_words_ids\": [[5]]", "force_words_ids")]
    [InlineData("\"sequence_bias\": [[[5], -2.0]]", "sequence_bias")]
    [InlineData("\"exponential_decay_length_penalty\": [5, 1.5]", "exponential_decay_length_penalty")]
    [InlineData("\"guidance_scale\": 1.5", "guidance_scale")]
    [InlineData("\"encoder_repetition_penalty\": 1.2", "encoder_repetition_penalty")]
    [InlineData("\"remove_invalid_values\": true", "remove_invalid_values")]
    [InlineData("\"forced_decoder_ids\": [[1, 5]]", "forced_decoder_ids")]
    [InlineData("\"max_time\": 2.5", "max_time")]
    [InlineData("\"stop_strings\": [\".\"]", "stop_strings")]
    [InlineData("\"prompt_lookup_num_tokens\": 10", "prompt_lookup_num_tokens")]
    [InlineData("\"watermarking_config\": {\"greenlist_ratio\": 0.25}", "watermarking_config")]
    [InlineData("\"dola_layers\": \"high\"", "dola_layers")]
    [InlineData("\"token_healing\": true", "token_healing")]
    [InlineData("\"a_future_setting\": 3", "a_future_setting")]
    [InlineData("\"renormalize_logits\": \"yes\"", "renormalize_logits")]
    [InlineData("\"decoder_start_token_id\": [0, 2]", "decoder_start_token_id")]
    [InlineData("\"suppress_tokens\": [\"a\"]", "suppress_tokens")]
    public void FromJson_SettingTheEngineDoesNotImplement_RefusedNamingIt(string setting, string name)
    {
        var json = "{\"eos_token_id\": 1, \"bos_token_id\": 0, " + setting + "}";

        var error = Assert.Throws<InvalidDataException>(() => Parse(json));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void FromJson_TransformersDefaultsOfUnimplementedSettings_Accepted()
    {
        // What an older config.json spells out: every default, none of which changes greedy or beam search.
        var settings = Parse("""
            {"decoder_start_token_id": 0, "eos_token_id": 1, "num_beams": 4, "do_sample": false, "num_return_sequences": 1,
             "num_beam_groups": 1, "diversity_penalty": 0.0, "temperature": 1.0, "top_k": 50, "top_p": 1.0, "typical_p": 1.0,
             "encoder_repetition_penalty": 1.0, "remove_invalid_values": false, "exponential_decay_length_penalty": null,
             "forced_decoder_ids": null, "sequence_bias": null, "guidance_scale": null, "penalty_alpha": null, "low_memory": null,
             "output_scores": false, "return_dict_in_generate": false, "transformers_version": "4.40.0", "_from_model_config": true}
            """);

        Assert.Equal(4, settings.NumBeams);
    }

    [Fact]
    public void FromJson_ConfigJsonFallback_ArchitectureKeysAcceptedButSamplingRefused()
    {
        using var model = JsonDocument.Parse("""{"decoder_start_token_id": 0, "eos_token_id": 1, "d_model": 512, "architectures": ["MarianMTModel"]}""");
        using var sampling = JsonDocument.Parse("""{"decoder_start_token_id": 0, "eos_token_id": 1, "d_model": 512, "do_sample": true}""");

        Assert.Equal(0, GenerationSettings.FromJson(null, model.RootElement).DecoderStartTokenId);
        var error = Assert.Throws<InvalidDataException>(() => GenerationSettings.FromJson(null, sampling.RootElement));
        Assert.Contains("do_sample", error.Message);
    }

    private static GenerationSettings Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return GenerationSettings.FromJson(document.RootElement, document.RootElement);
    }

    private static int? NullableId(JsonElement settings, string name) =>
        settings.GetProperty(name).ValueKind == JsonValueKind.Null ? null : settings.GetProperty(name).GetInt32();
}
