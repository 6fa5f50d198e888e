using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Everything the decoder needs for the rows of a batch still being decoded: the encoder's output and mask, and the
/// key/value cache (self-attention, growing a step at a time; cross-attention, computed at the first step). Each
/// group of tensors remembers what owns it (a session's output collection or our own pooled copies) and releases it
/// once no group uses it. Rows can be dropped, repeated and reordered between steps (<see cref="SelectRows"/>).
/// </summary>
internal sealed class DecoderState : IDisposable
{
    private readonly TensorBufferPool _pool;
    private IDisposable? _encoderOwner;
    private IDisposable? _selfOwner;
    private IDisposable? _crossOwner;
    // The input each row decodes for: rows of one input (its beams) share the encoder output and the cross cache.
    private int[] _inputs;
    // Each row's own positions in the self-attention cache: the last ones of the padded length; the ones before them,
    // when a row joined a batch that had decoded further (Append), are zeros its self-attention mask hides.
    private int[] _past;

    public DecoderState(OrtValue hidden, OrtValue mask, int rows, IDisposable owner, TensorBufferPool pool)
    {
        Hidden = hidden;
        Mask = mask;
        Rows = rows;
        _encoderOwner = owner;
        _pool = pool;
        _inputs = Enumerable.Range(0, rows).ToArray();
        _past = new int[rows];
    }

    /// <summary>Rows in every tensor of the state.</summary>
    public int Rows { get; private set; }

    /// <summary>Encoder last_hidden_state [rows, source length, d_model].</summary>
    public OrtValue Hidden { get; private set; }

    /// <summary>Encoder attention mask [rows, source length] (int64).</summary>
    public OrtValue Mask { get; private set; }

    /// <summary>Self-attention cache, per layer key then value [rows, heads, past length, head size]; null before the first cached step.</summary>
    public OrtValue[]? Self { get; private set; }

    /// <summary>Cross-attention cache, per layer key then value [rows, heads, source length, head size].</summary>
    public OrtValue[]? Cross { get; private set; }

    /// <summary>Length of the self-attention cache (padding included): the same for every row.</summary>
    public int PaddedPast { get; private set; }

    /// <summary>Each row's own past length: what it has decoded; the cache positions before them are its padding.</summary>
    public ReadOnlySpan<int> PastLengths => _past;

    /// <summary>The presents of a step as the new cache: each row has as many more positions of its own as the step added.</summary>
    public void SetSelf(OrtValue[] values, IDisposable owner)
    {
        var length = (int)values[0].GetTensorTypeAndShape().Shape[2];
        var added = length - PaddedPast;
        for (var r = 0; r < _past.Length; r++)
        {
            _past[r] += added;
        }
        ReplaceSelf(values, owner, length);
    }

    public void SetCross(OrtValue[] values, IDisposable owner)
    {
        var old = _crossOwner;
        Cross = values;
        _crossOwner = owner;
        Release(old);
    }

    /// <summary>
    /// Keeps, in this order, the given rows of every tensor (a row may be taken more than once). The encoder output,
    /// mask and cross cache are copied only when the rows' inputs change (an input leaves, or beams are made): beam
    /// reordering moves rows among the beams of one input, whose copies of them are the same.
    /// </summary>
    public void SelectRows(ReadOnlySpan<int> rows)
    {
        if (TensorRows.IsIdentity(rows, Rows))
        {
            return;
        }
        var inputs = new int[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            inputs[k] = _inputs[rows[k]];
        }
        if (!inputs.AsSpan().SequenceEqual(_inputs))
        {
            var hidden = TensorRows.Gather(Hidden, rows, _pool);
            var mask = TensorRows.Gather(Mask, rows, _pool);
            var oldEncoder = _encoderOwner;
            Hidden = hidden.Value;
            Mask = mask.Value;
            _encoderOwner = new DisposableGroup(hidden, mask);
            Release(oldEncoder);
            if (Cross is not null)
            {
                var (cross, owner) = GatherAll(Cross, rows);
                SetCross(cross, owner);
            }
        }
        var past = new int[rows.Length];
        var padding = rows.Length == 0 ? 0 : int.MaxValue;
        for (var k = 0; k < rows.Length; k++)
        {
            past[k] = _past[rows[k]];
            padding = Math.Min(padding, PaddedPast - past[k]);
        }
        if (Self is not null && rows.Length == Rows)
        {
            // Beams reordered: the cache tensors are the last run's outputs, ours to rewrite.
            TensorRows.ReorderInPlace(Self, rows);
        }
        else if (Self is not null)
        {
            // Rows leave: the copy also drops the leading positions that were padding for every row that stays.
            var (self, owner) = GatherAll(Self, rows, padding);
            ReplaceSelf(self, owner, PaddedPast - padding);
        }
        _inputs = inputs;
        _past = past;
        Rows = rows.Length;
    }

    /// <summary>
    /// Keeps rows <paramref name="rows"/> of this state, in that order, and takes the rows of <paramref name="other"/>
    /// after them, with its tensors' ownership (it is left empty), in one copy: encoder outputs and cross cache padded
    /// at the end to the longer source (the encoder mask hides the padding), self-attention caches padded at the
    /// start to the longer past (the self-attention mask hides it), without the leading positions that were padding
    /// for every row kept. Only for a decoder that takes a self-attention mask (<see cref="DecoderSessions.TakesSelfMask"/>).
    /// </summary>
    /// <param name="rowInputs">The input of each row of the joined state (the caller numbers the inputs anew).</param>
    public void Append(ReadOnlySpan<int> rows, DecoderState other, int[] rowInputs)
    {
        if (Self is null || other.Self is null || Cross is null || other.Cross is null)
        {
            throw new InvalidOperationException("Only states that have run a cached step can be joined.");
        }
        if (rowInputs.Length != rows.Length + other.Rows)
        {
            throw new ArgumentException($"{rowInputs.Length} row inputs for {rows.Length + other.Rows} rows.", nameof(rowInputs));
        }
        var past = new int[rows.Length + other.Rows];
        var skip = rows.Length == 0 ? 0 : int.MaxValue;
        for (var k = 0; k < rows.Length; k++)
        {
            past[k] = _past[rows[k]];
            skip = Math.Min(skip, PaddedPast - past[k]);
        }
        other._past.CopyTo(past, rows.Length);
        var kept = rows.ToArray();
        var hidden = TensorRows.Concatenate(Hidden, kept, 0, other.Hidden, 1, padAtStart: false, _pool);
        var mask = TensorRows.Concatenate(Mask, kept, 0, other.Mask, 1, padAtStart: false, _pool);
        var cross = new PooledTensor[Cross.Length];
        var self = new PooledTensor[Self.Length];
        // On every core: the decoder's intra-op threads are idle between runs.
        Parallel.For(0, 2 * Cross.Length, i =>
        {
            var layer = i / 2;
            if (i % 2 == 0)
            {
                cross[layer] = TensorRows.Concatenate(Cross[layer], kept, 0, other.Cross[layer], 2, padAtStart: false, _pool);
            }
            else
            {
                self[layer] = TensorRows.Concatenate(Self[layer], kept, skip, other.Self[layer], 2, padAtStart: true, _pool);
            }
        });
        var oldEncoder = _encoderOwner;
        Hidden = hidden.Value;
        Mask = mask.Value;
        _encoderOwner = new DisposableGroup(hidden, mask);
        Release(oldEncoder);
        SetCross(cross.Select(tensor => tensor.Value).ToArray(), new DisposableGroup(cross));
        ReplaceSelf(self.Select(tensor => tensor.Value).ToArray(), new DisposableGroup(self), Math.Max(PaddedPast - skip, other.PaddedPast));
        _inputs = rowInputs;
        _past = past;
        Rows = past.Length;
        other.Dispose();
        other.Rows = 0;
        other._inputs = [];
        other._past = [];
    }

    public void Dispose()
    {
        var owners = new[] { _encoderOwner, _selfOwner, _crossOwner };
        _encoderOwner = _selfOwner = _crossOwner = null;
        foreach (var owner in owners.Distinct())
        {
            owner?.Dispose();
        }
    }

    private void ReplaceSelf(OrtValue[] values, IDisposable owner, int paddedPast)
    {
        var old = _selfOwner;
        Self = values;
        _selfOwner = owner;
        PaddedPast = paddedPast;
        Release(old);
    }

    /// <summary>The given rows of each tensor; with <paramref name="skip"/> > 0 (self-attention caches) without its first positions.</summary>
    private (OrtValue[] Values, IDisposable Owner) GatherAll(OrtValue[] values, ReadOnlySpan<int> rows, int skip = 0)
    {
        var gathered = new PooledTensor[values.Length];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                gathered[i] = skip > 0 ? TensorRows.GatherSkipping(values[i], rows, 2, skip, _pool) : TensorRows.Gather(values[i], rows, _pool);
            }
        }
        catch
        {
            foreach (var tensor in gathered)
            {
                tensor?.Dispose();
            }
            throw;
        }
        return (gathered.Select(tensor => tensor.Value).ToArray(), new DisposableGroup(gathered));
    }

    private void Release(IDisposable? owner)
    {
        if (owner is not null && owner != _encoderOwner && owner != _selfOwner && owner != _crossOwner)
        {
            owner.Dispose();
        }
    }
}

/// <summary>Disposes several things together: a session's outputs with the inputs made for it, or our own copies.</summary>
internal sealed class DisposableGroup(params IDisposable[] items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}
