namespace Feed.MessagePack;

// Integers are accepted in any width that holds the value (peers pick the smallest), floats
// also from integers (JavaScript sends 5.0 as the integer 5).
public ref partial struct MessagePackReader
{
    public long ReadInt64()
    {
        var code = PeekCode();
        if (code <= MessagePackCode.MaxPositiveFixInt || code >= MessagePackCode.MinNegativeFixInt)
        {
            _input.Advance(1);
            return (sbyte)code;
        }
        if (code == MessagePackCode.UInt64)
        {
            var start = Consumed;
            _input.Advance(1);
            var value = ReadRawUInt64("uint64");
            return value <= long.MaxValue ? (long)value : throw OutOfRange(value.ToString(), "Int64", start);
        }
        return ReadWideInteger(code);
    }

    public ulong ReadUInt64()
    {
        var code = PeekCode();
        if (code == MessagePackCode.UInt64)
        {
            _input.Advance(1);
            return ReadRawUInt64("uint64");
        }
        var start = Consumed;
        var value = ReadInt64();
        return value >= 0 ? (ulong)value : throw OutOfRange(value.ToString(), "UInt64", start);
    }

    public int ReadInt32() => (int)ReadInRange(int.MinValue, int.MaxValue, "Int32");

    public short ReadInt16() => (short)ReadInRange(short.MinValue, short.MaxValue, "Int16");

    public sbyte ReadSByte() => (sbyte)ReadInRange(sbyte.MinValue, sbyte.MaxValue, "SByte");

    public uint ReadUInt32() => (uint)ReadInRange(uint.MinValue, uint.MaxValue, "UInt32");

    public ushort ReadUInt16() => (ushort)ReadInRange(ushort.MinValue, ushort.MaxValue, "UInt16");

    public byte ReadByte() => (byte)ReadInRange(byte.MinValue, byte.MaxValue, "Byte");

    public double ReadDouble()
    {
        var code = PeekCode();
        switch (code)
        {
            case MessagePackCode.Float64:
                _input.Advance(1);
                return BitConverter.Int64BitsToDouble((long)ReadRawUInt64("float64"));
            case MessagePackCode.Float32:
                _input.Advance(1);
                return BitConverter.Int32BitsToSingle((int)ReadRawUInt32("float32"));
            case MessagePackCode.UInt64:
                return ReadUInt64();
            default:
                Expect(MessagePackCode.TypeOf(code) == MessagePackType.Integer, "a number");
                return ReadInt64();
        }
    }

    /// <summary>Reads a float32, or a float64 or integer narrowed to the nearest float32.</summary>
    public float ReadSingle() => (float)ReadDouble();

    /// <summary>Reads the int8..int64 and uint8..uint32 formats (everything but fixints and uint64).</summary>
    private long ReadWideInteger(byte code)
    {
        Expect(code is >= MessagePackCode.UInt8 and <= MessagePackCode.Int64, "an integer");
        _input.Advance(1);
        return code switch
        {
            MessagePackCode.UInt8 => ReadRawByte("uint8"),
            MessagePackCode.UInt16 => ReadRawUInt16("uint16"),
            MessagePackCode.UInt32 => ReadRawUInt32("uint32"),
            MessagePackCode.Int8 => (sbyte)ReadRawByte("int8"),
            MessagePackCode.Int16 => (short)ReadRawUInt16("int16"),
            MessagePackCode.Int32 => (int)ReadRawUInt32("int32"),
            _ => (long)ReadRawUInt64("int64"),
        };
    }

    private long ReadInRange(long min, long max, string typeName)
    {
        var start = Consumed;
        var value = ReadInt64();
        return value >= min && value <= max ? value : throw OutOfRange(value.ToString(), typeName, start);
    }

    private static InvalidDataException OutOfRange(string value, string typeName, long offset) =>
        new($"Integer {value} at offset {offset} does not fit in {typeName}.");
}
