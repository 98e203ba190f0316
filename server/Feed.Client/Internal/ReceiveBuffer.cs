using System.Buffers;

namespace Feed.Client.Internal;

/// <summary>
/// Bytes received but not yet parsed. The array is rented from the pool only while it holds
/// data, so an idle connection (waiting in a zero-byte receive) holds no buffer at all.
/// Not thread-safe: only the receive loop uses it.
/// </summary>
internal sealed class ReceiveBuffer : IDisposable
{
    private const int MinimumSize = 4096;

    private readonly int _maximumMessageSize;
    private byte[]? _array;
    private int _start;
    private int _end;

    public ReceiveBuffer(int maximumMessageSize) => _maximumMessageSize = maximumMessageSize;

    public bool IsEmpty => _start == _end;

    public ReadOnlySequence<byte> Data =>
        _array is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_array, _start, _end - _start);

    /// <summary>Free space after the data, at least <see cref="MinimumSize"/> / 2 bytes.</summary>
    public Memory<byte> GetMemory()
    {
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(MinimumSize);
        }
        else if (_array.Length - _end < MinimumSize / 2)
        {
            MakeRoom();
        }
        return _array.AsMemory(_end);
    }

    public void Advance(int count) => _end += count;

    /// <summary>Drops the bytes before <paramref name="remaining"/> (a slice of <see cref="Data"/>).</summary>
    public void Consume(in ReadOnlySequence<byte> remaining)
    {
        _start = _end - (int)remaining.Length;
        if (_start == _end)
        {
            Release();
        }
        else if (_end - _start > _maximumMessageSize)
        {
            throw new InvalidDataException(
                $"The server sent a message larger than MaximumReceiveMessageSize ({_maximumMessageSize} bytes).");
        }
    }

    public void Dispose() => Release();

    private void MakeRoom()
    {
        var length = _end - _start;
        var array = _array!;
        if (_start > 0 && array.Length - length >= MinimumSize / 2)
        {
            // Enough room once the parsed bytes are gone: slide the partial message down.
            Buffer.BlockCopy(array, _start, array, 0, length);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, MinimumSize));
            Buffer.BlockCopy(array, _start, bigger, 0, length);
            ArrayPool<byte>.Shared.Return(array);
            _array = bigger;
        }
        _start = 0;
        _end = length;
    }

    private void Release()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
        _start = 0;
        _end = 0;
    }
}
