using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Feed.MessagePack;

/// <summary>
/// Writes MessagePack values straight into an <see cref="IBufferWriter{T}"/>, always choosing
/// the smallest encoding for the value (fixint before uint8, fixstr before str8, ...).
/// </summary>
public ref partial struct MessagePackWriter
{
    private readonly IBufferWriter<byte> _output;

    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public readonly void WriteNil() => WriteCode(MessagePackCode.Nil);

    public readonly void Write(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    public readonly void Write(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    public readonly void Write(float value)
    {
        var span = _output.GetSpan(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        _output.Advance(5);
    }

    /// <summary>Writes a str value (nil for null).</summary>
    public readonly void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }
        var maxLength = value.Length <= MaxSinglePassChars ? Encoding.UTF8.GetMaxByteCount(value.Length) : -1;
        if (maxLength < 0)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            WriteStringHeader(length);
            var target = _output.GetSpan(length);
            Encoding.UTF8.GetBytes(value, target);
            _output.Advance(length);
            return;
        }
        // One pass: encode after room for the largest header the string could need, then
        // move the bytes back if the actual length takes a smaller header (still the smallest
        // encoding; the move is short for the strings this path takes).
        var reserved = StringHeaderLength(maxLength);
        var span = _output.GetSpan(reserved + maxLength);
        var written = Encoding.UTF8.GetBytes(value, span[reserved..]);
        var header = StringHeaderLength(written);
        if (header != reserved)
        {
            span.Slice(reserved, written).CopyTo(span[header..]);
        }
        WriteStringHeader(span, written);
        _output.Advance(header + written);
    }

    /// <summary>Longer strings are measured first rather than over-reserving three bytes per char.</summary>
    private const int MaxSinglePassChars = 16 * 1024;

    private static int StringHeaderLength(int byteLength) => byteLength switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>The smallest str header for the length, into a span the caller already holds.</summary>
    private static void WriteStringHeader(Span<byte> span, int byteLength)
    {
        switch (StringHeaderLength(byteLength))
        {
            case 1:
                span[0] = (byte)(MessagePackCode.MinFixStr | byteLength);
                break;
            case 2:
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)byteLength;
                break;
            case 3:
                span[0] = MessagePackCode.Str16;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)byteLength);
                break;
            default:
                span[0] = MessagePackCode.Str32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)byteLength);
                break;
        }
    }

    /// <summary>Writes a str value from UTF-8 the caller already holds.</summary>
    public readonly void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes a bin value (nil for null).</summary>
    public readonly void Write(byte[]? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }
        WriteBinary(value);
    }

    public readonly void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        WriteRaw(value);
    }

    public readonly void WriteStringHeader(int byteLength) =>
        WriteLengthHeader(byteLength, MessagePackCode.MinFixStr, 31, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32);

    public readonly void WriteBinaryHeader(int length) =>
        WriteLengthHeader(length, 0, -1, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32);

    public readonly void WriteArrayHeader(int count) =>
        WriteLengthHeader(count, MessagePackCode.MinFixArray, 15, 0, MessagePackCode.Array16, MessagePackCode.Array32);

    public readonly void WriteMapHeader(int count) =>
        WriteLengthHeader(count, MessagePackCode.MinFixMap, 15, 0, MessagePackCode.Map16, MessagePackCode.Map32);

    /// <summary>Copies already-encoded MessagePack bytes to the output.</summary>
    public readonly void WriteRaw(ReadOnlySpan<byte> encoded)
    {
        var span = _output.GetSpan(encoded.Length);
        encoded.CopyTo(span);
        _output.Advance(encoded.Length);
    }

    public readonly void WriteRaw(in ReadOnlySequence<byte> encoded)
    {
        foreach (var segment in encoded)
        {
            WriteRaw(segment.Span);
        }
    }

    private readonly void WriteCode(byte code)
    {
        var span = _output.GetSpan(1);
        span[0] = code;
        _output.Advance(1);
    }

    /// <summary>
    /// Writes a header in the smallest form: the fix form when <paramref name="fixMax"/> allows
    /// it, else the 8 bit form (when the family has one, <paramref name="code8"/> != 0), 16 or 32 bit.
    /// </summary>
    private readonly void WriteLengthHeader(int length, byte fixBase, int fixMax, byte code8, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var span = _output.GetSpan(5);
        if (length <= fixMax)
        {
            span[0] = (byte)(fixBase | length);
            _output.Advance(1);
        }
        else if (code8 != 0 && length <= byte.MaxValue)
        {
            span[0] = code8;
            span[1] = (byte)length;
            _output.Advance(2);
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            _output.Advance(3);
        }
        else
        {
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            _output.Advance(5);
        }
    }
}
