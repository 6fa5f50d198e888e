using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Everything the decoder needs for the rows of a batch still being decoded: the encoder's output and mask, and the
/// key/value cache (self-attention, growing a step at a time; cross-attention, computed at the first step). Each
/// group of tensors remembers what owns it (a session's output collection or our own copies) and releases it once
/// no group uses it.
/// </summary>
internal sealed class DecoderState : IDisposable
{
    private IDisposable? _encoderOwner;
    private IDisposable? _selfOwner;
    private IDisposable? _crossOwner;

    public DecoderState(OrtValue hidden, OrtValue mask, int rows, IDisposable owner)
    {
        Hidden = hidden;
        Mask = mask;
        Rows = rows;
        _encoderOwner = owner;
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

    /// <summary>Keeps, in this order, the given rows of every tensor (a row may be taken more than once).</summary>
    public void SelectRows(ReadOnlySpan<int> rows)
    {
        if (TensorRows.IsIdentity(rows, Rows))
        {
            return;
        }
        var encoder = new OrtValue[] { TensorRows.Gather(Hidden, rows), TensorRows.Gather(Mask, rows) };
        var oldEncoder = _encoderOwner;
        Hidden = encoder[0];
        Mask = encoder[1];
        _encoderOwner = new DisposableGroup(encoder);
        Release(oldEncoder);
        if (Self is not null)
        {
            var self = GatherAll(Self, rows);
            SetSelf(self, new DisposableGroup(self));
        }
        if (Cross is not null)
        {
            var cross = GatherAll(Cross, rows);
            SetCross(cross, new DisposableGroup(cross));
        }
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

    private static OrtValue[] GatherAll(OrtValue[] values, ReadOnlySpan<int> rows)
    {
        var gathered = new OrtValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            gathered[i] = TensorRows.Gather(values[i], rows);
        }
        return gathered;
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
