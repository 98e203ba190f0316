using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// The field encoding of every backplane message (see <see cref="BackplaneProtocol"/>): a message
/// is a run of fields, each <c>tag (1 byte) | length (int32, little endian) | value</c>. A
/// reader skips tags it does not know, so a newer instance may add fields during a rolling
/// deploy without breaking older ones.
/// </summary>
internal static class WireFields
{
    public const int HeaderSize = 5;

    public static void WriteString(IBufferWriter<byte> output, byte tag, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(HeaderSize + length);
        WriteHeader(span, tag, length);
        Encoding.UTF8.GetBytes(value, span[HeaderSize..]);
        output.Advance(HeaderSize + length);
    }

    public static void WriteInt64(IBufferWriter<byte> output, byte tag, long value)
    {
        var span = output.GetSpan(HeaderSize + 8);
        WriteHeader(span, tag, 8);
        BinaryPrimitives.WriteInt64LittleEndian(span[HeaderSize..], value);
        output.Advance(HeaderSize + 8);
    }

    public static void WriteByte(IBufferWriter<byte> output, byte tag, byte value)
    {
        var span = output.GetSpan(HeaderSize + 1);
        WriteHeader(span, tag, 1);
        span[HeaderSize] = value;
        output.Advance(HeaderSize + 1);
    }

    /// <summary>A serialized hub message: <c>name length (1 byte) | protocol name | payload</c>.</summary>
    public static void WriteProtocolMessage(IBufferWriter<byte> output, byte tag, string protocol, ReadOnlySpan<byte> payload)
    {
        var nameLength = Encoding.UTF8.GetByteCount(protocol);
        if (nameLength > byte.MaxValue)
        {
            throw new ArgumentException($"Hub protocol name '{protocol}' is longer than 255 bytes.", nameof(protocol));
        }
        var length = 1 + nameLength + payload.Length;
        var span = output.GetSpan(HeaderSize + length);
        WriteHeader(span, tag, length);
        span[HeaderSize] = (byte)nameLength;
        Encoding.UTF8.GetBytes(protocol, span[(HeaderSize + 1)..]);
        payload.CopyTo(span[(HeaderSize + 1 + nameLength)..]);
        output.Advance(HeaderSize + length);
    }

    /// <summary>Reads the next field; false at the end. Throws on a truncated field.</summary>
    public static bool TryRead(ref ReadOnlyMemory<byte> input, out byte tag, out ReadOnlyMemory<byte> value)
    {
        if (input.IsEmpty)
        {
            tag = 0;
            value = default;
            return false;
        }
        var span = input.Span;
        if (span.Length < HeaderSize)
        {
            throw new InvalidDataException($"Backplane message truncated: a field header needs {HeaderSize} bytes, {span.Length} left.");
        }
        tag = span[0];
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[1..]);
        if (length < 0 || length > span.Length - HeaderSize)
        {
            throw new InvalidDataException($"Backplane message field {tag} claims {length} bytes; {span.Length - HeaderSize} are left.");
        }
        value = input.Slice(HeaderSize, length);
        input = input[(HeaderSize + length)..];
        return true;
    }

    public static string ReadString(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    public static long ReadInt64(ReadOnlyMemory<byte> value, byte tag) => value.Length == 8
        ? BinaryPrimitives.ReadInt64LittleEndian(value.Span)
        : throw new InvalidDataException($"Backplane message field {tag} must be 8 bytes, got {value.Length}.");

    public static byte ReadByte(ReadOnlyMemory<byte> value, byte tag) => value.Length == 1
        ? value.Span[0]
        : throw new InvalidDataException($"Backplane message field {tag} must be 1 byte, got {value.Length}.");

    public static (string Protocol, ReadOnlyMemory<byte> Payload) ReadProtocolMessage(ReadOnlyMemory<byte> value, byte tag)
    {
        if (value.IsEmpty || value.Span[0] + 1 > value.Length)
        {
            throw new InvalidDataException($"Backplane message field {tag} has a truncated protocol name.");
        }
        var nameLength = value.Span[0];
        return (Encoding.UTF8.GetString(value.Span.Slice(1, nameLength)), value[(1 + nameLength)..]);
    }

    private static void WriteHeader(Span<byte> span, byte tag, int length)
    {
        span[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
    }
}
