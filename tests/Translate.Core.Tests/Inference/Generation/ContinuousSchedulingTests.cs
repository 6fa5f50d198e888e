using System.Collections.Concurrent;
using Translate.Core.Inference.Batching;
using Translate.Core.Inference.Generation;
using Translate.Core.Inference.Generation.Internal;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>
/// Continuous scheduling (<see cref="ContinuousScheduler"/>): requests join the decoder loop at step boundaries, chosen
/// here through the scheduler's boundary hook (no sleeps), and leave as soon as they end; each result is still the one
/// the input gets alone.
/// </summary>
public sealed class ContinuousSchedulingTests
{
    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public async Task GenerateAsync_GreedyAndBeamArrivingAtDifferentSteps_EachEqualsReference(string family)
    {
        var reference = GenerationFixture.Expected(family);
        // No join wait: every arrival starts its own cohort at the next boundary.
        await using var generator = Continuous(family, new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxJoinWaitMilliseconds = 0 });
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        var beam = Seq2SeqModelTests.Beam(generator.Model, reference);
        // Every case greedy and beam; call k arrives at boundary k % 5 (the first ones from here, to wake the worker).
        var calls = reference.Cases.SelectMany((c, i) => new[] { (Case: i, Beam: false), (Case: i, Beam: true) }).ToArray();
        var tasks = new Task<GeneratedSequence>[calls.Length];
        var mostCohorts = 0;

        await SubmitOverFiveBoundaries(generator, Submit, _ => mostCohorts = Math.Max(mostCohorts, generator.Scheduler!.Cohorts));
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2), TestToken);

        var expected = calls.Select(call => call.Beam ? reference.Cases[call.Case].Beam : reference.Cases[call.Case].Greedy).ToArray();
        Seq2SeqModelTests.AssertEqualIds(expected, results, $"{family}, continuous");
        // Greedy and beam of four arrival steps decode at once: cohorts of different past lengths side by side.
        Assert.True(mostCohorts >= 4, $"At most {mostCohorts} cohorts decoded at once.");
        Assert.Equal(0, generator.Scheduler!.ReservedTokens);
        Assert.Equal(0, generator.QueueDepth);

        void Submit(int arrival)
        {
            for (var k = arrival; k < calls.Length; k += 5)
            {
                var call = calls[k];
                tasks[k] = generator.GenerateAsync(reference.Cases[call.Case].InputIds, call.Beam ? beam : greedy, TestToken);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_ShortRequestJoinsAfterALongOne_EndsFirstAndNoRowOutlivesItsRequest()
    {
        var reference = GenerationFixture.Expected("marian");
        var (longCase, shortCase) = (reference.Cases[0], reference.Cases[7]);
        Assert.Equal((21, 5), (longCase.Greedy.Length, shortCase.Greedy.Length));
        await using var generator = Continuous("marian", new BatchingOptions { Scheduling = BatchScheduling.Continuous });
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        Task<GeneratedSequence>? shortTask = null;
        var shortEndedWhileLongRan = false;
        Task<GeneratedSequence>? longTask = null;
        // The worker may run several steps before this thread stores longTask (a loaded machine): the hook waits for it.
        using var longStored = new ManualResetEventSlim();
        generator.Scheduler!.Boundary = boundary =>
        {
            if (boundary == 3)
            {
                Assert.True(longStored.Wait(TimeSpan.FromMinutes(1)), "The long request's task was not stored.");
                shortTask = generator.GenerateAsync(shortCase.InputIds, greedy, TestToken);
            }
            shortEndedWhileLongRan |= shortTask is { IsCompleted: true } && !longTask!.IsCompleted;
        };

        longTask = generator.GenerateAsync(longCase.InputIds, greedy, TestToken);
        longStored.Set();
        var longResult = await longTask.WaitAsync(TimeSpan.FromMinutes(1), TestToken);
        var shortResult = await shortTask!.WaitAsync(TimeSpan.FromMinutes(1), TestToken);

        Assert.Equal(longCase.Greedy, longResult.Ids);
        Assert.Equal(shortCase.Greedy, shortResult.Ids);
        Assert.True(shortEndedWhileLongRan, "The short request's result came only with the long one's.");
        // One decoder row a step a request, for exactly its own steps (output length − the start token).
        Assert.Equal(longCase.Greedy.Length - 1 + shortCase.Greedy.Length - 1, generator.Model.DecodedRows);
    }

    [Fact]
    public async Task GenerateAsync_DecoderLoopFaults_EveryRequestGetsTheErrorAndLaterOnesAreRefused()
    {
        var reference = GenerationFixture.Expected("marian");
        var generator = Continuous("marian", new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxJoinWaitMilliseconds = 600_000 });
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        Task<GeneratedSequence>? waiting = null;
        generator.Scheduler!.Boundary = boundary =>
        {
            if (boundary == 2)
            {
                // Queued behind the decoding row (the join wait keeps it waiting), then the loop faults.
                waiting = generator.GenerateAsync(reference.Cases[7].InputIds, greedy, TestToken);
                throw new InvalidOperationException("injected fault");
            }
        };

        var decoding = generator.GenerateAsync(reference.Cases[0].InputIds, greedy, TestToken);

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => decoding.WaitAsync(TimeSpan.FromMinutes(1), TestToken));
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting!.WaitAsync(TimeSpan.FromMinutes(1), TestToken));
        Assert.Contains("injected fault", first.Message);
        Assert.Contains("injected fault", second.Message);
        var later = Assert.Throws<InvalidOperationException>(() => { _ = generator.GenerateAsync(reference.Cases[1].InputIds, greedy, TestToken); });
        Assert.Contains("injected fault", later.Message);
        Assert.Equal(0, generator.Scheduler.ReservedTokens);
        await generator.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1), TestToken);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(600_000, 1)]
    public async Task GenerateAsync_OneArrivalWhileThreeRowsDecode_WaitsForTheRowsUnlessTheJoinWaitIsOver(int joinWaitMilliseconds, int expectedMostCohorts)
    {
        var reference = GenerationFixture.Expected("marian");
        var running = new[] { reference.Cases[0], reference.Cases[1], reference.Cases[7] };
        var newcomer = reference.Cases[21];
        await using var generator = Continuous("marian", new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxJoinWaitMilliseconds = joinWaitMilliseconds });
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        Task<GeneratedSequence>? late = null;
        var mostCohorts = 0;
        generator.Scheduler!.Boundary = boundary =>
        {
            mostCohorts = Math.Max(mostCohorts, generator.Scheduler.Cohorts);
            if (boundary == 2)
            {
                late = generator.GenerateAsync(newcomer.InputIds, greedy, TestToken);
            }
        };

        var first = await generator.GenerateAllAsync(running.Select(c => c.InputIds).ToArray(), greedy, TestToken).WaitAsync(TimeSpan.FromMinutes(1), TestToken);
        var second = await late!.WaitAsync(TimeSpan.FromMinutes(1), TestToken);

        Seq2SeqModelTests.AssertEqualIds(running.Select(c => c.Greedy).ToArray(), first, "running");
        Assert.Equal(newcomer.Greedy, second.Ids);
        // One newcomer row against two or three decoding: it starts only when they end, or at once with no join wait.
        Assert.Equal(expectedMostCohorts, mostCohorts);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 3)]
    public async Task GenerateAllAsync_CacheBudget_NeverExceededAndRequestsWaitForRoom(bool roomForAll, int expectedMostActive)
    {
        var reference = GenerationFixture.Expected("marian");
        var model = GenerationFixture.Model("marian");
        var settings = Seq2SeqModelTests.Beam(model, reference);
        var cases = new[] { reference.Cases[0], reference.Cases[3], reference.Cases[10] };
        var perRequest = cases.Max(c => ContinuousScheduler.CacheTokens(new GenerationRequest(c.InputIds, settings)));
        var budget = (int)(roomForAll ? 3 * perRequest : perRequest);
        await using var generator = Continuous("marian", new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxCacheTokens = budget });
        var mostActive = 0;
        var mostReserved = 0L;
        generator.Scheduler!.Boundary = _ =>
        {
            mostActive = Math.Max(mostActive, generator.Scheduler.ActiveRequests);
            mostReserved = Math.Max(mostReserved, generator.Scheduler.ReservedTokens);
        };

        var results = await generator.GenerateAllAsync(cases.Select(c => c.InputIds).ToArray(), settings, TestToken).WaitAsync(TimeSpan.FromMinutes(2), TestToken);

        Seq2SeqModelTests.AssertEqualIds(cases.Select(c => c.Beam).ToArray(), results, $"budget {budget}");
        Assert.Equal(expectedMostActive, mostActive);
        Assert.InRange(mostReserved, 1, budget);
        Assert.Equal(0, generator.Scheduler.ReservedTokens);
    }

    [Fact]
    public async Task GenerateAsync_RequestOverTheCacheBudget_RefusedNamingTheSetting()
    {
        var reference = GenerationFixture.Expected("marian");
        await using var generator = Continuous("marian", new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxCacheTokens = 100 });

        var error = Assert.Throws<ArgumentException>(() => { _ = generator.GenerateAsync(reference.Cases[0].InputIds, Seq2SeqModelTests.Beam(generator.Model, reference), TestToken); });

        Assert.Contains("Batching:MaxCacheTokens", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, generator.QueueDepth);
    }

    [Fact]
    public async Task GenerateAsync_CallerGoesAwayMidGeneration_ItsRowsLeaveAndItsCompanionEndsAsAlone()
    {
        var reference = GenerationFixture.Expected("t5");
        await using var generator = Continuous("t5", new BatchingOptions { Scheduling = BatchScheduling.Continuous });
        var model = generator.Model;
        // T5 has no position table: 2,000 steps, end of sequence forbidden until the last.
        var endless = model.Settings with { MaxNewTokens = 2_000, MinLength = 2_001 };
        var greedy = Seq2SeqModelTests.Greedy(model, reference);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestToken);
        var companion = reference.Cases.First(c => c.Greedy.Length == 21);
        generator.Scheduler!.Boundary = boundary =>
        {
            if (boundary == 5)
            {
                caller.Cancel();
            }
        };

        var requests = new[]
        {
            generator.GenerateAsync(reference.Cases[0].InputIds, endless, caller.Token),
            generator.GenerateAsync(companion.InputIds, greedy, TestToken),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => requests[0].WaitAsync(TimeSpan.FromMinutes(1), TestToken));
        Assert.Equal(companion.Greedy, (await requests[1].WaitAsync(TimeSpan.FromMinutes(1), TestToken)).Ids);
        var next = await generator.GenerateAsync(reference.Cases[1].InputIds, greedy, TestToken);
        Assert.Equal(reference.Cases[1].Greedy, next.Ids);
        // The cancelled request ran 5 or 6 steps (admitted at boundary 0 or 1, gone before boundary 6), not 2,000.
        Assert.InRange(model.DecodedRows, 5 + companion.Greedy.Length - 1 + reference.Cases[1].Greedy.Length - 1, 6 + 20 + 20 + 21);
        Assert.Equal(0, generator.Scheduler.ReservedTokens);
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public async Task GenerateAsync_MaskedDecoder_GreedyArrivingAtDifferentStepsJoinOneCohortAndEachEqualsReference(string family)
    {
        var reference = GenerationFixture.Expected(family);
        await using var generator = Masked(family);
        Assert.True(generator.Model.DecoderSessions.TakesSelfMask);
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        // Case k arrives at boundary k % 5: five arrival steps, so rows of five past lengths (and as many source lengths).
        var tasks = new Task<GeneratedSequence>[reference.Cases.Count];
        var mostCohorts = 0;
        var mostActive = 0;
        var boundaries = 0L;

        await SubmitOverFiveBoundaries(generator, Submit, boundary =>
        {
            boundaries = boundary + 1;
            // At a boundary, before admission: every earlier arrival has joined the first cohort.
            mostCohorts = Math.Max(mostCohorts, generator.Scheduler!.Cohorts);
            mostActive = Math.Max(mostActive, generator.Scheduler.ActiveRequests);
        });
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2), TestToken);

        Seq2SeqModelTests.AssertEqualIds(reference.Cases.Select(c => c.Greedy).ToArray(), results, $"{family}, masked continuous");
        Assert.Equal(1, mostCohorts);
        Assert.True(mostActive > reference.Cases.Count / 2, $"At most {mostActive} requests decoded at once.");
        // Each request decoded its own steps, and rows that ended left a few at a time: at most an eighth of a run's
        // rows (and one more, rounding) had ended, so at most that many row-steps more than the outputs' tokens.
        var tokens = reference.Cases.Sum(c => c.Greedy.Length - 1);
        Assert.InRange(generator.Model.DecodedRows, tokens, tokens + (tokens / 7) + boundaries);
        Assert.Equal(0, generator.Scheduler!.ReservedTokens);

        void Submit(int arrival)
        {
            for (var k = arrival; k < reference.Cases.Count; k += 5)
            {
                tasks[k] = generator.GenerateAsync(reference.Cases[k].InputIds, greedy, TestToken);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_MaskedDecoderBeamAndGreedyTogether_BeamsKeepTheirOwnCohortAndAllEqualReference()
    {
        var reference = GenerationFixture.Expected("marian");
        await using var generator = Masked("marian");
        var greedy = Seq2SeqModelTests.Greedy(generator.Model, reference);
        var beam = Seq2SeqModelTests.Beam(generator.Model, reference);
        Task<GeneratedSequence>[] later = [];
        generator.Scheduler!.Boundary = boundary =>
        {
            if (boundary == 3)
            {
                later = [.. reference.Cases.Skip(4).Take(4).Select(c => generator.GenerateAsync(c.InputIds, greedy, TestToken)),
                    generator.GenerateAsync(reference.Cases[9].InputIds, beam, TestToken)];
            }
        };

        Task<GeneratedSequence>[] first = [.. reference.Cases.Take(4).Select(c => generator.GenerateAsync(c.InputIds, greedy, TestToken)),
            generator.GenerateAsync(reference.Cases[8].InputIds, beam, TestToken)];
        var firstResults = await Task.WhenAll(first).WaitAsync(TimeSpan.FromMinutes(1), TestToken);
        var laterResults = await Task.WhenAll(later).WaitAsync(TimeSpan.FromMinutes(1), TestToken);

        Seq2SeqModelTests.AssertEqualIds([.. reference.Cases.Take(4).Select(c => c.Greedy), reference.Cases[8].Beam], firstResults, "first arrivals");
        Seq2SeqModelTests.AssertEqualIds([.. reference.Cases.Skip(4).Take(4).Select(c => c.Greedy), reference.Cases[9].Beam], laterResults, "later arrivals");
        Assert.Equal(0, generator.Scheduler.ReservedTokens);
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Generate_MaskedDecoderStaticBatches_EqualReference(string family)
    {
        var reference = GenerationFixture.Expected(family);
        var model = GenerationFixture.MaskedModel(family);
        var inputs = reference.Cases.Select(c => c.InputIds).ToArray();

        var greedy = model.Generate(inputs, Seq2SeqModelTests.Greedy(model, reference), TestToken);
        var beam = model.Generate(inputs, Seq2SeqModelTests.Beam(model, reference), TestToken);

        Seq2SeqModelTests.AssertEqualIds(reference.Cases.Select(c => c.Greedy).ToArray(), greedy, $"{family}, masked decoder, greedy");
        Seq2SeqModelTests.AssertEqualIds(reference.Cases.Select(c => c.Beam).ToArray(), beam, $"{family}, masked decoder, beam");
    }

    /// <summary>
    /// Calls <paramref name="submit"/>(k) at step boundary k for k = 1 to 4 (and with 0 from here, to wake the worker),
    /// <paramref name="atBoundary"/> first at every boundary; returns once all five arrivals were submitted.
    /// </summary>
    private static async Task SubmitOverFiveBoundaries(Seq2SeqGenerator generator, Action<int> submit, Action<long> atBoundary)
    {
        var allSubmitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        generator.Scheduler!.Boundary = boundary =>
        {
            atBoundary(boundary);
            if (boundary is > 0 and < 5)
            {
                submit((int)boundary);
            }
            if (boundary == 4)
            {
                allSubmitted.SetResult();
            }
        };
        submit(0);
        await allSubmitted.Task.WaitAsync(TimeSpan.FromMinutes(1), TestToken);
    }

    /// <summary>Continuous scheduling, no join wait, of the family's model with the masked decoder (cohorts join).</summary>
    private static Seq2SeqGenerator Masked(string family) =>
        new($"seq2seq-masked-{family}-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.MaskedFolder(family), GenerationFixture.Runtime, DecoderFiles.Split),
            new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxJoinWaitMilliseconds = 0 });

    private static Seq2SeqGenerator Continuous(string family, BatchingOptions options) =>
        new($"seq2seq-continuous-{family}-{Guid.NewGuid():N}", Seq2SeqModel.Load(GenerationFixture.Folder(family), GenerationFixture.Runtime), options);
}
