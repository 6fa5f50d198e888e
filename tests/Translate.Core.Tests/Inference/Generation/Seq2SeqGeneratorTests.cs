using Translate.Core.Inference.Batching;
using Translate.Core.Inference.Generation;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>Concurrent callers through the model's dynamic batcher: they share runs, and each gets what it would alone.</summary>
public sealed class Seq2SeqGeneratorTests
{
    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public async Task GenerateAsync_ConcurrentCallersGreedyAndBeam_EachEqualsReferenceAndRunsShareBatches(string family)
    {
        var reference = GenerationFixture.Expected(family);
        var name = $"seq2seq-{family}-{Guid.NewGuid():N}";
        var batchRows = new List<int>();
        using var listener = BatchRowsListener.Start(name, batchRows);
        await using var generator = new Seq2SeqGenerator(name, Seq2SeqModel.Load(GenerationFixture.Folder(family), GenerationFixture.Runtime), new BatchingOptions { MaxWaitMilliseconds = 20 });
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        var beam = Seq2SeqModelTests.Beam(generator.Model, reference);

        // Every case twice, once greedy and once beam, all callers released at once.
        using var start = new ManualResetEventSlim();
        var calls = reference.Cases.SelectMany((c, i) => new[] { (Case: i, Beam: false), (Case: i, Beam: true) }).ToArray();
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            start.Wait(TestToken);
            return await generator.GenerateAsync(reference.Cases[call.Case].InputIds, call.Beam ? beam : greedy, TestToken);
        }, TestToken)).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        var expected = calls.Select(call => call.Beam ? reference.Cases[call.Case].Beam : reference.Cases[call.Case].Greedy).ToArray();
        Seq2SeqModelTests.AssertEqualIds(expected, results, $"{family} through the batcher");
        lock (batchRows)
        {
            Assert.Contains(batchRows, rows => rows > 1);
        }
        Assert.Equal(0, generator.QueueDepth);
    }

    [Fact]
    public async Task GenerateAllAsync_BatchingOff_SameAsBatched()
    {
        var reference = GenerationFixture.Expected("marian");
        var inputs = reference.Cases.Select(c => c.InputIds).ToArray();
        await using var alone = new Seq2SeqGenerator($"seq2seq-alone-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.Folder("marian"), GenerationFixture.Runtime), new BatchingOptions { MaxBatchRows = 1 });
        await using var batched = new Seq2SeqGenerator($"seq2seq-batched-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.Folder("marian"), GenerationFixture.Runtime), new BatchingOptions());
        var settings = Seq2SeqModelTests.Beam(alone.Model, reference);

        var one = await alone.GenerateAllAsync(inputs, settings, TestToken);
        var all = await batched.GenerateAllAsync(inputs, settings, TestToken);

        Seq2SeqModelTests.AssertEqualIds(reference.Cases.Select(c => c.Beam).ToArray(), one, "batching off");
        Seq2SeqModelTests.AssertEqualIds(reference.Cases.Select(c => c.Beam).ToArray(), all, "batched");
        // Ids are equal; scores agree to float rounding (a padded batch sums in another order).
        Assert.All(one.Zip(all), pair => Assert.Equal(pair.First.Score!.Value, pair.Second.Score!.Value, 1e-5));
    }

    [Fact]
    public async Task GenerateAsync_IdOutsideTheVocabulary_FailsThatCallAtOnce()
    {
        await using var generator = new Seq2SeqGenerator($"seq2seq-bad-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.Folder("t5"), GenerationFixture.Runtime), new BatchingOptions());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = generator.GenerateAsync([5, 100_000, 1], cancellationToken: TestToken); });

        Assert.Contains("100000", error.Message);
        Assert.Equal(0, generator.QueueDepth);
        // The generator still serves the next caller.
        var output = await generator.GenerateAsync(GenerationFixture.Expected("t5").Cases[0].InputIds, cancellationToken: TestToken);
        Assert.Equal(generator.Model.Settings.DecoderStartTokenId, output.Ids[0]);
    }

    [Fact]
    public async Task GenerateAsync_InputLongerThanTheModelWindow_FailsThatCallNamingTheWindow()
    {
        await using var generator = new Seq2SeqGenerator($"seq2seq-long-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.Folder("marian"), GenerationFixture.Runtime), new BatchingOptions());

        var error = Assert.Throws<ArgumentException>(() => { _ = generator.GenerateAsync(Enumerable.Repeat(5, 129).ToArray(), cancellationToken: TestToken); });

        Assert.Contains("window of 128", error.Message);
    }

    [Fact]
    public void CheckSettings_OutputLongerThanThePositionTable_NamesTheSetting()
    {
        var model = GenerationFixture.Model("bart");

        var error = Assert.ThrowsAny<ArgumentException>(() => model.CheckSettings(model.Settings with { MaxNewTokens = 200 }));

        Assert.Contains("max_new_tokens", error.Message);
        model.CheckSettings(model.Settings with { MaxNewTokens = 128 });
    }

    [Fact]
    public void WarmUp_RunsTheModelWithoutTheQueue()
    {
        using var generator = new Seq2SeqGenerator($"seq2seq-warm-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.Folder("t5"), GenerationFixture.Runtime), new BatchingOptions());

        generator.WarmUp();

        Assert.True(generator.Model.DecodedRows > 0, "Warming up must run the decoder.");
        Assert.Equal(0, generator.QueueDepth);
    }

    [Fact]
    public async Task GenerateAsync_CallerGoesAwayMidGeneration_DecodingStopsAtTheNextStep()
    {
        var model = Seq2SeqModel.Load(GenerationFixture.Folder("t5"), GenerationFixture.Runtime);
        await using var generator = new Seq2SeqGenerator($"seq2seq-cancel-{Guid.NewGuid():N}", model, new BatchingOptions());
        // T5 has no position table: 2,000 steps, end of sequence forbidden until the last, a second or more of decoding.
        var settings = model.Settings with { MaxNewTokens = 2_000, MinLength = 2_001 };
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestToken);

        var generation = generator.GenerateAsync(GenerationFixture.Expected("t5").Cases[0].InputIds, settings, caller.Token);
        while (model.DecodedRows < 5)
        {
            await Task.Delay(1, TestToken);
        }
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
        // The batch ends (the next request runs) well before 2,000 steps: the decoder stopped soon after the caller left.
        var next = await generator.GenerateAsync(GenerationFixture.Expected("t5").Cases[0].InputIds, model.Settings with { MaxNewTokens = 2 }, TestToken);
        Assert.NotEmpty(next.Ids);
        Assert.InRange(model.DecodedRows, 5, 1_000);
    }

    [Fact]
    public void Generate_TokenAlreadyCancelled_StopsBeforeTheFirstDecoderStep()
    {
        // A model of its own: tests of other classes run on the shared one at the same time and count their rows.
        using var model = Seq2SeqModel.Load(GenerationFixture.Folder("marian"), GenerationFixture.Runtime);
        var before = model.DecodedRows;

        Assert.ThrowsAny<OperationCanceledException>(() => model.Generate([GenerationFixture.Expected("marian").Cases[0].InputIds], cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal(before, model.DecodedRows);
    }
}
