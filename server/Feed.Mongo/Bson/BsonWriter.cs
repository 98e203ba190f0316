using System.Text;

namespace Feed.Mongo.Bson;

/// <summary>
/// Writes BSON straight into a <see cref="BsonBuffer"/> without building a document model:
/// the hot-path writer. A document is framed by <see cref="StartDocument()"/>, which returns
/// its start offset, and <see cref="EndDocument"/>, which patches the length:
/// <code>var doc = w.StartDocument(); w.WriteString("text", t); w.EndDocument(doc);</code>
/// </summary>
public readonly partial struct BsonWriter(BsonBuffer buffer)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly string[] SmallIndexNames = Enumerable.Range(0, 64).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public BsonBuffer Buffer { get; } = buffer;

    public int StartDocument()
    {
        var start = Buffer.WrittenCount;
        Buffer.WriteInt32(0);
        return start;
    }

    public int StartDocument(string name)
    {
        WriteHeader(BsonType.Document, name);
        return StartDocument();
    }

    public int StartArray(string name)
    {
        WriteHeader(BsonType.Array, name);
        return StartDocument();
    }

    public void EndDocument(int start)
    {
        Buffer.WriteByte(0);
        Buffer.PatchInt32(start, Buffer.WrittenCount - start);
    }

    /// <summary>The element name of array item <paramref name="index"/>.</summary>
    public static string IndexName(int index) =>
        index < SmallIndexNames.Length ? SmallIndexNames[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void WriteDouble(string name, double value)
    {
        WriteHeader(BsonType.Double, name);
        Buffer.WriteInt64(BitConverter.DoubleToInt64Bits(value));
    }

    public void WriteString(string name, string value)
    {
        WriteHeader(BsonType.String, name);
        WriteStringBody(value);
    }

    public void WriteInt32(string name, int value)
    {
        WriteHeader(BsonType.Int32, name);
        Buffer.WriteInt32(value);
    }

    public void WriteInt64(string name, long value)
    {
        WriteHeader(BsonType.Int64, name);
        Buffer.WriteInt64(value);
    }

    public void WriteBoolean(string name, bool value)
    {
        WriteHeader(BsonType.Boolean, name);
        Buffer.WriteByte(value ? (byte)1 : (byte)0);
    }

    public void WriteNull(string name) => WriteHeader(BsonType.Null, name);

    public void WriteDateTime(string name, long millisecondsSinceEpoch)
    {
        WriteHeader(BsonType.DateTime, name);
        Buffer.WriteInt64(millisecondsSinceEpoch);
    }

    public void WriteObjectId(string name, ObjectId value)
    {
        WriteHeader(BsonType.ObjectId, name);
        value.WriteTo(Buffer.GetSpan(ObjectId.Size));
        Buffer.Advance(ObjectId.Size);
    }

    public void WriteBinary(string name, ReadOnlySpan<byte> bytes, byte subtype = BsonBinary.GenericSubtype)
    {
        WriteHeader(BsonType.Binary, name);
        WriteBinaryBody(bytes, subtype);
    }

    /// <summary>Copies an already encoded document as an embedded document element.</summary>
    public void WriteRawDocument(string name, ReadOnlySpan<byte> document)
    {
        WriteHeader(BsonType.Document, name);
        Buffer.Write(document);
    }

    public void WriteHeader(BsonType type, string name)
    {
        Buffer.WriteByte((byte)type);
        WriteCString(name);
    }

    public void WriteCString(string value)
    {
        var span = Buffer.GetSpan(StrictUtf8.GetMaxByteCount(value.Length) + 1);
        var length = StrictUtf8.GetBytes(value, span);
        if (span[..length].Contains((byte)0))
        {
            throw new ArgumentException($"BSON names and regex parts cannot contain a NUL character: '{value.Replace("\0", "\\0", StringComparison.Ordinal)}'");
        }
        span[length] = 0;
        Buffer.Advance(length + 1);
    }

    public void WriteStringBody(string value)
    {
        var span = Buffer.GetSpan(StrictUtf8.GetMaxByteCount(value.Length) + 5);
        var length = StrictUtf8.GetBytes(value, span[4..]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span, length + 1);
        span[4 + length] = 0;
        Buffer.Advance(length + 5);
    }
}
