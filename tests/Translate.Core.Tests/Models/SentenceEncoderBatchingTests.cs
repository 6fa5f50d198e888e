using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Tests.Inference;

namespace Translate.Core.Tests.Models;

/// <summary>The real MiniLM model behind the batcher: an input's embedding must not depend on its batch.</summary>
public sealed class SentenceEncoderBatchingTests
{
    private const float Tolerance = 1e-5f;

    private static readonly string[] Words =
    [
        "the", "president", "wrote", "to", "North", "Korean", "leader", "offering", "cooperate", "peace", "world",
        "agency", "reported", "Saturday", "talks", "nuclear", "2019", "Beijing", "Pyongyang", "summit", "said", "a",
        "economic", "relations", "between", "countries", "«", "l'intention", "unprecedented", "minister", "—", "42%",
    ];

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmbedAsync_ConcurrentCallersWithRandomLengths_SameAsRunningAlone()
    {
        var random = new Random(2026);
        // Lengths from one word to past the 256-token window, so some sentences are split into several windows.
        var sentences = Enumerable.Range(0, 60).Select(i => RandomSentence(random, i % 15 == 14 ? random.Next(260, 400) : random.Next(1, 60))).ToArray();
        var alone = new float[sentences.Length][];
        await using (var unbatched = MiniLmFixture.CreateEncoder($"minilm-alone-{Guid.NewGuid():N}", new BatchingOptions { MaxBatchRows = 1 }))
        {
            for (var i = 0; i < sentences.Length; i++)
            {
                alone[i] = (await unbatched.EmbedAsync([sentences[i]], TestToken))[0];
            }
        }

        var name = $"minilm-batched-{Guid.NewGuid():N}";
        var batchRows = new List<int>();
        using var listener = BatchRowsListener.Start(name, batchRows);
        await using var batched = MiniLmFixture.CreateEncoder(name, new BatchingOptions());
        // 16 callers at once, each with a random handful of the sentences.
        var calls = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(sentences.Length)).ToArray()).ToArray();
        using var start = new ManualResetEventSlim();
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            start.Wait(TestToken);
            return await batched.EmbedAsync(call.Select(i => sentences[i]).ToArray(), TestToken);
        }, TestToken)).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        for (var c = 0; c < calls.Length; c++)
        {
            for (var k = 0; k < calls[c].Length; k++)
            {
                var difference = MaxAbsDifference(alone[calls[c][k]], results[c][k]);
                Assert.True(difference <= Tolerance, $"Sentence {calls[c][k]} differs by {difference:E2} batched from alone.");
            }
        }
        lock (batchRows)
        {
            Assert.Contains(batchRows, rows => rows > 1);
        }
        Assert.Equal(0, batched.Batcher.QueueDepth);
    }

    [Fact]
    public void Run_ShortRowPaddedBesideALongRow_SameAsRunningAlone()
    {
        var tokenizer = MiniLmFixture.CreateTokenizer();
        using var session = new EncoderSession(MiniLmFixture.Model, new OnnxRuntimeOptions { IntraOpThreads = 1 }, tokenizer.PaddingId);
        var shortRow = Row(tokenizer, "Kim Jong Un met Xi Jinping.");
        var longRow = Row(tokenizer, string.Join(' ', Enumerable.Repeat("The summit in Beijing lasted two days and ended with a joint statement.", 12)));
        var alone = new float[1][];
        var together = new float[2][];

        session.Run([shortRow], shortRow.Length, alone);
        session.Run([shortRow, longRow], longRow.Length, together);

        Assert.True(longRow.Length > 5 * shortRow.Length);
        var difference = MaxAbsDifference(alone[0], together[0]);
        Assert.True(difference <= Tolerance, $"Padding to {longRow.Length} tokens changed the pooled vector by {difference:E2}.");
    }

    [Fact]
    public async Task EmbedAsync_EmptyAndOverlongTexts_OneNormalisedVectorEach()
    {
        await using var encoder = MiniLmFixture.CreateEncoder($"minilm-{Guid.NewGuid():N}", new BatchingOptions());

        var embeddings = await encoder.EmbedAsync(["", "Short.", string.Join(' ', Enumerable.Repeat("peace", 700))], TestToken);

        Assert.Equal(3, embeddings.Length);
        Assert.All(embeddings, vector =>
        {
            Assert.Equal(encoder.Dimension, vector.Length);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 4);
        });
    }

    private static int[] Row(Core.Tokenization.WordPiece.WordPieceTokenizer tokenizer, string text)
    {
        var ids = new List<int> { tokenizer.ClassificationId };
        tokenizer.Encode(text, ids);
        ids.Add(tokenizer.SeparatorId);
        return ids.ToArray();
    }

    private static string RandomSentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

    private static float MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return max;
    }
}
