using System.Buffers;
using System.Buffers.Binary;
using Feed.Mongo.Bson;

namespace Feed.Mongo.Wire;

/// <summary>Parses OP_MSG frames from a byte stream (see <see cref="OpMsgWriter"/> for the layout).</summary>
internal static class OpMsgReader
{
    private const int MinimumLength = OpMsgWriter.HeaderSize + 4 + 1 + 5;

    /// <summary>
    /// Takes one whole message off the front of <paramref name="input"/>; false (input
    /// untouched) when the message is not complete yet. Malformed frames throw
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> input, int maxMessageSize, out OpMsgReply reply)
    {
        reply = null!;
        if (input.Length < 4)
        {
            return false;
        }
        Span<byte> lengthBytes = stackalloc byte[4];
        input.Slice(0, 4).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length < MinimumLength || length > maxMessageSize)
        {
            throw new InvalidDataException($"OP_MSG length {length} is outside {MinimumLength}..{maxMessageSize}");
        }
        if (input.Length < length)
        {
            return false;
        }
        var frame = input.Slice(0, length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(rented);
            reply = Parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        input = input.Slice(length);
        return true;
    }

    /// <summary>Parses one complete frame.</summary>
    public static OpMsgReply Parse(ReadOnlySpan<byte> frame)
    {
        var opCode = BinaryPrimitives.ReadInt32LittleEndian(frame[12..]);
        if (opCode != OpMsgWriter.OpCode)
        {
            throw new InvalidDataException($"expected OP_MSG (opcode 2013), got opcode {opCode}");
        }
        var flags = (OpMsgFlags)BinaryPrimitives.ReadUInt32LittleEndian(frame[16..]);
        var unknownRequired = flags & OpMsgFlags.RequiredMask & ~OpMsgFlags.KnownRequired;
        if (unknownRequired != 0)
        {
            throw new InvalidDataException($"OP_MSG sets unknown required flag bits 0x{(uint)unknownRequired:X}");
        }
        var sections = frame[20..];
        if ((flags & OpMsgFlags.ChecksumPresent) != 0)
        {
            sections = VerifyChecksum(frame);
        }
        var (body, sequences) = ParseSections(sections);
        return new OpMsgReply(BinaryPrimitives.ReadInt32LittleEndian(frame[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(frame[8..]), flags, body, sequences);
    }

    private static ReadOnlySpan<byte> VerifyChecksum(ReadOnlySpan<byte> frame)
    {
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(frame[^4..]);
        var actual = Crc32C.Compute(frame[..^4]);
        if (expected != actual)
        {
            throw new InvalidDataException($"OP_MSG checksum mismatch: frame says {expected:X8}, content is {actual:X8}");
        }
        return frame[20..^4];
    }

    private static (BsonDocument Body, Dictionary<string, IReadOnlyList<BsonDocument>> Sequences) ParseSections(ReadOnlySpan<byte> sections)
    {
        BsonDocument? body = null;
        var sequences = new Dictionary<string, IReadOnlyList<BsonDocument>>(StringComparer.Ordinal);
        while (!sections.IsEmpty)
        {
            var kind = sections[0];
            sections = sections[1..];
            var size = DocumentLength(sections, kind);
            if (kind == 0)
            {
                body = body is null ? BsonSerializer.Deserialize(sections[..size])
                    : throw new InvalidDataException("OP_MSG has more than one body section");
            }
            else if (kind == 1)
            {
                var (identifier, documents) = ParseSequence(sections[..size]);
                sequences[identifier] = documents;
            }
            sections = sections[size..];
        }
        return (body ?? throw new InvalidDataException("OP_MSG has no body section"), sequences);
    }

    private static int DocumentLength(ReadOnlySpan<byte> sections, byte kind)
    {
        if (kind > 1)
        {
            throw new InvalidDataException($"OP_MSG section kind {kind} is unknown");
        }
        if (sections.Length < 5)
        {
            throw new InvalidDataException("OP_MSG section is truncated");
        }
        var size = BinaryPrimitives.ReadInt32LittleEndian(sections);
        if (size < 5 || size > sections.Length)
        {
            throw new InvalidDataException($"OP_MSG section size {size} exceeds the {sections.Length} bytes left");
        }
        return size;
    }

    private static (string Identifier, List<BsonDocument> Documents) ParseSequence(ReadOnlySpan<byte> section)
    {
        var rest = section[4..];
        var nul = rest.IndexOf((byte)0);
        if (nul < 0)
        {
            throw new InvalidDataException("OP_MSG document sequence identifier is not NUL-terminated");
        }
        var identifier = System.Text.Encoding.UTF8.GetString(rest[..nul]);
        rest = rest[(nul + 1)..];
        var documents = new List<BsonDocument>();
        while (!rest.IsEmpty)
        {
            var size = rest.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(rest) : -1;
            if (size < 5 || size > rest.Length)
            {
                throw new InvalidDataException($"document in sequence '{identifier}' has bad length {size}");
            }
            documents.Add(BsonSerializer.Deserialize(rest[..size]));
            rest = rest[size..];
        }
        return (identifier, documents);
    }
}
