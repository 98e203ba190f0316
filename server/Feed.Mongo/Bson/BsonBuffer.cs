using System.Buffers;
using System.Buffers.Binary;

namespace Feed.Mongo.Bson;

/// <summary>
/// A growable byte buffer on <see cref="ArrayPool{T}"/> that BSON and OP_MSG are written into.
/// Unlike a plain <see cref="IBufferWriter{T}"/> it lets a length prefix be patched once the
/// content after it is known, which is how every BSON document and wire message is framed.
/// Dispose returns the array to the pool.
/// </summary>
public sealed class BsonBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _written;

    public BsonBuffer(int initialCapacity = 256) =>
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialCapacity));

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _written);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Clear() => _written = 0;

    /// <summary>Drops everything written after <paramref name="count"/> bytes (undo a partial write).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _written);
        _written = count;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        _written++;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(GetSpan(4), value);
        _written += 4;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), value);
        _written += 8;
    }

    /// <summary>Overwrites four bytes already written (a length prefix).</summary>
    public void PatchInt32(int offset, int value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + 4, _written);
        BinaryPrimitives.WriteInt32LittleEndian(_array.AsSpan(offset), value);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, Array.Empty<byte>());
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        _written = 0;
    }
}
