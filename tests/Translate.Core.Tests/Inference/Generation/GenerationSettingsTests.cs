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
    public void Validate_BadSetting_MessageNamesIt(string json, string setting)
    {
        var settings = Parse(json);

        var error = Assert.ThrowsAny<ArgumentException>(() => settings.Validate(vocabularySize: 50));

        Assert.Contains(setting, error.Message);
    }

    private static GenerationSettings Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return GenerationSettings.FromJson(document.RootElement, document.RootElement);
    }

    private static int? NullableId(JsonElement settings, string name) =>
        settings.GetProperty(name).ValueKind == JsonValueKind.Null ? null : settings.GetProperty(name).GetInt32();
}
