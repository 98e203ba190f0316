using System.Buffers;

namespace Feed.MessagePack.Protocol;

/// <summary>
/// SignalR's binary framing: each message is prefixed by its length as a VarInt (7 bits per
/// byte, least significant group first, high bit set on every byte but the last), 1 to 5
/// bytes, at most 2 GB (0x7fffffff, encoded ff ff ff ff 07).
/// </summary>
internal static class BinaryFrame
{
    public const int MaxPrefixLength = 5;

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="input"/>; false (input untouched)
    /// when the frame has not fully arrived yet.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> input, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        var reader = new SequenceReader<byte>(input);
        long length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (!reader.TryRead(out var current))
            {
                return false;
            }
            if (shift == 28 && (current & 0xf8) != 0)
            {
                throw new InvalidDataException("Messages over 2GB in size are not supported (length prefix too large).");
            }
            length |= (long)(current & 0x7f) << shift;
            if ((current & 0x80) == 0)
            {
                break;
            }
        }
        if (reader.Remaining < length)
        {
            return false;
        }
        payload = reader.UnreadSequence.Slice(0, length);
        input = input.Slice(payload.End);
        return true;
    }

    public static int PrefixLength(int length)
    {
        var bytes = 1;
        for (var rest = (uint)length >> 7; rest != 0; rest >>= 7)
        {
            bytes++;
        }
        return bytes;
    }

    /// <summary>Writes the VarInt prefix for a frame of <paramref name="length"/> bytes; returns its size.</summary>
    public static int WritePrefix(int length, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var value = (uint)length;
        var written = 0;
        while (value >= 0x80)
        {
            destination[written++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[written++] = (byte)value;
        return written;
    }
}
