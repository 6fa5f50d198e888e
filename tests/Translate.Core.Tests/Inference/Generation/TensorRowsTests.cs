using Microsoft.ML.OnnxRuntime;
using Translate.Core.Inference.Generation.Internal;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>The copies that join and shrink key/value caches of rows with different past lengths (<see cref="TensorRows"/>).</summary>
public sealed class TensorRowsTests
{
    [Fact]
    public void Concatenate_CachesOfDifferentLengths_ShorterPaddedWithZerosAtTheStart()
    {
        using var pool = new TensorBufferPool();
        // [rows, heads 2, length, size 1]: row 0 of a has 3 positions, row 0 of b 1.
        using var a = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3, 4, 5, 6 }, [1, 2, 3, 1]);
        using var b = OrtValue.CreateTensorValueFromMemory(new float[] { 7, 8 }, [1, 2, 1, 1]);

        using var joined = TensorRows.Concatenate(a, [0], 0, b, 2, padAtStart: true, pool);

        Assert.Equal([2L, 2, 3, 1], joined.Value.GetTensorTypeAndShape().Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 0, 0, 7, 0, 0, 8], joined.Value.GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void Concatenate_EncoderMasksOfDifferentLengths_ShorterPaddedWithZerosAtTheEnd()
    {
        using var pool = new TensorBufferPool();
        using var a = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1 }, [1, 2]);
        using var b = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1, 1, 1, 1, 0 }, [2, 3]);

        using var joined = TensorRows.Concatenate(a, [0], 0, b, 1, padAtStart: false, pool);

        Assert.Equal([3L, 3], joined.Value.GetTensorTypeAndShape().Shape);
        Assert.Equal([1L, 1, 0, 1, 1, 1, 1, 1, 0], joined.Value.GetTensorDataAsSpan<long>().ToArray());
    }

    [Fact]
    public void Concatenate_ShapesDifferingBesideTheAxis_Refused()
    {
        using var pool = new TensorBufferPool();
        using var a = OrtValue.CreateTensorValueFromMemory(new float[4], [1, 2, 2, 1]);
        using var b = OrtValue.CreateTensorValueFromMemory(new float[3], [1, 3, 1, 1]);

        Assert.Throws<ArgumentException>(() => TensorRows.Concatenate(a, [0], 0, b, 2, padAtStart: true, pool).Dispose());
    }

    [Fact]
    public void Concatenate_RowsLeaveAndJoinInOneCopy_KeptRowsWithoutTheirCommonPaddingThenTheNewOnes()
    {
        using var pool = new TensorBufferPool();
        // [rows 3, heads 1, length 4, size 1]: rows 0 and 2 stay, their first position was padding (0) for both.
        using var a = OrtValue.CreateTensorValueFromMemory(new float[] { 0, 1, 2, 3, 0, 0, 5, 6, 0, 0, 0, 9 }, [3, 1, 4, 1]);
        using var b = OrtValue.CreateTensorValueFromMemory(new float[] { 7 }, [1, 1, 1, 1]);

        using var joined = TensorRows.Concatenate(a, [2, 0], 1, b, 2, padAtStart: true, pool);

        Assert.Equal([3L, 1, 3, 1], joined.Value.GetTensorTypeAndShape().Shape);
        Assert.Equal([0f, 0, 9, 1, 2, 3, 0, 0, 7], joined.Value.GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void GatherSkipping_RowsInAnyOrder_LeadingPositionsOfEveryHeadDropped()
    {
        using var pool = new TensorBufferPool();
        // [rows 2, heads 2, length 3, size 2]: value = 100 row + 10 head + position, both elements of a position alike.
        var data = new float[2 * 2 * 3 * 2];
        for (var i = 0; i < data.Length; i++)
        {
            var (row, head, position) = (i / 12, i / 6 % 2, i / 2 % 3);
            data[i] = (100 * row) + (10 * head) + position;
        }
        using var source = OrtValue.CreateTensorValueFromMemory(data, [2, 2, 3, 2]);

        using var kept = TensorRows.GatherSkipping(source, [1, 0], 2, 2, pool);

        Assert.Equal([2L, 2, 1, 2], kept.Value.GetTensorTypeAndShape().Shape);
        Assert.Equal([102f, 102, 112, 112, 2, 2, 12, 12], kept.Value.GetTensorDataAsSpan<float>().ToArray());
    }
}
