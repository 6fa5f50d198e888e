using System.Buffers;
namespace Translate.Core.Tokenization;

/// <summary>
/// Encoder inputs for a batch of texts, laid out as ONNX Runtime takes them: input_ids, attention_mask and
/// token_type_ids as row-major [Rows, SequenceLength] long tensors, each row the tokenizer's prefix ([CLS], or
/// none for SentencePiece), the ids and its suffix ([SEP], &lt;/s&gt;), then padding.
/// The buffers are pooled and kept from one batch to the next: encoding allocates nothing once they are large
/// enough. A row longer than <see cref="MaxSequenceLength"/> is cut, and says so (<see cref="IsTruncated"/>).
/// Not thread-safe: one batch at a time; dispose to give the buffers back.
/// </summary>
public sealed class TokenBatch : IDisposable
{
    private long[] _inputIds = [];
    private long[] _attentionMask = [];
    private long[] _tokenTypeIds = [];
    private int[] _rowIds = []; // ids of each row before padding, MaxSequenceLength apart
    private int[] _tokenCounts = [];
    private int[] _untruncatedCounts = [];

    /// <param name="maxSequenceLength">Longest row, special tokens included (all-MiniLM-L6-v2: 256; BERT: 512).</param>
    public TokenBatch(int maxSequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 3);
        MaxSequenceLength = maxSequenceLength;
    }

    public int MaxSequenceLength { get; }

    public int Rows { get; private set; }

    /// <summary>Length of every row: the longest row of this batch, padding included in the others.</summary>
    public int SequenceLength { get; private set; }

    /// <summary>How many rows were cut to <see cref="MaxSequenceLength"/>.</summary>
    public int TruncatedRows { get; private set; }

    /// <summary>[Rows, SequenceLength], the tensors' shape; the same array, updated in place by each encoding.</summary>
    public long[] Shape { get; } = new long[2];

    public Memory<long> InputIds => _inputIds.AsMemory(0, Rows * SequenceLength);

    public Memory<long> AttentionMask => _attentionMask.AsMemory(0, Rows * SequenceLength);

    /// <summary>All zeros: one segment.</summary>
    public Memory<long> TokenTypeIds => _tokenTypeIds.AsMemory(0, Rows * SequenceLength);

    /// <summary>Tokens of a row as encoded, special tokens included, padding excluded.</summary>
    public int GetTokenCount(int row) => _tokenCounts.AsSpan(0, Rows)[row];

    /// <summary>Tokens the row's text needed, special tokens included: more than <see cref="GetTokenCount"/> when it was cut.</summary>
    public int GetUntruncatedTokenCount(int row) => _untruncatedCounts.AsSpan(0, Rows)[row];

    public bool IsTruncated(int row) => GetUntruncatedTokenCount(row) > GetTokenCount(row);

    /// <summary>A row's ids, padding excluded.</summary>
    public ReadOnlySpan<long> GetRow(int row) => _inputIds.AsSpan(row * SequenceLength, GetTokenCount(row));

    internal void Encode(ReadOnlySpan<string> texts, IBatchEncoder tokenizer)
    {
        var rows = texts.Length;
        var max = MaxSequenceLength;
        var prefix = tokenizer.RowPrefixId >= 0 ? 1 : 0;
        var specials = prefix + 1;
        Grow(ref _rowIds, rows * max);
        Grow(ref _tokenCounts, rows);
        Grow(ref _untruncatedCounts, rows);
        var longest = specials;
        var truncated = 0;
        for (var r = 0; r < rows; r++)
        {
            ArgumentNullException.ThrowIfNull(texts[r], nameof(texts));
            var row = _rowIds.AsSpan(r * max, max);
            if (prefix > 0)
            {
                row[0] = tokenizer.RowPrefixId;
            }
            var total = tokenizer.EncodeTruncated(texts[r], row[prefix..^1]);
            var kept = Math.Min(total, max - specials);
            row[kept + prefix] = tokenizer.RowSuffixId;
            _tokenCounts[r] = kept + specials;
            _untruncatedCounts[r] = total + specials;
            truncated += total > kept ? 1 : 0;
            longest = Math.Max(longest, kept + specials);
        }

        var size = rows * longest;
        Grow(ref _inputIds, size);
        Grow(ref _attentionMask, size);
        Grow(ref _tokenTypeIds, size);
        for (var r = 0; r < rows; r++)
        {
            var count = _tokenCounts[r];
            var source = _rowIds.AsSpan(r * max, count);
            var ids = _inputIds.AsSpan(r * longest, longest);
            var mask = _attentionMask.AsSpan(r * longest, longest);
            for (var c = 0; c < count; c++)
            {
                ids[c] = source[c];
            }
            ids[count..].Fill(tokenizer.PaddingId);
            mask[..count].Fill(1);
            mask[count..].Clear();
        }
        _tokenTypeIds.AsSpan(0, size).Clear();
        Rows = rows;
        SequenceLength = longest;
        TruncatedRows = truncated;
        Shape[0] = rows;
        Shape[1] = longest;
    }

    public void Dispose()
    {
        Return(ref _inputIds);
        Return(ref _attentionMask);
        Return(ref _tokenTypeIds);
        Return(ref _rowIds);
        Return(ref _tokenCounts);
        Return(ref _untruncatedCounts);
        Rows = SequenceLength = TruncatedRows = 0;
    }

    private static void Grow<T>(ref T[] buffer, int size)
    {
        if (buffer.Length >= size)
        {
            return;
        }
        Return(ref buffer);
        buffer = ArrayPool<T>.Shared.Rent(size);
    }

    private static void Return<T>(ref T[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
        buffer = [];
    }
}
