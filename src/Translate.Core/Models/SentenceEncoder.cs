using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Tokenization;

namespace Translate.Core.Models;

/// <summary>
/// Sentence embeddings from a BERT-style encoder (all-MiniLM-L6-v2): the mean of the token vectors under the
/// attention mask, L2-normalised, as sentence-transformers computes them. A sentence longer than the model's
/// window is cut into windows and its embedding is the mean over all of its tokens: nothing is dropped.
/// Every window is one request to the model's <see cref="DynamicBatcher{TRequest, TResult}"/>, so the windows of
/// all concurrent callers share session runs.
/// </summary>
public sealed class SentenceEncoder : IAsyncDisposable, IDisposable
{
    private readonly EncoderSession _session;
    private readonly ITokenizer _tokenizer;
    private readonly SentenceEncoderOptions _options;
    private readonly DynamicBatcher<int[], float[]> _batcher;
    // One call submits at most this many windows at a time, so a long document cannot fill the queue by itself.
    private readonly int _submissionSlice;
    private long _textsEmbedded;

    public SentenceEncoder(string name, byte[] model, ITokenizer tokenizer, OnnxRuntimeOptions runtime, SentenceEncoderOptions options, BatchingOptions batching)
    {
        _session = new EncoderSession(model, runtime, tokenizer.PaddingId);
        _tokenizer = tokenizer;
        _options = options;
        _submissionSlice = Math.Max(1, batching.QueueCapacity / 4);
        _batcher = new DynamicBatcher<int[], float[]>(name, batching, static row => row.Length, _session.Run);
    }

    /// <summary>Length of an embedding vector.</summary>
    public int Dimension => _session.Dimension;

    /// <summary>The batcher in front of the session (its queue depth and settings).</summary>
    public DynamicBatcher<int[], float[]> Batcher => _batcher;

    /// <summary>Texts (sentences) embedded since start-up; a text cut into several windows counts once.</summary>
    public long TextsEmbedded => Interlocked.Read(ref _textsEmbedded);

    /// <summary>
    /// Refuses at once when the model's queue cannot take the first windows of <paramref name="texts"/> texts, so an
    /// overloaded server answers before spending time on a document it would refuse anyway.
    /// </summary>
    /// <exception cref="BatchQueueFullException">The model's queue is full.</exception>
    public void ThrowIfFull(int texts) => _batcher.ThrowIfFull(Math.Min(texts, _submissionSlice));

    /// <summary>Embeds each text; the result has one normalised vector a text.</summary>
    /// <exception cref="BatchQueueFullException">The model's queue is full.</exception>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var (owners, rows) = Tokenize(texts);
        var pooled = new float[rows.Count][];
        for (var first = 0; first < rows.Count; first += _submissionSlice)
        {
            var slice = rows.GetRange(first, Math.Min(_submissionSlice, rows.Count - first));
            var results = await Task.WhenAll(_batcher.EnqueueAll(slice, cancellationToken)).ConfigureAwait(false);
            results.CopyTo(pooled, first);
        }
        Interlocked.Add(ref _textsEmbedded, texts.Count);
        return Combine(texts.Count, owners, rows, pooled);
    }

    /// <summary>
    /// Runs the session once on the shapes requests bring (short sentences together, one full window), straight,
    /// not through the queue: start-up is synchronous and nothing is queued yet.
    /// </summary>
    public void WarmUp()
    {
        var (_, rows) = Tokenize(["A short sentence.", "Another short sentence to warm up the session.", string.Join(' ', Enumerable.Repeat("word", _options.MaxTokens))]);
        var pooled = new float[rows.Count][];
        _session.Run(rows.ToArray().AsSpan(0, 2), Math.Max(rows[0].Length, rows[1].Length), pooled.AsSpan(0, 2));
        _session.Run(rows.ToArray().AsSpan(2..), rows.Skip(2).Max(row => row.Length), pooled.AsSpan(2..));
    }

    /// <summary>Each text's windows of token ids, special tokens ([CLS], [SEP]) included, and the text each window belongs to.</summary>
    private (List<int> Owners, List<int[]> Rows) Tokenize(IReadOnlyList<string> texts)
    {
        var specials = _tokenizer.RowTokens;
        var window = _options.MaxTokens - specials.Count;
        var owners = new List<int>(texts.Count);
        var rows = new List<int[]>(texts.Count);
        var ids = new List<int>();
        for (var t = 0; t < texts.Count; t++)
        {
            ids.Clear();
            _tokenizer.Encode(texts[t], ids);
            if (ids.Count == 0)
            {
                owners.Add(t);
                rows.Add(specials.Wrap([]));
                continue;
            }
            for (var start = 0; start < ids.Count; start += window)
            {
                owners.Add(t);
                rows.Add(specials.Wrap(CollectionsMarshal.AsSpan(ids).Slice(start, Math.Min(window, ids.Count - start))));
            }
        }
        return (owners, rows);
    }

    private float[][] Combine(int textCount, List<int> owners, List<int[]> rows, float[][] pooled)
    {
        var sums = new float[textCount][];
        for (var r = 0; r < rows.Count; r++)
        {
            var sum = sums[owners[r]] ??= new float[Dimension];
            // Mean over all tokens of all windows: each window's mean weighted by its token count.
            TensorPrimitives.MultiplyAdd(pooled[r], rows[r].Length, sum, sum);
        }
        foreach (var vector in sums)
        {
            var norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Divide(vector, norm > 0 ? norm : 1, vector);
        }
        return sums;
    }

    /// <summary>Lets every accepted window finish, then closes the session.</summary>
    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        _session.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking; for synchronous shutdown paths.</summary>
    public void Dispose()
    {
        _batcher.Dispose();
        _session.Dispose();
    }
}

/// <summary>Settings of <see cref="SentenceEncoder"/> (configuration section "Embeddings").</summary>
public sealed class SentenceEncoderOptions
{
    public const string Section = "Embeddings";

    /// <summary>Model window in tokens, special tokens included (all-MiniLM-L6-v2 was trained on 256).</summary>
    public int MaxTokens { get; set; } = 256;
}
