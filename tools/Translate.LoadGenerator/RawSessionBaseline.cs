using System.Diagnostics;
using Translate.Core.Inference;
using Translate.Core.Models;
using Translate.Core.Summarization;
using Translate.Core.Text;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.LoadGenerator;

/// <summary>The raw session at one batch size.</summary>
internal sealed record RawSessionCell(int BatchSize, int Rows, int Batches, long Tokens, long PaddingTokens, TimeSpan Elapsed)
{
    /// <summary>Rows per second, as the served cells count them (a row is a sentence, or a window of a long one).</summary>
    public double SentencesPerSecond => Rows / Elapsed.TotalSeconds;

    /// <summary>Two stretches together: totals over total time.</summary>
    public RawSessionCell Plus(RawSessionCell other) => new(BatchSize, Rows + other.Rows, Batches + other.Batches,
        Tokens + other.Tokens, PaddingTokens + other.PaddingTokens, Elapsed + other.Elapsed);

    public double PaddingShare => Tokens == 0 ? 0 : (double)PaddingTokens / Tokens;
}

/// <summary>
/// The upper bound the service is measured against: the same ONNX Runtime session (same model bytes, same
/// tokenizer, same pooling) run in-process, with no server, no queue and no language identification, on the
/// sentences the summarizer embeds from the same articles, sorted by length so padding is least, at a fixed batch
/// size. Tokenization happens before the clock starts; only session runs (with their padding and pooling) are timed.
/// Not thread-safe: one stretch at a time.
/// </summary>
internal sealed class RawSessionBaseline : IDisposable
{
    private readonly EncoderSession _session;
    private readonly List<int[]> _rows;
    // Per batch size: the first row of each batch, in the order they run, and where the next stretch goes on.
    private readonly Dictionary<int, (int[] Starts, int Next)> _batches = [];
    private float[][] _pooled = [];

    public RawSessionBaseline(IReadOnlyList<string> articles, OnnxRuntimeOptions runtime)
    {
        var (model, vocabulary) = EmbeddedMiniLm.Load();
        using var vocabularyStream = new MemoryStream(vocabulary);
        var tokenizer = WordPieceTokenizer.Create(vocabularyStream); // the tokenizer the server uses
        _session = new EncoderSession(model, runtime, tokenizer.PaddingId);
        var sentences = articles
            .SelectMany(article => ExtractiveSummarizer.SentencesToEmbed(article, SentenceSplitter.Default.Split(article)))
            .ToList();
        Sentences = sentences.Count;
        _rows = Windows(sentences, tokenizer, new SentenceEncoderOptions().MaxTokens);
        _rows.Sort((a, b) => a.Length.CompareTo(b.Length));
        Rows = _rows.Count;
    }

    /// <summary>Sentences the summarizer embeds from the articles (all of them taken as eligible: they are English).</summary>
    public int Sentences { get; }

    /// <summary>Rows the sentences make: one a sentence, more for a sentence longer than the model's window.</summary>
    public int Rows { get; }

    /// <summary>
    /// Runs the session at <paramref name="batchSize"/> for about <paramref name="duration"/>: the rows sorted by
    /// length are cut into batches of that size, and the batches run in a shuffled order (the same every time), so
    /// a short stretch sees the whole length mix. The first call at a size first runs a few batches unmeasured.
    /// </summary>
    public RawSessionCell Run(int batchSize, TimeSpan duration)
    {
        if (_pooled.Length < batchSize)
        {
            _pooled = new float[batchSize][];
        }
        if (!_batches.TryGetValue(batchSize, out var plan))
        {
            var starts = Enumerable.Range(0, (_rows.Count + batchSize - 1) / batchSize).Select(b => b * batchSize).ToArray();
            new Random(batchSize).Shuffle(starts);
            plan = (starts, 0);
            // The session's first run at a shape pays for it.
            foreach (var first in starts.Take(4))
            {
                RunBatch(first, batchSize);
            }
        }
        long tokens = 0, padding = 0;
        int rows = 0, batches = 0;
        var clock = Stopwatch.StartNew();
        var next = plan.Next;
        do
        {
            var first = plan.Starts[next];
            next = (next + 1) % plan.Starts.Length;
            var (count, batchTokens, batchPadding) = RunBatch(first, batchSize);
            rows += count;
            tokens += batchTokens;
            padding += batchPadding;
            batches++;
        }
        while (clock.Elapsed < duration);
        _batches[batchSize] = (plan.Starts, next);
        return new RawSessionCell(batchSize, rows, batches, tokens, padding, clock.Elapsed);
    }

    private (int Rows, long Tokens, long Padding) RunBatch(int first, int batchSize)
    {
        var count = Math.Min(batchSize, _rows.Count - first);
        var rows = _rows.GetRange(first, count).ToArray();
        var width = rows[^1].Length; // sorted by length: the last row is the longest
        _session.Run(rows, width, _pooled.AsSpan(0, count));
        var tokens = (long)count * width;
        return (count, tokens, tokens - rows.Sum(row => (long)row.Length));
    }

    /// <summary>Token rows as SentenceEncoder makes them: [CLS] ids [SEP], a sentence longer than the window cut into windows.</summary>
    private static List<int[]> Windows(IEnumerable<string> sentences, ITokenizer tokenizer, int maxTokens)
    {
        var specials = tokenizer.RowTokens;
        var window = maxTokens - specials.Count;
        var rows = new List<int[]>();
        var ids = new List<int>();
        foreach (var sentence in sentences)
        {
            ids.Clear();
            tokenizer.Encode(sentence, ids);
            for (var start = 0; start == 0 || start < ids.Count; start += window)
            {
                rows.Add(specials.Wrap(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids).Slice(start, Math.Min(window, ids.Count - start))));
            }
        }
        return rows;
    }

    public void Dispose() => _session.Dispose();
}
