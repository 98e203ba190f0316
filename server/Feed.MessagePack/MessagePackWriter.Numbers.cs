using System.Buffers.Binary;

namespace Feed.MessagePack;

// Integers in the smallest form: fixints, then unsigned formats for non-negative values
// (as the reference implementations do), signed formats only for negative ones.
public ref partial struct MessagePackWriter
{
    public readonly void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }
        var span = _output.GetSpan(9);
        if (value >= -32)
        {
            span[0] = unchecked((byte)value);
            _output.Advance(1);
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            _output.Advance(2);
        }
        else if (value >= short.MinValue)
        {
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    public readonly void Write(ulong value)
    {
        var span = _output.GetSpan(9);
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            span[0] = (byte)value;
            _output.Advance(1);
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            _output.Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            _output.Advance(3);
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            _output.Advance(5);
        }
        else
        {
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    public readonly void Write(int value) => Write((long)value);

    public readonly void Write(short value) => Write((long)value);

    public readonly void Write(sbyte value) => Write((long)value);

    public readonly void Write(uint value) => Write((ulong)value);

    public readonly void Write(ushort value) => Write((ulong)value);

    public readonly void Write(byte value) => Write((ulong)value);

    /// <summary>Writes an extension header: fixext for 1/2/4/8/16 bytes, else ext8/16/32.</summary>
    public readonly void WriteExtensionHeader(sbyte typeCode, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var span = _output.GetSpan(6);
        var fixCode = length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => (byte)0,
        };
        int written;
        if (fixCode != 0)
        {
            span[0] = fixCode;
            written = 1;
        }
        else if (length <= byte.MaxValue)
        {
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)length;
            written = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            written = 3;
        }
        else
        {
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            written = 5;
        }
        span[written] = unchecked((byte)typeCode);
        _output.Advance(written + 1);
    }

    public readonly void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(typeCode, data.Length);
        WriteRaw(data);
    }

    /// <summary>Writes the timestamp extension in its smallest form (32, 64 or 96 bit).</summary>
    public readonly void Write(MessagePackTimestamp value)
    {
        if (value.Nanoseconds > 999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Timestamp nanoseconds must be below one second.");
        }
        Span<byte> data = stackalloc byte[12];
        if (value.Seconds >= 0 && value.Seconds >> 34 == 0)
        {
            if (value.Nanoseconds == 0 && value.Seconds <= uint.MaxValue)
            {
                BinaryPrimitives.WriteUInt32BigEndian(data, (uint)value.Seconds);
                WriteExtension(MessagePackCode.TimestampExtension, data[..4]);
                return;
            }
            BinaryPrimitives.WriteUInt64BigEndian(data, ((ulong)value.Nanoseconds << 34) | (ulong)value.Seconds);
            WriteExtension(MessagePackCode.TimestampExtension, data[..8]);
            return;
        }
        BinaryPrimitives.WriteUInt32BigEndian(data, value.Nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(data[4..], value.Seconds);
        WriteExtension(MessagePackCode.TimestampExtension, data);
    }

    public readonly void Write(DateTime value) => Write(MessagePackTimestamp.FromDateTime(value));
}
