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

    public DecoderState(OrtValue hidden, OrtValue mask, int rows, IDisposable owner, TensorBufferPool pool)
    {
        Hidden = hidden;
        Mask = mask;
        Rows = rows;
        _encoderOwner = owner;
        _pool = pool;
        _inputs = Enumerable.Range(0, rows).ToArray();
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

    public void SetSelf(OrtValue[] values, IDisposable owner)
    {
        var old = _selfOwner;
        Self = values;
        _selfOwner = owner;
        Release(old);
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
        if (Self is not null && rows.Length == Rows)
        {
            // Beams reordered: the cache tensors are the last run's outputs, ours to rewrite.
            TensorRows.ReorderInPlace(Self, rows);
        }
        else if (Self is not null)
        {
            var (self, owner) = GatherAll(Self, rows);
            SetSelf(self, owner);
        }
        _inputs = inputs;
        Rows = rows.Length;
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

    private (OrtValue[] Values, IDisposable Owner) GatherAll(OrtValue[] values, ReadOnlySpan<int> rows)
    {
        var gathered = new PooledTensor[values.Length];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                gathered[i] = TensorRows.Gather(values[i], rows, _pool);
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
