using Feed.Mongo.Bson;

namespace Feed.Mongo.Wire;

/// <summary>
/// Frames an OP_MSG (opcode 2013):
/// <code>
/// int32 messageLength | int32 requestID | int32 responseTo | int32 opCode=2013
/// uint32 flagBits
/// kind 0: byte 0, body document (the command, with "$db")
/// kind 1: byte 1, int32 size, cstring identifier, documents...   (zero or more)
/// [uint32 CRC-32C if checksumPresent; we never send one]
/// </code>
/// </summary>
internal static class OpMsgWriter
{
    public const int OpCode = 2013;
    public const int HeaderSize = 16;

    public static void Write(BsonBuffer buffer, int requestId, OpMsgFlags flags, BsonDocument command,
        string database, IReadOnlyList<DocumentSequence>? sequences = null)
    {
        var start = buffer.WrittenCount;
        buffer.WriteInt32(0);
        buffer.WriteInt32(requestId);
        buffer.WriteInt32(0);
        buffer.WriteInt32(OpCode);
        buffer.WriteInt32((int)flags);
        buffer.WriteByte(0);
        WriteBody(new BsonWriter(buffer), command, database);
        foreach (var sequence in sequences ?? [])
        {
            WriteSequence(buffer, sequence);
        }
        buffer.PatchInt32(start, buffer.WrittenCount - start);
    }

    /// <summary>The command's elements plus "$db", so the caller's document is never mutated.</summary>
    private static void WriteBody(BsonWriter writer, BsonDocument command, string database)
    {
        var body = writer.StartDocument();
        foreach (var element in command)
        {
            writer.WriteValue(element.Name, element.Value);
        }
        if (!command.Contains("$db"))
        {
            writer.WriteString("$db", database);
        }
        writer.EndDocument(body);
    }

    private static void WriteSequence(BsonBuffer buffer, DocumentSequence sequence)
    {
        buffer.WriteByte(1);
        var sizeAt = buffer.WrittenCount;
        buffer.WriteInt32(0);
        new BsonWriter(buffer).WriteCString(sequence.Identifier);
        foreach (var document in sequence.Documents)
        {
            buffer.Write(document.Span);
        }
        buffer.PatchInt32(sizeAt, buffer.WrittenCount - sizeAt);
    }
}
