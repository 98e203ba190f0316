namespace Feed.MessagePack;

/// <summary>
/// <c>object</c>: writes whatever the runtime type's formatter writes; reads any value as
/// null, bool, int (long/ulong when larger), float/double, string, byte[], DateTime
/// (timestamps), <see cref="MessagePackExtension"/>, <c>List&lt;object?&gt;</c> or
/// <c>Dictionary&lt;string, object?&gt;</c>.
/// </summary>
internal sealed class ObjectFormatter(MessagePackFormatterResolver resolver) : IMessagePackFormatter<object?>
{
    public void Write(ref MessagePackWriter writer, object? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        var formatter = resolver.Get(value.GetType());
        if (formatter == this)
        {
            throw new InvalidOperationException("A plain System.Object has no MessagePack representation.");
        }
        formatter.WriteObject(ref writer, value);
    }

    public object? Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return ReadInteger(ref reader);
            case MessagePackType.Float:
                return ReadFloat(ref reader);
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Binary:
                return reader.ReadBinary();
            case MessagePackType.Array:
                return ReadList(ref reader);
            case MessagePackType.Map:
                return ReadMap(ref reader);
            default:
                return ReadExtension(ref reader);
        }
    }

    private static object ReadInteger(ref MessagePackReader reader)
    {
        if (reader.NextCode == MessagePackCode.UInt64)
        {
            var large = reader.ReadUInt64();
            return large <= long.MaxValue ? (object)(long)large : large;
        }
        var value = reader.ReadInt64();
        return value is >= int.MinValue and <= int.MaxValue ? (object)(int)value : value;
    }

    private static object ReadFloat(ref MessagePackReader reader)
    {
        var isSingle = reader.NextCode == MessagePackCode.Float32;
        return isSingle ? (object)reader.ReadSingle() : reader.ReadDouble();
    }

    private List<object?> ReadList(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        reader.IncreaseDepth();
        var list = new List<object?>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Read(ref reader));
        }
        reader.DecreaseDepth();
        return list;
    }

    private Dictionary<string, object?> ReadMap(ref MessagePackReader reader)
    {
        var count = reader.ReadMapHeader();
        reader.IncreaseDepth();
        var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (reader.NextType != MessagePackType.String)
            {
                throw new InvalidDataException($"Maps read as object need string keys (offset {reader.Consumed}).");
            }
            var key = reader.ReadString();
            map[key] = Read(ref reader);
        }
        reader.DecreaseDepth();
        return map;
    }

    private static object ReadExtension(ref MessagePackReader reader)
    {
        var peek = reader;
        if (peek.ReadExtensionHeader().TypeCode == MessagePackCode.TimestampExtension)
        {
            return reader.ReadDateTime();
        }
        return reader.ReadExtension();
    }
}
