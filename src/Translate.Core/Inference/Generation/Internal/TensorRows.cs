using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

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

    /// <summary>
    /// Like <see cref="Gather"/>, keeping of <paramref name="axis"/> only positions <paramref name="skip"/> onwards:
    /// rows leave a merged batch and the cache columns that were padding for every row left are dropped with them.
    /// </summary>
    public static PooledTensor GatherSkipping(OrtValue source, ReadOnlySpan<int> rows, int axis, int skip, TensorBufferPool pool)
    {
        var info = source.GetTensorTypeAndShape();
        var shape = (long[])info.Shape.Clone();
        var length = (int)shape[axis];
        shape[0] = rows.Length;
        shape[axis] = length - skip;
        var target = pool.Rent(info.ElementDataType, shape, ElementCount(shape) * ElementBytes(info.ElementDataType));
        CopyWindow(source, rows, axis, skip, length - skip, target.Value, 0, 0);
        return target;
    }

    /// <summary>
    /// A new tensor with rows <paramref name="firstRows"/> of <paramref name="first"/> (without the first
    /// <paramref name="firstSkip"/> positions of <paramref name="axis"/>) then every row of <paramref name="second"/>,
    /// which may differ from the first only in the length of <paramref name="axis"/>: the shorter is padded with zeros
    /// to the longer, at the start of the axis (<paramref name="padAtStart"/>: a left-padded key/value cache) or at
    /// its end (encoder positions). One copy both drops rows that left and appends rows that join.
    /// </summary>
    public static PooledTensor Concatenate(OrtValue first, ReadOnlySpan<int> firstRows, int firstSkip, OrtValue second, int axis, bool padAtStart, TensorBufferPool pool)
    {
        var a = first.GetTensorTypeAndShape();
        var b = second.GetTensorTypeAndShape();
        if (a.ElementDataType != b.ElementDataType || a.Shape.Length != b.Shape.Length ||
            Enumerable.Range(1, a.Shape.Length - 1).Any(d => d != axis && a.Shape[d] != b.Shape[d]))
        {
            throw new ArgumentException($"Cannot join tensors of shapes [{string.Join(", ", a.Shape)}] and [{string.Join(", ", b.Shape)}] on axis {axis}.");
        }
        var lengthA = (int)a.Shape[axis] - firstSkip;
        var lengthB = (int)b.Shape[axis];
        var shape = (long[])a.Shape.Clone();
        shape[0] = firstRows.Length + b.Shape[0];
        shape[axis] = Math.Max(lengthA, lengthB);
        var target = pool.Rent(a.ElementDataType, shape, ElementCount(shape) * ElementBytes(a.ElementDataType));
        var rowsB = Enumerable.Range(0, (int)b.Shape[0]).ToArray();
        CopyWindow(first, firstRows, axis, firstSkip, lengthA, target.Value, 0, padAtStart ? (int)shape[axis] - lengthA : 0, zeroRest: true);
        CopyWindow(second, rowsB, axis, 0, lengthB, target.Value, firstRows.Length, padAtStart ? (int)shape[axis] - lengthB : 0, zeroRest: true);
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

    /// <summary>
    /// Copies, for each k, positions [from, from + count) of <paramref name="axis"/> of source row <c>rows[k]</c> to
    /// positions [at, at + count) of target row <c>targetRow + k</c>; with <paramref name="zeroRest"/> the target row's
    /// other positions of the axis become zeros (padding). Both tensors have the same element type and the same
    /// dimensions but the batch and <paramref name="axis"/>.
    /// </summary>
    private static void CopyWindow(OrtValue source, ReadOnlySpan<int> rows, int axis, int from, int count, OrtValue target, int targetRow, int at, bool zeroRest = false)
    {
        var sourceShape = source.GetTensorTypeAndShape();
        var targetShape = target.GetTensorTypeAndShape().Shape;
        var element = ElementBytes(sourceShape.ElementDataType);
        // A row is [outer, axis, inner]: outer = the dimensions before the axis, inner = the bytes of one position.
        var outer = 1L;
        for (var d = 1; d < axis; d++)
        {
            outer *= sourceShape.Shape[d];
        }
        var inner = element;
        for (var d = axis + 1; d < sourceShape.Shape.Length; d++)
        {
            inner *= sourceShape.Shape[d];
        }
        var sourceAxis = sourceShape.Shape[axis];
        var targetAxis = targetShape[axis];
        var sourceRow = outer * sourceAxis * inner;
        var targetRowBytes = outer * targetAxis * inner;
        var run = checked((int)(count * inner));
        var before = checked((int)(at * inner));
        var after = checked((int)((targetAxis - at - count) * inner));
        var fromData = source.GetTensorMutableRawData();
        var toData = target.GetTensorMutableRawData();
        for (var k = 0; k < rows.Length; k++)
        {
            for (var o = 0L; o < outer; o++)
            {
                var src = (rows[k] * sourceRow) + (((o * sourceAxis) + from) * inner);
                var segment = ((targetRow + k) * targetRowBytes) + (o * targetAxis * inner);
                var dst = checked((int)(segment + before));
                fromData.Slice(checked((int)src), run).CopyTo(toData.Slice(dst, run));
                if (zeroRest)
                {
                    toData.Slice(checked((int)segment), before).Clear();
                    toData.Slice(dst + run, after).Clear();
                }
            }
        }
    }

    private static long ElementCount(long[] shape) => shape.Aggregate(1L, (product, dimension) => product * dimension);

    private static long ElementBytes(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 => 4,
        TensorElementType.Int64 or TensorElementType.Double => 8,
        TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Bool or TensorElementType.Int8 or TensorElementType.UInt8 => 1,
        _ => throw new NotSupportedException($"Tensors of {type} are not joined or sliced here."),
    };
}
