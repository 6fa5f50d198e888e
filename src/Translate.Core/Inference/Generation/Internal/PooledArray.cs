using System.Buffers;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// A rented array for one batch run's scores (rows × vocabulary floats: 7.5 M for 32 inputs × 4 beams of opus-mt's
/// 59k vocabulary), so that each run does not allocate a large-object-heap array.
/// </summary>
internal readonly struct PooledArray<T>(int length) : IDisposable
{
    private readonly T[] _array = ArrayPool<T>.Shared.Rent(length);

    public Span<T> Span => _array.AsSpan(0, length);

    /// <summary>The rented array (at least the length asked for), for loops that cannot capture a span.</summary>
    public T[] Array => _array;

    public void Dispose() => ArrayPool<T>.Shared.Return(_array);
}
