using System.Buffers;
using System.Buffers.Binary;
using Feed.Mongo.Bson;
using Feed.Mongo.Wire;

namespace Feed.Mongo.Tests.Wire;

/// <summary>OP_MSG framing on raw bytes (hex), and frames that must be rejected.</summary>
public sealed class OpMsgTests
{
    // { ping: 1, $db: "admin" } as request 7.
    private const string PingFrame =
        "33000000" + "07000000" + "00000000" + "DD070000" + "00000000" + "00" +
        "1E000000" + "1070696E670001000000" + "022464620006000000" + "61646D696E00" + "00";

    [Fact]
    public void Writes_a_body_section_with_db()
    {
        using var buffer = new BsonBuffer();
        OpMsgWriter.Write(buffer, 7, OpMsgFlags.None, new BsonDocument("ping", 1), "admin");
        Assert.Equal(PingFrame, Convert.ToHexString(buffer.WrittenSpan));
    }

    [Fact]
    public void Writes_and_reads_document_sequences()
    {
        using var buffer = new BsonBuffer();
        var docs = new ReadOnlyMemory<byte>[] { BsonSerializer.Serialize(new BsonDocument("a", 1)), BsonSerializer.Serialize(new BsonDocument("a", 2)) };
        OpMsgWriter.Write(buffer, 9, OpMsgFlags.None, new BsonDocument("insert", "c"), "db", [new DocumentSequence("documents", docs)]);

        var reply = OpMsgReader.Parse(buffer.WrittenSpan);
        Assert.Equal(9, reply.RequestId);
        Assert.Equal(new BsonDocument { { "insert", "c" }, { "$db", "db" } }, reply.Body);
        Assert.Equal([new BsonDocument("a", 1), new BsonDocument("a", 2)], reply.Sequences["documents"]);
    }

    [Fact]
    public void TryParse_waits_for_a_whole_frame_and_consumes_exactly_one()
    {
        var frame = Convert.FromHexString(PingFrame);
        var twoFrames = frame.Concat(frame).ToArray();
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(frame, 0, cut);
            Assert.False(OpMsgReader.TryParse(ref partial, 1 << 20, out _));
            Assert.Equal(cut, partial.Length);
        }
        var input = new ReadOnlySequence<byte>(twoFrames);
        Assert.True(OpMsgReader.TryParse(ref input, 1 << 20, out var first));
        Assert.Equal(frame.Length, input.Length);
        Assert.Equal(1, first.Body["ping"].AsInt32);
    }

    [Fact]
    public void Checksum_is_verified_when_present()
    {
        var frame = WithChecksum(Convert.FromHexString(PingFrame));
        Assert.Equal(1, OpMsgReader.Parse(frame).Body["ping"].AsInt32);
        frame[^1] ^= 0xFF;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => OpMsgReader.Parse(frame)).Message);
    }

    [Theory]
    [InlineData("DD070000", "04000000", "flag")]      // unknown required flag bit 2
    [InlineData("D4070000", "00000000", "opcode")]    // OP_QUERY reply
    public void Bad_header_fields_are_rejected(string opCode, string flags, string expected)
    {
        var hex = PingFrame[..24] + opCode + flags + PingFrame[40..];
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => OpMsgReader.Parse(Convert.FromHexString(hex))).Message);
    }

    [Theory]
    [InlineData("05000000")] // shorter than any OP_MSG
    [InlineData("FFFFFF7F")] // larger than the limit
    public void Bad_lengths_are_rejected(string lengthHex)
    {
        var input = new ReadOnlySequence<byte>(Convert.FromHexString(lengthHex + PingFrame[8..]));
        Assert.Throws<InvalidDataException>(() => OpMsgReader.TryParse(ref input, 1 << 20, out _));
    }

    [Fact]
    public void Unknown_section_kind_is_rejected()
    {
        var badKind = Convert.FromHexString(PingFrame);
        badKind[20] = 2;
        Assert.Throws<InvalidDataException>(() => OpMsgReader.Parse(badKind));
    }

    private static byte[] WithChecksum(byte[] frame)
    {
        var result = new byte[frame.Length + 4];
        frame.CopyTo(result, 0);
        BinaryPrimitives.WriteInt32LittleEndian(result, result.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(16), (uint)OpMsgFlags.ChecksumPresent);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(frame.Length), Crc32C.Compute(result.AsSpan(0, frame.Length)));
        return result;
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }
}
