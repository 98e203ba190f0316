using System.Buffers.Binary;
using System.Text;

namespace Feed.Mongo.Bson;

/// <summary>
/// Decodes BSON from a span into the document model. Every read is bounds-checked against the
/// innermost enclosing length (so a nested value can never eat its parent's terminator) and
/// malformed input throws <see cref="InvalidDataException"/> saying what is wrong and where.
/// </summary>
internal ref struct BsonReader
{
    private const int MaxDepth = 100;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;

    private BsonReader(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>Reads one document that must span <paramref name="data"/> exactly.</summary>
    public static BsonDocument ReadDocument(ReadOnlySpan<byte> data)
    {
        var reader = new BsonReader(data);
        if (data.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(data) != data.Length)
        {
            throw Malformed(0, $"document length {BinaryPrimitives.ReadInt32LittleEndian(data)} does not match the {data.Length} bytes given");
        }
        return reader.ReadDocumentValue(data.Length);
    }

    private BsonDocument ReadDocumentValue(int limit)
    {
        var start = _position;
        var end = ReadLength("document", limit, minimum: 5);
        if (++_depth > MaxDepth)
        {
            throw Malformed(start, $"documents nested deeper than {MaxDepth} levels");
        }
        var document = new BsonDocument();
        while (true)
        {
            if (_position >= end)
            {
                throw Malformed(_position, "document is missing its 0x00 terminator");
            }
            var type = _data[_position++];
            if (type == 0)
            {
                if (_position != end)
                {
                    throw Malformed(_position, $"document terminator found {end - _position} bytes before its stated end");
                }
                _depth--;
                return document;
            }
            var name = ReadCString(end);
            document.Add(name, ReadValue(type, name, end));
        }
    }

    private BsonValue ReadValue(byte type, string name, int limit) => (BsonType)type switch
    {
        BsonType.Double => new BsonDouble(BitConverter.Int64BitsToDouble(ReadInt64(limit))),
        BsonType.String => new BsonString(ReadString(limit)),
        BsonType.Document => ReadDocumentValue(limit),
        BsonType.Array => new BsonArray(ReadDocumentValue(limit).Select(e => e.Value)),
        BsonType.Binary => ReadBinary(limit),
        BsonType.Undefined => BsonMarker.Undefined,
        BsonType.ObjectId => new BsonObjectId(ReadObjectId(limit)),
        BsonType.Boolean => ReadBoolean(limit),
        BsonType.DateTime => new BsonDateTime(ReadInt64(limit)),
        BsonType.Null => BsonNull.Value,
        BsonType.RegularExpression => new BsonRegularExpression(ReadCString(limit), ReadCString(limit)),
        BsonType.DbPointer => new BsonDbPointer(ReadString(limit), ReadObjectId(limit)),
        BsonType.JavaScript => new BsonJavaScript(ReadString(limit)),
        BsonType.Symbol => new BsonSymbol(ReadString(limit)),
        BsonType.JavaScriptWithScope => ReadCodeWithScope(limit),
        BsonType.Int32 => new BsonInt32(BinaryPrimitives.ReadInt32LittleEndian(Take(4, limit, "int32"))),
        BsonType.Timestamp => ReadTimestamp(limit),
        BsonType.Int64 => new BsonInt64(ReadInt64(limit)),
        BsonType.Decimal128 => ReadDecimal(limit),
        BsonType.MaxKey => BsonMarker.MaxKey,
        BsonType.MinKey => BsonMarker.MinKey,
        _ => throw Malformed(_position, $"unknown element type 0x{type:X2} for '{name}'"),
    };

    private BsonValue ReadBinary(int limit)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(Take(4, limit, "binary length"));
        if (length < 0)
        {
            throw Malformed(_position - 4, $"negative binary length {length}");
        }
        var subtype = Take(1, limit, "binary subtype")[0];
        var payload = Take(length, limit, "binary payload");
        if (subtype != BsonBinary.OldBinarySubtype)
        {
            return new BsonBinary(payload.ToArray(), subtype);
        }
        if (length < 4 || BinaryPrimitives.ReadInt32LittleEndian(payload) != length - 4)
        {
            throw Malformed(_position - length, "binary subtype 0x02 inner length does not match its outer length");
        }
        return new BsonBinary(payload[4..].ToArray(), subtype);
    }

    private BsonValue ReadBoolean(int limit) => Take(1, limit, "boolean")[0] switch
    {
        0 => BsonBoolean.False,
        1 => BsonBoolean.True,
        var other => throw Malformed(_position - 1, $"boolean byte must be 0 or 1, got {other}"),
    };

    private BsonValue ReadCodeWithScope(int limit)
    {
        var start = _position;
        var end = ReadLength("code with scope", limit, minimum: 14);
        var code = ReadString(end);
        var scope = ReadDocumentValue(end);
        if (_position != end)
        {
            throw Malformed(start, "code with scope length does not match its code and scope");
        }
        return new BsonJavaScriptWithScope(code, scope);
    }

    private BsonValue ReadTimestamp(int limit)
    {
        var raw = (ulong)ReadInt64(limit);
        return new BsonTimestamp((uint)(raw >> 32), (uint)raw);
    }

    private BsonValue ReadDecimal(int limit)
    {
        var bytes = Take(16, limit, "decimal128");
        return new BsonDecimal128(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }

    private ObjectId ReadObjectId(int limit) => new(Take(ObjectId.Size, limit, "ObjectId"));

    private long ReadInt64(int limit) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, limit, "8-byte value"));

    /// <summary>Reads an int32 length that counts itself; returns the absolute end offset.</summary>
    private int ReadLength(string what, int limit, int minimum)
    {
        var start = _position;
        var length = BinaryPrimitives.ReadInt32LittleEndian(Take(4, limit, what + " length"));
        if (length < minimum || length > limit - start)
        {
            throw Malformed(start, $"{what} length {length} is outside 1..{limit - start} bytes available (minimum {minimum})");
        }
        return start + length;
    }

    private string ReadString(int limit)
    {
        var start = _position;
        var length = BinaryPrimitives.ReadInt32LittleEndian(Take(4, limit, "string length"));
        if (length < 1 || length > limit - _position)
        {
            throw Malformed(start, $"string length {length} is outside 1..{limit - _position}");
        }
        var bytes = Take(length, limit, "string");
        if (bytes[^1] != 0)
        {
            throw Malformed(start, "string is not NUL-terminated");
        }
        return Decode(bytes[..^1], start);
    }

    private string ReadCString(int limit)
    {
        var start = _position;
        var length = _data[start..limit].IndexOf((byte)0);
        if (length < 0)
        {
            throw Malformed(start, "name or cstring runs past its document without a NUL");
        }
        _position += length + 1;
        return Decode(_data.Slice(start, length), start);
    }

    private string Decode(ReadOnlySpan<byte> utf8, int offset)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed(offset, "invalid UTF-8 in string");
        }
    }

    private ReadOnlySpan<byte> Take(int count, int limit, string what)
    {
        if (count > limit - _position)
        {
            throw Malformed(_position, $"{what} needs {count} bytes but only {limit - _position} remain");
        }
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static InvalidDataException Malformed(int offset, string problem) =>
        new($"Malformed BSON at offset {offset}: {problem}");
}
