using System.Buffers;

namespace Feed.LoadTest.Clients.Raw;

/// <summary>
/// Bytes received but not yet parsed, in one array that starts small (most frames a follower
/// gets are a few hundred bytes) and doubles for a larger message. Not thread-safe: one receive
/// loop owns it.
/// </summary>
internal sealed class ReceiveBuffer
{
    private const int MaxBytes = 1024 * 1024;

    private byte[] _bytes = new byte[512];
    private int _count;

    public ReadOnlySequence<byte> Data => new(_bytes, 0, _count);

    /// <summary>Room for the next read, growing the array when it is full.</summary>
    public Memory<byte> FreeSpace()
    {
        if (_count == _bytes.Length)
        {
            if (_bytes.Length >= MaxBytes)
            {
                throw new InvalidDataException($"A message from the server is larger than {MaxBytes} bytes.");
            }
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }
        return _bytes.AsMemory(_count);
    }

    public void Advance(int count) => _count += count;

    /// <summary>Drops what was parsed, keeping the last <paramref name="unparsed"/> bytes.</summary>
    public void ConsumeTo(long unparsed)
    {
        var keep = (int)unparsed;
        Buffer.BlockCopy(_bytes, _count - keep, _bytes, 0, keep);
        _count = keep;
    }
}
