namespace Feed.MessagePack;

// The built-in scalar formatters. Reference types (string, byte[]) get nil handling from the
// resolver's NilFormatter wrapper.

internal sealed class StringFormatter : IMessagePackFormatter<string>
{
    public void Write(ref MessagePackWriter writer, string value) => writer.Write(value);

    public string Read(ref MessagePackReader reader) => reader.ReadString();
}

internal sealed class BinaryFormatter : IMessagePackFormatter<byte[]>
{
    public void Write(ref MessagePackWriter writer, byte[] value) => writer.WriteBinary(value);

    public byte[] Read(ref MessagePackReader reader) => reader.ReadBinary();
}

internal sealed class BooleanFormatter : IMessagePackFormatter<bool>
{
    public void Write(ref MessagePackWriter writer, bool value) => writer.Write(value);

    public bool Read(ref MessagePackReader reader) => reader.ReadBoolean();
}

internal sealed class Int64Formatter : IMessagePackFormatter<long>
{
    public void Write(ref MessagePackWriter writer, long value) => writer.Write(value);

    public long Read(ref MessagePackReader reader) => reader.ReadInt64();
}

internal sealed class Int32Formatter : IMessagePackFormatter<int>
{
    public void Write(ref MessagePackWriter writer, int value) => writer.Write(value);

    public int Read(ref MessagePackReader reader) => reader.ReadInt32();
}

internal sealed class Int16Formatter : IMessagePackFormatter<short>
{
    public void Write(ref MessagePackWriter writer, short value) => writer.Write(value);

    public short Read(ref MessagePackReader reader) => reader.ReadInt16();
}

internal sealed class SByteFormatter : IMessagePackFormatter<sbyte>
{
    public void Write(ref MessagePackWriter writer, sbyte value) => writer.Write(value);

    public sbyte Read(ref MessagePackReader reader) => reader.ReadSByte();
}

internal sealed class UInt64Formatter : IMessagePackFormatter<ulong>
{
    public void Write(ref MessagePackWriter writer, ulong value) => writer.Write(value);

    public ulong Read(ref MessagePackReader reader) => reader.ReadUInt64();
}

internal sealed class UInt32Formatter : IMessagePackFormatter<uint>
{
    public void Write(ref MessagePackWriter writer, uint value) => writer.Write(value);

    public uint Read(ref MessagePackReader reader) => reader.ReadUInt32();
}

internal sealed class UInt16Formatter : IMessagePackFormatter<ushort>
{
    public void Write(ref MessagePackWriter writer, ushort value) => writer.Write(value);

    public ushort Read(ref MessagePackReader reader) => reader.ReadUInt16();
}

internal sealed class ByteFormatter : IMessagePackFormatter<byte>
{
    public void Write(ref MessagePackWriter writer, byte value) => writer.Write(value);

    public byte Read(ref MessagePackReader reader) => reader.ReadByte();
}

internal sealed class DoubleFormatter : IMessagePackFormatter<double>
{
    public void Write(ref MessagePackWriter writer, double value) => writer.Write(value);

    public double Read(ref MessagePackReader reader) => reader.ReadDouble();
}

internal sealed class SingleFormatter : IMessagePackFormatter<float>
{
    public void Write(ref MessagePackWriter writer, float value) => writer.Write(value);

    public float Read(ref MessagePackReader reader) => reader.ReadSingle();
}

internal sealed class DateTimeFormatter : IMessagePackFormatter<DateTime>
{
    public void Write(ref MessagePackWriter writer, DateTime value) => writer.Write(value);

    public DateTime Read(ref MessagePackReader reader) => reader.ReadDateTime();
}

internal sealed class TimestampFormatter : IMessagePackFormatter<MessagePackTimestamp>
{
    public void Write(ref MessagePackWriter writer, MessagePackTimestamp value) => writer.Write(value);

    public MessagePackTimestamp Read(ref MessagePackReader reader) => reader.ReadTimestamp();
}
