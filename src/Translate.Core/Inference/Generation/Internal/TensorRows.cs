using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>Row operations on tensors whose first dimension is the batch: the one copy beam reordering and dropping finished rows need.</summary>
internal static class TensorRows
{
    // Below this many bytes a gather runs on the calling thread: a parallel loop's start costs more than the copy.
    private const long ParallelBytes = 1 << 20;

    /// <summary>
    /// A new tensor, over a block of <paramref name="pool"/>, whose row k is row <c>rows[k]</c> of
    /// <paramref name="source"/> (rows may repeat, for beam expansion). Large copies run on every core: the
    /// decoder's intra-op threads are idle between runs.
    /// </summary>
    public static PooledTensor Gather(OrtValue source, ReadOnlySpan<int> rows, TensorBufferPool pool)
    {
        var info = source.GetTensorTypeAndShape();
        var shape = info.Shape;
        var rowBytes = shape[0] == 0 ? 0 : checked((int)((long)source.GetTensorSizeInBytes() / shape[0]));
        var targetShape = (long[])shape.Clone();
        targetShape[0] = rows.Length;
        var target = pool.Rent(info.ElementDataType, targetShape, (long)rowBytes * rows.Length);
        if (rowBytes == 0)
        {
            return target;
        }
        if ((long)rowBytes * rows.Length < ParallelBytes || Environment.ProcessorCount == 1)
        {
            var from = source.GetTensorMutableRawData();
            var to = target.Value.GetTensorMutableRawData();
            for (var k = 0; k < rows.Length; k++)
            {
                from.Slice(rows[k] * rowBytes, rowBytes).CopyTo(to.Slice(k * rowBytes, rowBytes));
            }
            return target;
        }
        var order = rows.ToArray();
        var parts = Math.Min(Environment.ProcessorCount, order.Length);
        Parallel.For(0, parts, part =>
        {
            var from = source.GetTensorMutableRawData();
            var to = target.Value.GetTensorMutableRawData();
            for (var k = part * order.Length / parts; k < (part + 1) * order.Length / parts; k++)
            {
                from.Slice(order[k] * rowBytes, rowBytes).CopyTo(to.Slice(k * rowBytes, rowBytes));
            }
        });
        return target;
    }

    /// <summary>
    /// Row k of each tensor becomes its row <c>rows[k]</c>, in place (as many rows as it has): only the rows that change
    /// are written, and only the sources that would be overwritten first are saved aside. Beam search keeps most beams
    /// in place from one step to the next, so this copies a fraction of what a gather would.
    /// </summary>
    public static void ReorderInPlace(OrtValue[] tensors, ReadOnlySpan<int> rows)
    {
        var moved = new List<int>();
        var saved = new Dictionary<int, int>();
        for (var k = 0; k < rows.Length; k++)
        {
            if (rows[k] == k)
            {
                continue;
            }
            moved.Add(k);
            var source = rows[k];
            if (rows[source] != source && !saved.ContainsKey(source))
            {
                saved[source] = saved.Count;
            }
        }
        if (moved.Count == 0)
        {
            return;
        }
        var order = rows.ToArray();
        var parts = Math.Min(Environment.ProcessorCount, tensors.Length);
        Parallel.For(0, parts, part =>
        {
            byte[]? aside = null;
            try
            {
                for (var t = part * tensors.Length / parts; t < (part + 1) * tensors.Length / parts; t++)
                {
                    var data = tensors[t].GetTensorMutableRawData();
                    var rowBytes = data.Length / order.Length;
                    aside ??= System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, saved.Count * rowBytes));
                    foreach (var (source, slot) in saved)
                    {
                        data.Slice(source * rowBytes, rowBytes).CopyTo(aside.AsSpan(slot * rowBytes, rowBytes));
                    }
                    foreach (var k in moved)
                    {
                        var source = order[k];
                        var from = saved.TryGetValue(source, out var slot) ? aside.AsSpan(slot * rowBytes, rowBytes) : data.Slice(source * rowBytes, rowBytes);
                        from.CopyTo(data.Slice(k * rowBytes, rowBytes));
                    }
                }
            }
            finally
            {
                if (aside is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(aside);
                }
            }
        });
    }

    public static bool IsIdentity(ReadOnlySpan<int> rows, int count)
    {
        if (rows.Length != count)
        {
            return false;
        }
        for (var k = 0; k < rows.Length; k++)
        {
            if (rows[k] != k)
            {
                return false;
            }
        }
        return true;
    }
}
