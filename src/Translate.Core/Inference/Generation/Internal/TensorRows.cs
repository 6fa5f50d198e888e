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
