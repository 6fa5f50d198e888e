using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Native memory blocks for the tensors the engine makes between decoder runs (cache rows gathered for beams and for
/// rows that leave the batch), kept from one step and one request to the next: a fresh block of hundreds of MB costs
/// a page fault every 4 KB on first touch, more than the copy itself (measured: the gathers took as long as the
/// decoder runs in beam search before this pool). Thread-safe; blocks beyond <see cref="MaxRetainedBytes"/> free.
/// </summary>
internal sealed class TensorBufferPool : IDisposable
{
    /// <summary>Most bytes kept free between uses; a beam batch of 32 inputs × 4 beams at 200 tokens holds about 700 MB.</summary>
    public const long MaxRetainedBytes = 1L << 30;

    // Growth headroom: the self-attention cache grows a position a step, so a block fits the next few steps too.
    private const double Headroom = 1.25;
    private readonly List<Block> _free = [];
    private long _freeBytes;
    private bool _disposed;

    /// <summary>A tensor of <paramref name="shape"/> (<paramref name="bytes"/> long) over a pooled block; disposing it returns the block.</summary>
    public PooledTensor Rent(TensorElementType type, long[] shape, long bytes)
    {
        var block = Take(Math.Max(bytes, 1));
        try
        {
            var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, type, shape, block.Pointer, bytes);
            return new PooledTensor(value, block, this);
        }
        catch
        {
            Return(block);
            throw;
        }
    }

    internal void Return(Block block)
    {
        lock (_free)
        {
            if (!_disposed && _freeBytes + block.Bytes <= MaxRetainedBytes)
            {
                _free.Add(block);
                _freeBytes += block.Bytes;
                return;
            }
        }
        block.Free();
    }

    public void Dispose()
    {
        lock (_free)
        {
            _disposed = true;
            foreach (var block in _free)
            {
                block.Free();
            }
            _free.Clear();
            _freeBytes = 0;
        }
    }

    private Block Take(long bytes)
    {
        lock (_free)
        {
            // Best fit: the smallest free block that holds the tensor.
            var best = -1;
            for (var i = 0; i < _free.Count; i++)
            {
                if (_free[i].Bytes >= bytes && (best < 0 || _free[i].Bytes < _free[best].Bytes))
                {
                    best = i;
                }
            }
            if (best >= 0)
            {
                var block = _free[best];
                _free.RemoveAt(best);
                _freeBytes -= block.Bytes;
                return block;
            }
        }
        return Block.Allocate((long)(bytes * Headroom) + 64);
    }

    internal sealed unsafe class Block
    {
        private Block(nint pointer, long bytes)
        {
            Pointer = pointer;
            Bytes = bytes;
        }

        public nint Pointer { get; private set; }

        public long Bytes { get; }

        public static Block Allocate(long bytes) => new((nint)NativeMemory.AlignedAlloc((nuint)bytes, 64), bytes);

        public void Free()
        {
            NativeMemory.AlignedFree((void*)Pointer);
            Pointer = 0;
        }
    }
}

/// <summary>An <see cref="OrtValue"/> over a block of a <see cref="TensorBufferPool"/>; disposing it returns the block.</summary>
internal sealed class PooledTensor(OrtValue value, TensorBufferPool.Block block, TensorBufferPool pool) : IDisposable
{
    private bool _disposed;

    public OrtValue Value { get; } = value;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Value.Dispose();
        pool.Return(block);
    }
}
