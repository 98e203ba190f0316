using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Feed.MessagePack;

// str, bin and ext: a header with a declared length, then that many bytes. The length is
// checked against the remaining input before anything is allocated.
public ref partial struct MessagePackReader
{
    private const int StackCopyLimit = 256;

    /// <summary>Reads a str value; nil is an error (see <see cref="ReadNullableString"/>). Invalid UTF-8 is rejected.</summary>
    public string ReadString()
    {
        var length = ReadStringHeader();
        if (length == 0)
        {
            return string.Empty;
        }
        var unread = _input.UnreadSpan;
        if (unread.Length >= length)
        {
            var text = Decode(unread[..length]);
            _input.Advance(length);
            return text;
        }
        return ReadStringAcrossSegments(length);
    }

    public string? ReadNullableString() => TryReadNil() ? null : ReadString();

    /// <summary>Reads a str header and returns the byte length of the UTF-8 that follows.</summary>
    public int ReadStringHeader()
    {
        var code = PeekCode();
        Expect(MessagePackCode.TypeOf(code) == MessagePackType.String, "a string");
        _input.Advance(1);
        long length = code switch
        {
            MessagePackCode.Str8 => ReadRawByte("str8 length"),
            MessagePackCode.Str16 => ReadRawUInt16("str16 length"),
            MessagePackCode.Str32 => ReadRawUInt32("str32 length"),
            _ => code - MessagePackCode.MinFixStr,
        };
        return CheckLength(length, "string");
    }

    /// <summary>The raw UTF-8 of a str value, not copied and not validated (for matching known keys).</summary>
    public ReadOnlySequence<byte> ReadStringBytes()
    {
        var length = ReadStringHeader();
        return ReadSlice(length);
    }

    public byte[] ReadBinary() => ReadBinarySequence().ToArray();

    public byte[]? ReadNullableBinary() => TryReadNil() ? null : ReadBinary();

    /// <summary>A bin value's bytes as a slice of the input (no copy).</summary>
    public ReadOnlySequence<byte> ReadBinarySequence() => ReadSlice(ReadBinaryHeader());

    public int ReadBinaryHeader()
    {
        var code = PeekCode();
        Expect(MessagePackCode.TypeOf(code) == MessagePackType.Binary, "binary");
        _input.Advance(1);
        long length = code switch
        {
            MessagePackCode.Bin8 => ReadRawByte("bin8 length"),
            MessagePackCode.Bin16 => ReadRawUInt16("bin16 length"),
            _ => ReadRawUInt32("bin32 length"),
        };
        return CheckLength(length, "binary");
    }

    public MessagePackExtensionHeader ReadExtensionHeader()
    {
        var code = PeekCode();
        Expect(MessagePackCode.TypeOf(code) == MessagePackType.Extension, "an extension");
        _input.Advance(1);
        long length = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            MessagePackCode.Ext8 => ReadRawByte("ext8 length"),
            MessagePackCode.Ext16 => ReadRawUInt16("ext16 length"),
            _ => ReadRawUInt32("ext32 length"),
        };
        var type = (sbyte)ReadRawByte("extension type");
        return new MessagePackExtensionHeader(type, CheckLength(length, "extension"));
    }

    public MessagePackExtension ReadExtension()
    {
        var header = ReadExtensionHeader();
        return new MessagePackExtension(header.TypeCode, ReadSlice(header.Length).ToArray());
    }

    /// <summary>Reads the timestamp extension (type -1) in its 32, 64 or 96 bit form.</summary>
    public MessagePackTimestamp ReadTimestamp()
    {
        var start = Consumed;
        var header = ReadExtensionHeader();
        if (header.TypeCode != MessagePackCode.TimestampExtension)
        {
            throw new InvalidDataException($"Expected a timestamp (extension -1) but found extension {header.TypeCode} at offset {start}.");
        }
        var timestamp = header.Length switch
        {
            4 => new MessagePackTimestamp(ReadRawUInt32("timestamp32"), 0),
            8 => FromTimestamp64(ReadRawUInt64("timestamp64")),
            12 => ReadTimestamp96(),
            _ => throw new InvalidDataException($"A timestamp has 4, 8 or 12 bytes, not {header.Length} (offset {start})."),
        };
        if (timestamp.Nanoseconds > 999_999_999)
        {
            throw new InvalidDataException($"Timestamp nanoseconds {timestamp.Nanoseconds} exceed 999999999 (offset {start}).");
        }
        return timestamp;
    }

    public DateTime ReadDateTime() => ReadTimestamp().ToDateTime();

    private MessagePackTimestamp ReadTimestamp96()
    {
        var nanoseconds = ReadRawUInt32("timestamp96 nanoseconds");
        var seconds = (long)ReadRawUInt64("timestamp96 seconds");
        return new MessagePackTimestamp(seconds, nanoseconds);
    }

    private static MessagePackTimestamp FromTimestamp64(ulong value) =>
        new((long)(value & 0x3_ffff_ffffUL), (uint)(value >> 34));

    private readonly int CheckLength(long length, string what)
    {
        if (length > int.MaxValue)
        {
            throw new InvalidDataException($"A {what} of {length} bytes at offset {Consumed} is larger than supported.");
        }
        if (length > Remaining)
        {
            throw Truncated(length, what);
        }
        return (int)length;
    }

    private ReadOnlySequence<byte> ReadSlice(int length)
    {
        var slice = _input.UnreadSequence.Slice(0, length);
        _input.Advance(length);
        return slice;
    }

    private string ReadStringAcrossSegments(int length)
    {
        byte[]? rented = null;
        var buffer = length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var bytes = buffer[..length];
            _input.TryCopyTo(bytes);
            var text = Decode(bytes);
            _input.Advance(length);
            return text;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private readonly string Decode(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new InvalidDataException($"String at offset {Consumed} is not valid UTF-8.");
        }
        return Encoding.UTF8.GetString(utf8);
    }
}
