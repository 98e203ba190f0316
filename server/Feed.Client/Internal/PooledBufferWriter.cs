using System.Buffers;

namespace Feed.Client.Internal;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over a pooled array, handed back to the pool on
/// <see cref="Reset"/> so idle connections hold no send buffer. Not thread-safe.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumSize = 1024;

    private byte[]? _array;
    private int _written;

    public ReadOnlyMemory<byte> WrittenMemory => _array is null ? default : _array.AsMemory(0, _written);

    public void Advance(int count)
    {
        if (count < 0 || _array is null || _written + count > _array.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Advanced past the buffer.");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_written);

    public void Reset()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
        _written = 0;
    }

    public void Dispose() => Reset();

    private byte[] Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(Math.Max(needed, MinimumSize));
        }
        else if (needed > _array.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
            Buffer.BlockCopy(_array, 0, bigger, 0, _written);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }
        return _array;
    }
}
