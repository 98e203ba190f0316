using System.Buffers;
using Microsoft.Extensions.ObjectPool;

namespace Feed.MessagePack.Protocol;

/// <summary>
/// A growable buffer over <see cref="ArrayPool{T}"/>: a message is written here first because
/// its length prefix comes before it. Instances are pooled, so writing a message allocates
/// nothing once warm.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int InitialSize = 512;

    /// <summary>Buffers that grew past this go back to the array pool instead of staying cached.</summary>
    private const int MaxRetainedSize = 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written;

    public static ObjectPool<PooledBufferWriter> CreatePool() =>
        new DefaultObjectPool<PooledBufferWriter>(new Policy(), Environment.ProcessorCount * 2);

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        WrittenSpan.CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void Reset()
    {
        _written = 0;
        if (_buffer.Length > MaxRetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    private sealed class Policy : PooledObjectPolicy<PooledBufferWriter>
    {
        public override PooledBufferWriter Create() => new();

        public override bool Return(PooledBufferWriter writer)
        {
            writer.Reset();
            return true;
        }
    }
}
