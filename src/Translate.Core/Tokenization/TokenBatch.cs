using System.Buffers;

namespace Translate.Core.Tokenization;

/// <summary>
/// Encoder inputs for a batch of token rows, laid out as ONNX Runtime takes them: input_ids, attention_mask and
/// token_type_ids as row-major [Rows, SequenceLength] long tensors, each row its ids (special tokens included) and
/// then padding under mask 0. The buffers are pooled and kept from one batch to the next: filling allocates nothing
/// once they are large enough. Not thread-safe: one batch at a time; dispose to give the buffers back.
/// </summary>
public sealed class TokenBatch : IDisposable
{
    private long[] _inputIds = [];
    private long[] _attentionMask = [];
    private long[] _tokenTypeIds = [];
    private int[] _tokenCounts = [];

    public int Rows { get; private set; }

    /// <summary>Length of every row, padding included.</summary>
    public int SequenceLength { get; private set; }

    /// <summary>[Rows, SequenceLength], the tensors' shape; the same array, updated in place by each fill.</summary>
    public long[] Shape { get; } = new long[2];

    public Memory<long> InputIds => _inputIds.AsMemory(0, Rows * SequenceLength);

    public Memory<long> AttentionMask => _attentionMask.AsMemory(0, Rows * SequenceLength);

    /// <summary>All zeros: one segment.</summary>
    public Memory<long> TokenTypeIds => _tokenTypeIds.AsMemory(0, Rows * SequenceLength);

    /// <summary>Tokens of a row, special tokens included, padding excluded.</summary>
    public int GetTokenCount(int row) => _tokenCounts.AsSpan(0, Rows)[row];

    /// <summary>A row's ids, padding excluded.</summary>
    public ReadOnlySpan<long> GetRow(int row) => _inputIds.AsSpan(row * SequenceLength, GetTokenCount(row));

    /// <summary>Lays out <paramref name="rows"/>, each padded with <paramref name="paddingId"/> to <paramref name="paddedLength"/>.</summary>
    public void Fill(ReadOnlySpan<int[]> rows, int paddedLength, int paddingId)
    {
        var size = rows.Length * paddedLength;
        Grow(ref _inputIds, size);
        Grow(ref _attentionMask, size);
        Grow(ref _tokenTypeIds, size);
        Grow(ref _tokenCounts, rows.Length);
        Pad(rows, paddedLength, paddingId, _inputIds.AsSpan(0, size), _attentionMask.AsSpan(0, size));
        for (var r = 0; r < rows.Length; r++)
        {
            _tokenCounts[r] = rows[r].Length;
        }
        _tokenTypeIds.AsSpan(0, size).Clear();
        Rows = rows.Length;
        SequenceLength = paddedLength;
        Shape[0] = rows.Length;
        Shape[1] = paddedLength;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> into row-major [rows, <paramref name="paddedLength"/>] ids, each row padded with
    /// <paramref name="paddingId"/>, and the attention mask: 1 over a row's own ids, 0 over its padding.
    /// </summary>
    public static void Pad(ReadOnlySpan<int[]> rows, int paddedLength, int paddingId, Span<long> ids, Span<long> mask)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            ArgumentOutOfRangeException.ThrowIfGreaterThan(row.Length, paddedLength, nameof(rows));
            var rowIds = ids.Slice(r * paddedLength, paddedLength);
            var rowMask = mask.Slice(r * paddedLength, paddedLength);
            for (var c = 0; c < row.Length; c++)
            {
                rowIds[c] = row[c];
            }
            rowIds[row.Length..].Fill(paddingId);
            rowMask[..row.Length].Fill(1);
            rowMask[row.Length..].Clear();
        }
    }

    public void Dispose()
    {
        Return(ref _inputIds);
        Return(ref _attentionMask);
        Return(ref _tokenTypeIds);
        Return(ref _tokenCounts);
        Rows = SequenceLength = 0;
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
