using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>Row operations on tensors whose first dimension is the batch: the one copy beam reordering and dropping finished rows need.</summary>
internal static class TensorRows
{
    /// <summary>A new tensor whose row k is row <c>rows[k]</c> of <paramref name="source"/> (rows may repeat, for beam expansion).</summary>
    public static OrtValue Gather(OrtValue source, ReadOnlySpan<int> rows)
    {
        var info = source.GetTensorTypeAndShape();
        var shape = info.Shape;
        var rowBytes = shape[0] == 0 ? 0 : checked((int)((long)source.GetTensorSizeInBytes() / shape[0]));
        var targetShape = (long[])shape.Clone();
        targetShape[0] = rows.Length;
        var target = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, targetShape);
        if (rowBytes == 0)
        {
            return target;
        }
        var from = source.GetTensorMutableRawData();
        var to = target.GetTensorMutableRawData();
        for (var k = 0; k < rows.Length; k++)
        {
            from.Slice(rows[k] * rowBytes, rowBytes).CopyTo(to.Slice(k * rowBytes, rowBytes));
        }
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
