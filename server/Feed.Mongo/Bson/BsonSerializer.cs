using System.Buffers;

namespace Feed.Mongo.Bson;

/// <summary>Encodes and decodes whole documents.</summary>
public static class BsonSerializer
{
    public static byte[] Serialize(BsonDocument document)
    {
        using var buffer = new BsonBuffer();
        new BsonWriter(buffer).WriteDocument(document);
        return buffer.ToArray();
    }

    /// <summary>Encodes into any buffer writer (the document is framed in a pooled buffer first).</summary>
    public static void Serialize(BsonDocument document, IBufferWriter<byte> output)
    {
        if (output is BsonBuffer direct)
        {
            new BsonWriter(direct).WriteDocument(document);
            return;
        }
        using var buffer = new BsonBuffer();
        new BsonWriter(buffer).WriteDocument(document);
        output.Write(buffer.WrittenSpan);
    }

    /// <summary>Decodes exactly one document spanning <paramref name="bson"/>; throws
    /// <see cref="InvalidDataException"/> naming the problem if it is malformed.</summary>
    public static BsonDocument Deserialize(ReadOnlySpan<byte> bson)
    {
        if (bson.Length < 5)
        {
            throw new InvalidDataException($"Malformed BSON: {bson.Length} bytes is shorter than the smallest document (5)");
        }
        return BsonReader.ReadDocument(bson);
    }
}
