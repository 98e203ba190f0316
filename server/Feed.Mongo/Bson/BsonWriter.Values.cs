using System.Buffers.Binary;

namespace Feed.Mongo.Bson;

// Writing the document model: every BSON type.
public readonly partial struct BsonWriter
{
    /// <summary>Writes a whole top-level document.</summary>
    public void WriteDocument(BsonDocument document)
    {
        var start = StartDocument();
        foreach (var element in document)
        {
            WriteValue(element.Name, element.Value);
        }
        EndDocument(start);
    }

    public void WriteArray(BsonArray array)
    {
        var start = StartDocument();
        for (var i = 0; i < array.Count; i++)
        {
            WriteValue(IndexName(i), array[i]);
        }
        EndDocument(start);
    }

    public void WriteValue(string name, BsonValue value)
    {
        WriteHeader(value.Type, name);
        WriteValueBody(value);
    }

    private void WriteValueBody(BsonValue value)
    {
        switch (value)
        {
            case BsonDouble d: Buffer.WriteInt64(BitConverter.DoubleToInt64Bits(d.Value)); break;
            case BsonString s: WriteStringBody(s.Value); break;
            case BsonDocument doc: WriteDocument(doc); break;
            case BsonArray array: WriteArray(array); break;
            case BsonBinary binary: WriteBinaryBody(binary.Bytes, binary.Subtype); break;
            case BsonObjectId oid: oid.Value.WriteTo(Buffer.GetSpan(ObjectId.Size)); Buffer.Advance(ObjectId.Size); break;
            case BsonBoolean b: Buffer.WriteByte(b.Value ? (byte)1 : (byte)0); break;
            case BsonDateTime dt: Buffer.WriteInt64(dt.MillisecondsSinceEpoch); break;
            case BsonNull or BsonMarker: break;
            case BsonRegularExpression regex: WriteCString(regex.Pattern); WriteCString(regex.Options); break;
            case BsonDbPointer pointer: WriteDbPointerBody(pointer); break;
            case BsonJavaScript code: WriteStringBody(code.Code); break;
            case BsonSymbol symbol: WriteStringBody(symbol.Name); break;
            case BsonJavaScriptWithScope scoped: WriteCodeWithScopeBody(scoped); break;
            case BsonInt32 i: Buffer.WriteInt32(i.Value); break;
            case BsonTimestamp ts: Buffer.WriteInt64((long)(((ulong)ts.Seconds << 32) | ts.Increment)); break;
            case BsonInt64 l: Buffer.WriteInt64(l.Value); break;
            case BsonDecimal128 dec: WriteDecimalBody(dec); break;
            default: throw new ArgumentException($"unknown BSON value type {value.GetType().Name}");
        }
    }

    private void WriteBinaryBody(ReadOnlySpan<byte> bytes, byte subtype)
    {
        if (subtype == BsonBinary.OldBinarySubtype)
        {
            // The deprecated subtype repeats the length inside the payload.
            Buffer.WriteInt32(bytes.Length + 4);
            Buffer.WriteByte(subtype);
            Buffer.WriteInt32(bytes.Length);
        }
        else
        {
            Buffer.WriteInt32(bytes.Length);
            Buffer.WriteByte(subtype);
        }
        Buffer.Write(bytes);
    }

    private void WriteDbPointerBody(BsonDbPointer pointer)
    {
        WriteStringBody(pointer.Namespace);
        pointer.Id.WriteTo(Buffer.GetSpan(ObjectId.Size));
        Buffer.Advance(ObjectId.Size);
    }

    private void WriteCodeWithScopeBody(BsonJavaScriptWithScope scoped)
    {
        var start = StartDocument(); // the int32 total length, patched below
        WriteStringBody(scoped.Code);
        WriteDocument(scoped.Scope);
        Buffer.PatchInt32(start, Buffer.WrittenCount - start);
    }

    private void WriteDecimalBody(BsonDecimal128 dec)
    {
        var span = Buffer.GetSpan(16);
        BinaryPrimitives.WriteUInt64LittleEndian(span, dec.LowBits);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], dec.HighBits);
        Buffer.Advance(16);
    }
}
