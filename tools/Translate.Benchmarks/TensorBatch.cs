using Translate.Core.Tokenization;

namespace Translate.Benchmarks;

/// <summary>
/// Texts into encoder input tensors the way the service makes them: each text's ids wrapped in its tokenizer's row
/// tokens (cut to the window, as a batch comparison with truncating tokenizers needs), then padded into a
/// <see cref="TokenBatch"/>. The rows are allocated, as the sentence encoder's windows are.
/// </summary>
internal sealed class TensorBatch(ITokenizer tokenizer, int maxTokens) : IDisposable
{
    private readonly List<int> _ids = [];
    private int[][] _rows = [];

    public TokenBatch Batch { get; } = new();

    public void Encode(ReadOnlySpan<string> texts)
    {
        if (_rows.Length < texts.Length)
        {
            _rows = new int[texts.Length][];
        }
        var specials = tokenizer.RowTokens;
        var longest = 0;
        for (var r = 0; r < texts.Length; r++)
        {
            _ids.Clear();
            tokenizer.Encode(texts[r], _ids);
            var kept = Math.Min(_ids.Count, maxTokens - specials.Count);
            _rows[r] = specials.Wrap(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids)[..kept]);
            longest = Math.Max(longest, _rows[r].Length);
        }
        Batch.Fill(_rows.AsSpan(0, texts.Length), longest, tokenizer.PaddingId);
    }

    public void Dispose() => Batch.Dispose();
}
