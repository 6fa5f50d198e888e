using System.Text.Json;
using Translate.Core.Inference.Generation;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>
/// The settings cases of models/fixtures/*/expected.json: each generation_config field of docs/GENERATION.md's table,
/// read by <see cref="GenerationSettings.FromJson"/> from the very dict the PyTorch reference ran, greedy and beam,
/// against the reference's ids (alone and as one batch).
/// </summary>
public sealed class GenerationConfigCasesTests
{
    // Absolute, plus relative for scores multiplied by the length (negative length_penalty): float32 sums over 12 steps.
    private const double ScoreTolerance = 1e-4;
    private const double RelativeScoreTolerance = 1e-5;

    /// <summary>The fields transformers honours for these families that the engine implements (the table's "applied" rows).</summary>
    private static readonly string[] TableFields =
    [
        "renormalize_logits", "bad_words_ids", "forced_bos_token_id", "forced_eos_token_id", "no_repeat_ngram_size",
        "encoder_no_repeat_ngram_size", "repetition_penalty", "min_length", "min_new_tokens", "max_length", "max_new_tokens",
        "length_penalty", "early_stopping", "num_beams", "suppress_tokens", "begin_suppress_tokens", "decoder_start_token_id",
    ];

    private static readonly string[] Families = ["marian", "bart", "t5"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in Families)
        {
            foreach (var settingsCase in GenerationFixture.Expected(family).SettingsCases)
            {
                data.Add(family, settingsCase.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_SettingsCase_GreedyEqualsReference(string family, string name)
    {
        var (model, settingsCase) = (GenerationFixture.Model(family), Case(family, name));
        var settings = Read(family, settingsCase.GreedyConfig);
        Assert.Equal(1, settings.NumBeams);

        var alone = settingsCase.Inputs.Select(input => model.Generate([input.InputIds], settings, TestContext.Current.CancellationToken)[0]).ToArray();
        var batched = model.Generate(settingsCase.Inputs.Select(input => input.InputIds).ToArray(), settings, TestContext.Current.CancellationToken);

        for (var i = 0; i < settingsCase.Inputs.Count; i++)
        {
            Assert.True(settingsCase.Inputs[i].Greedy.SequenceEqual(alone[i].Ids),
                $"{family} {name} input {i}: greedy {Show(alone[i].Ids)} != reference {Show(settingsCase.Inputs[i].Greedy)}");
            Assert.Equal(alone[i].Ids, batched[i].Ids);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_SettingsCase_BeamEqualsReferenceIdsAndScores(string family, string name)
    {
        var (model, settingsCase) = (GenerationFixture.Model(family), Case(family, name));
        var settings = Read(family, settingsCase.BeamConfig);
        Assert.True(settings.NumBeams > 1);

        var alone = settingsCase.Inputs.Select(input => model.Generate([input.InputIds], settings, TestContext.Current.CancellationToken)[0]).ToArray();
        var batched = model.Generate(settingsCase.Inputs.Select(input => input.InputIds).ToArray(), settings, TestContext.Current.CancellationToken);

        for (var i = 0; i < settingsCase.Inputs.Count; i++)
        {
            var expected = settingsCase.Inputs[i];
            Assert.True(expected.Beam.SequenceEqual(alone[i].Ids), $"{family} {name} input {i}: beam {Show(alone[i].Ids)} != reference {Show(expected.Beam)}");
            Assert.True(Math.Abs(alone[i].Score!.Value - expected.BeamScore) <= ScoreTolerance + RelativeScoreTolerance * Math.Abs(expected.BeamScore),
                $"{family} {name} input {i}: beam score {alone[i].Score} != reference {expected.BeamScore}");
            Assert.Equal(alone[i].Ids, batched[i].Ids);
        }
    }

    [Fact]
    public void SettingsCases_EveryTableFieldChangesSomeOutput_GreedyAndBeam()
    {
        var all = Families.SelectMany(family => GenerationFixture.Expected(family).SettingsCases).ToArray();

        foreach (var field in TableFields)
        {
            var cases = all.Where(c => c.Covers.Contains(field)).ToArray();
            Assert.True(cases.Length > 0, $"no settings case covers {field}");
            // A case whose outputs equal the base settings' could not fail for that field; num_beams and the beam-only
            // fields (length_penalty, early_stopping) change beam search only.
            Assert.True(cases.Any(c => c.Inputs.Any(input => input.BeamDiffersFromBase)), $"no case of {field} changes a beam output");
            if (field is not ("num_beams" or "length_penalty" or "early_stopping" or "renormalize_logits"))
            {
                Assert.True(cases.Any(c => c.Inputs.Any(input => input.GreedyDiffersFromBase)), $"no case of {field} changes a greedy output");
            }
        }
    }

    [Fact]
    public void Generate_MarianRenormalizedBeam_DiffersWithoutRenormalization()
    {
        // opus-mt's generation_config.json: bad_words_ids [[pad]] with renormalize_logits true. Without the final
        // log-softmax the beam ids are those PyTorch gives without it, not the reference: the case can fail.
        var model = GenerationFixture.Model("marian");
        var settingsCase = Case("marian", "renormalize_logits");
        var settings = Read("marian", settingsCase.BeamConfig);
        Assert.True(settings.RenormalizeLogits);
        Assert.Equal([[settings.PadTokenId]], settings.BadWordsIds.Select(ids => ids.ToArray()));

        var plain = settingsCase.Inputs.Select(input => model.Generate([input.InputIds], settings with { RenormalizeLogits = false },
            TestContext.Current.CancellationToken)[0].Ids).ToArray();

        var differing = Enumerable.Range(0, plain.Length).Where(i => !plain[i].SequenceEqual(settingsCase.Inputs[i].Beam)).ToArray();
        Assert.NotEmpty(differing);
        for (var i = 0; i < plain.Length; i++)
        {
            Assert.Equal(settingsCase.Inputs[i].BeamWithoutRenormalize, plain[i]);
        }
    }

    private static SettingsCase Case(string family, string name) => GenerationFixture.Expected(family).SettingsCases.Single(c => c.Name == name);

    private static GenerationSettings Read(string family, JsonElement config)
    {
        var settings = GenerationSettings.FromJson(config, GenerationFixture.ModelConfig(family));
        GenerationFixture.Model(family).CheckSettings(settings);
        return settings;
    }

    private static string Show(int[] ids) => string.Join(' ', ids);
}
