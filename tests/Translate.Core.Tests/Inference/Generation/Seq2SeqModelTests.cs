using Translate.Core.Inference.Generation;
using Translate.Core.Inference.Generation.Internal;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>
/// Our greedy and beam search on the tiny exports against the ids transformers-style generation gave in PyTorch
/// (models/fixtures/*/expected.json), every case of every family, and the invariances: cache or not, merged or
/// split decoder, alone or batched.
/// </summary>
public sealed class Seq2SeqModelTests
{
    private const double ScoreTolerance = 1e-4;

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_Greedy_EqualsReferenceOnEveryCase(string family)
    {
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var settings = Greedy(model, reference);

        var outputs = reference.Cases.Select(c => model.Generate([c.InputIds], settings)[0]).ToArray();

        AssertEqualIds(reference.Cases.Select(c => c.Greedy).ToArray(), outputs, $"{family} greedy");
        Assert.All(outputs, output => Assert.Null(output.Score));
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_Beam_EqualsReferenceIdsAndScoresOnEveryCase(string family)
    {
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var settings = Beam(model, reference);

        var outputs = reference.Cases.Select(c => model.Generate([c.InputIds], settings)[0]).ToArray();

        AssertEqualIds(reference.Cases.Select(c => c.Beam).ToArray(), outputs, $"{family} beam");
        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.True(Math.Abs(outputs[i].Score!.Value - reference.Cases[i].BeamScore) <= ScoreTolerance,
                $"{family} case {i}: beam score {outputs[i].Score} != reference {reference.Cases[i].BeamScore}.");
        }
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_WithoutCache_SameAsWithCache(string family)
    {
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var inputs = reference.Cases.Select(c => c.InputIds).ToArray();

        foreach (var settings in new[] { Greedy(model, reference), Beam(model, reference) })
        {
            var cached = model.Generate(inputs, settings, cancellationToken: TestContext.Current.CancellationToken);
            var recomputed = model.Generate(inputs, settings with { UseCache = false }, cancellationToken: TestContext.Current.CancellationToken);

            AssertEqualIds(cached.Select(o => o.Ids).ToArray(), recomputed, $"{family} {settings.NumBeams} beam(s) without cache");
            // And both are right, not merely equal.
            var expected = reference.Cases.Select(c => settings.NumBeams == 1 ? c.Greedy : c.Beam).ToArray();
            AssertEqualIds(expected, recomputed, $"{family} {settings.NumBeams} beam(s) without cache");
        }
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_SplitDecoderPair_SameAsMergedDecoder(string family)
    {
        var merged = GenerationFixture.Model(family, DecoderFiles.Merged);
        var split = GenerationFixture.Model(family, DecoderFiles.Split);
        var reference = GenerationFixture.Expected(family);
        var inputs = reference.Cases.Select(c => c.InputIds).ToArray();
        Assert.Equal(DecoderFiles.Merged, merged.Decoder);
        Assert.Equal(DecoderFiles.Split, split.Decoder);

        foreach (var settings in new[] { Greedy(merged, reference), Beam(merged, reference) })
        {
            var fromSplit = split.Generate(inputs, settings, cancellationToken: TestContext.Current.CancellationToken);
            // Without the cache the pair's decoder_model.onnx recomputes the prefix (the merged file's no-past branch otherwise).
            var fromSplitRecomputed = split.Generate(inputs, settings with { UseCache = false }, TestContext.Current.CancellationToken);

            AssertEqualIds(merged.Generate(inputs, settings, TestContext.Current.CancellationToken).Select(o => o.Ids).ToArray(), fromSplit, $"{family} split decoder");
            AssertEqualIds(reference.Cases.Select(c => settings.NumBeams == 1 ? c.Greedy : c.Beam).ToArray(), fromSplit, $"{family} split decoder");
            AssertEqualIds(fromSplit.Select(o => o.Ids).ToArray(), fromSplitRecomputed, $"{family} split decoder without cache");
        }
    }

    [Theory]
    [InlineData("marian", DecoderFiles.Merged)]
    [InlineData("bart", DecoderFiles.Merged)]
    [InlineData("t5", DecoderFiles.Merged)]
    [InlineData("marian", DecoderFiles.Split)]
    [InlineData("t5", DecoderFiles.Split)]
    public void Generate_ReferenceBatches_EachRowSameAsAlone(string family, DecoderFiles decoder)
    {
        var (model, reference) = (GenerationFixture.Model(family, decoder), GenerationFixture.Expected(family));

        foreach (var batch in reference.Batches)
        {
            var inputs = batch.Indices.Select(i => reference.Cases[i].InputIds).ToArray();
            var greedy = model.Generate(inputs, Greedy(model, reference), cancellationToken: TestContext.Current.CancellationToken);
            var beam = model.Generate(inputs, Beam(model, reference), cancellationToken: TestContext.Current.CancellationToken);

            // The reference pads every row of a batch to its longest output; ours are each row's own sequence.
            var pad = model.Settings.PadTokenId;
            AssertEqualIds(batch.Greedy, greedy.Select(o => Padded(o, batch.Greedy[0].Length, pad)).ToArray(), $"{family} batched greedy");
            AssertEqualIds(batch.Beam, beam.Select(o => Padded(o, batch.Beam[0].Length, pad)).ToArray(), $"{family} batched beam");
            AssertEqualIds(batch.Indices.Select(i => reference.Cases[i].Greedy).ToArray(), greedy, $"{family} batched greedy");
            AssertEqualIds(batch.Indices.Select(i => reference.Cases[i].Beam).ToArray(), beam, $"{family} batched beam");
        }
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_LongestInputWithTheShortest_EncodedInSeveralRunsAndEachRowSameAsAlone(string family)
    {
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var byLength = reference.Cases.OrderBy(c => c.InputIds.Length).ToArray();
        ReferenceCase[] cases = [byLength[^1], .. byLength.Take(6)];
        var inputs = cases.Select(c => c.InputIds).ToArray();
        Assert.True(Seq2SeqModel.EncoderRuns(inputs).Count > 1, $"{family}: inputs of {string.Join(", ", inputs.Select(i => i.Length))} tokens encode in one run.");

        var greedy = model.Generate(inputs, Greedy(model, reference), cancellationToken: TestContext.Current.CancellationToken);
        var beam = model.Generate(inputs, Beam(model, reference), cancellationToken: TestContext.Current.CancellationToken);

        AssertEqualIds(cases.Select(c => c.Greedy).ToArray(), greedy, $"{family} greedy, encoder runs by length");
        AssertEqualIds(cases.Select(c => c.Beam).ToArray(), beam, $"{family} beam, encoder runs by length");
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_LongestInputEndsFirst_TheOthersEndAsAlone(string family)
    {
        // The row with the longest input leaves the batch first; the others decode on over its encoder positions (masked).
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var longestOutput = reference.Cases.Max(c => c.Greedy.Length);
        var longest = reference.Cases.Where(c => c.Greedy.Length < longestOutput).MaxBy(c => c.InputIds.Length)!;
        var others = reference.Cases.Where(c => c.InputIds.Length < longest.InputIds.Length && c.Greedy.Length > longest.Greedy.Length).Take(3).ToArray();
        Assert.NotEmpty(others);
        ReferenceCase[] cases = [longest, .. others];
        var inputs = cases.Select(c => c.InputIds).ToArray();

        var greedy = model.Generate(inputs, Greedy(model, reference), cancellationToken: TestContext.Current.CancellationToken);

        AssertEqualIds(cases.Select(c => c.Greedy).ToArray(), greedy, $"{family} greedy, longest input ending first");
    }

    [Fact]
    public void EncoderRuns_LongAndShortInputs_SplitOnlyWherePaddingCostsMoreThanARun()
    {
        int[][] mixed = [new int[100], new int[5], new int[98], new int[6]];
        int[][] alike = [new int[30], new int[28], new int[25]];

        var split = Seq2SeqModel.EncoderRuns(mixed);
        var whole = Seq2SeqModel.EncoderRuns(alike);

        // Longest first: 100 and 98 in one run, 6 and 5 in another (one run would encode 400 positions for 209).
        Assert.Equal([[0, 2], [3, 1]], split);
        Assert.Equal([[0, 1, 2]], whole);
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_GreedyBatch_FinishedRowsStopCostingDecoderWork(string family)
    {
        using var model = Seq2SeqModel.Load(GenerationFixture.Folder(family), GenerationFixture.Runtime);
        var reference = GenerationFixture.Expected(family);
        var inputs = reference.Cases.Select(c => c.InputIds).ToArray();

        var outputs = model.Generate(inputs, Greedy(model, reference), cancellationToken: TestContext.Current.CancellationToken);

        // One decoder row a generated token: a row that produced EOS is not run again.
        Assert.Equal(outputs.Sum(o => o.Ids.Length - 1), model.DecodedRows);
        Assert.True(model.DecodedRows < (long)inputs.Length * reference.MaxNewTokens, "Some fixture outputs stop early, so the batch must shrink.");
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_OneBeam_EqualsGreedy(string family)
    {
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var settings = Beam(model, reference) with { NumBeams = 1 };

        var outputs = model.Generate(reference.Cases.Select(c => c.InputIds).ToArray(), settings, cancellationToken: TestContext.Current.CancellationToken);

        AssertEqualIds(reference.Cases.Select(c => c.Greedy).ToArray(), outputs, $"{family} num_beams 1");
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    public void BeamSearch_OneBeam_SameIdsAsGreedySearch(string family)
    {
        // The beam machinery itself with one beam: the same as greedy wherever the processors commute with
        // log-softmax (T5's repetition penalty does not: it scales logits, not log-probabilities).
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var settings = Beam(model, reference) with { NumBeams = 1 };

        var outputs = BeamSearch.Run(model, reference.Cases.Select(c => c.InputIds).ToArray(), settings, TestContext.Current.CancellationToken);

        AssertEqualIds(reference.Cases.Select(c => c.Greedy).ToArray(), outputs, $"{family} beam search with one beam");
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_MaxNewTokens_BoundsEveryOutput(string family)
    {
        var (model, reference) = (GenerationFixture.Model(family), GenerationFixture.Expected(family));
        var inputs = reference.Cases.Select(c => c.InputIds).ToArray();

        var outputs = model.Generate(inputs, Greedy(model, reference) with { MaxNewTokens = 4 }, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < inputs.Length; i++)
        {
            // The start token plus at most 4; a prefix of the longer run, since nothing else changes before the end.
            Assert.InRange(outputs[i].Ids.Length, 2, 5);
            var full = reference.Cases[i].Greedy;
            Assert.Equal(full.Take(outputs[i].Ids.Length - 1), outputs[i].Ids.Take(outputs[i].Ids.Length - 1));
        }
    }

    internal static GenerationSettings Greedy(Seq2SeqModel model, Reference reference) =>
        model.Settings with { NumBeams = 1, MaxNewTokens = reference.MaxNewTokens };

    internal static GenerationSettings Beam(Seq2SeqModel model, Reference reference) =>
        model.Settings with { NumBeams = reference.BeamSettings.GetProperty("num_beams").GetInt32(), MaxNewTokens = reference.MaxNewTokens };

    internal static void AssertEqualIds(IReadOnlyList<int[]> expected, IReadOnlyList<GeneratedSequence> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        var wrong = Enumerable.Range(0, expected.Count).Where(i => !expected[i].SequenceEqual(actual[i].Ids))
            .Select(i => $"case {i}: [{string.Join(",", actual[i].Ids)}] != expected [{string.Join(",", expected[i])}]").ToArray();
        Assert.True(wrong.Length == 0, $"{what}: {wrong.Length} of {expected.Count} differ:\n{string.Join("\n", wrong)}");
    }

    private static GeneratedSequence Padded(GeneratedSequence output, int width, int pad) =>
        new([.. output.Ids, .. Enumerable.Repeat(pad, width - output.Ids.Length)]);
}
