using Translate.Core.Inference.Generation;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>A model folder with something missing or wrong fails at load time, and the message names what.</summary>
public sealed class Seq2SeqModelLoadTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"translate-seq2seq-{Guid.NewGuid():N}");

    public Seq2SeqModelLoadTests()
    {
        var source = GenerationFixture.Folder("bart");
        Directory.CreateDirectory(Path.Combine(_folder, "onnx"));
        foreach (var file in (string[])["config.json", "generation_config.json", Seq2SeqModel.EncoderFile, Seq2SeqModel.MergedDecoderFile, Seq2SeqModel.DecoderFile, Seq2SeqModel.DecoderWithPastFile])
        {
            File.Copy(Path.Combine(source, file), Path.Combine(_folder, file));
        }
    }

    [Theory]
    [InlineData("config.json", DecoderFiles.Auto)]
    [InlineData(Seq2SeqModel.EncoderFile, DecoderFiles.Auto)]
    [InlineData(Seq2SeqModel.MergedDecoderFile, DecoderFiles.Merged)]
    [InlineData(Seq2SeqModel.DecoderFile, DecoderFiles.Split)]
    [InlineData(Seq2SeqModel.DecoderWithPastFile, DecoderFiles.Split)]
    public void Load_RequiredFileMissing_MessageNamesIt(string file, DecoderFiles decoder)
    {
        File.Delete(Path.Combine(_folder, file));

        var error = Assert.Throws<FileNotFoundException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime, decoder));

        Assert.Contains(file, error.Message);
        Assert.Contains(_folder, error.Message);
    }

    [Fact]
    public void Load_NoDecoderAtAll_MessageNamesBothLayouts()
    {
        File.Delete(Path.Combine(_folder, Seq2SeqModel.MergedDecoderFile));
        File.Delete(Path.Combine(_folder, Seq2SeqModel.DecoderWithPastFile));

        var error = Assert.Throws<FileNotFoundException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains(Seq2SeqModel.MergedDecoderFile, error.Message);
        Assert.Contains($"missing: {Seq2SeqModel.MergedDecoderFile}, {Seq2SeqModel.DecoderWithPastFile})", error.Message);
    }

    [Fact]
    public void Load_OnlyTheSplitPair_UsesIt()
    {
        File.Delete(Path.Combine(_folder, Seq2SeqModel.MergedDecoderFile));

        using var model = Seq2SeqModel.Load(_folder, GenerationFixture.Runtime);

        Assert.Equal(DecoderFiles.Split, model.Decoder);
    }

    [Fact]
    public void Load_GenerationConfigMissing_FallsBackToConfigJson()
    {
        File.Delete(Path.Combine(_folder, "generation_config.json"));

        using var model = Seq2SeqModel.Load(_folder, GenerationFixture.Runtime);

        // BART's config.json carries the same generation keys, as transformers' from_model_config reads them.
        Assert.Equal(GenerationFixture.Model("bart").Settings, model.Settings);
    }

    [Fact]
    public void Load_DecoderWithoutAnInput_MessageNamesTheInput()
    {
        // The with-past decoder has no encoder_hidden_states: as a "no past" decoder it lacks an input we feed.
        File.Copy(Path.Combine(_folder, Seq2SeqModel.DecoderWithPastFile), Path.Combine(_folder, Seq2SeqModel.DecoderFile), overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime, DecoderFiles.Split));

        Assert.Contains(Seq2SeqModel.DecoderFile, error.Message);
        Assert.Contains("'encoder_hidden_states'", error.Message);
    }

    [Fact]
    public void Load_MergedDecoderIsAnotherFile_MessageNamesMissingInputs()
    {
        File.Copy(Path.Combine(_folder, Seq2SeqModel.DecoderFile), Path.Combine(_folder, Seq2SeqModel.MergedDecoderFile), overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains(Seq2SeqModel.MergedDecoderFile, error.Message);
        Assert.Contains("'use_cache_branch'", error.Message);
        Assert.Contains("'past_key_values.0.decoder.key'", error.Message);
    }

    [Fact]
    public void Load_LayersInConfigDisagreeWithTheExport_MessageNamesTheMissingInput()
    {
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"decoder_layers\": 2", "\"decoder_layers\": 3", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains("'past_key_values.2.decoder.key'", error.Message);
    }

    [Theory]
    [InlineData("\"decoder_attention_heads\": 4", "\"decoder_attention_heads\": 8", "8 heads of size 4")]
    [InlineData("\"vocab_size\": 561", "\"vocab_size\": 600", "vocabulary of 600")]
    public void Load_ShapesInConfigDisagreeWithTheExport_MessageSaysWhich(string setting, string wrong, string message)
    {
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace(setting, wrong, StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains(message, error.Message);
        Assert.Contains(Seq2SeqModel.MergedDecoderFile, error.Message);
    }

    [Fact]
    public void Load_UnsupportedModelType_MessageNamesIt()
    {
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"bart\"", "\"model_type\": \"whisper\"", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains("'whisper'", error.Message);
    }

    [Fact]
    public void Load_GenerationSettingOutsideTheVocabulary_MessageNamesTheSetting()
    {
        var generation = Path.Combine(_folder, "generation_config.json");
        File.WriteAllText(generation, File.ReadAllText(generation).Replace("\"forced_bos_token_id\": 0", "\"forced_bos_token_id\": 9999", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains("forced_bos_token_id", error.Message);
        Assert.Contains("generation_config.json", error.Message);
    }

    [Fact]
    public void Load_GenerationConfigAsksForSeveralSequences_RefusedNamingTheSetting()
    {
        var generation = Path.Combine(_folder, "generation_config.json");
        File.WriteAllText(generation, File.ReadAllText(generation).Replace("\"num_beams\": 4", "\"num_beams\": 4, \"num_return_sequences\": 2", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Seq2SeqModel.Load(_folder, GenerationFixture.Runtime));

        Assert.Contains("num_return_sequences", error.Message);
        Assert.Contains("generation_config.json", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
