using Feed.Mongo.Bson;

namespace Feed.Mongo.Tests.Bson;

/// <summary>Table-driven encodings of single-element documents, checked byte for byte.</summary>
public sealed class BsonWriterTests
{
    public static TheoryData<string, BsonValue, string> Elements => new()
    {
        { "int32", 1, "0C0000001078000100000000" },
        { "int64", 1L, "10000000127800010000000000000000" },
        { "double", 1.0, "10000000017800000000000000F03F00" },
        { "string", "b", "0E000000027800020000006200" + "00" },
        { "true", true, "090000000878000100" },
        { "null", BsonNull.Value, "080000000A780000" },
        { "datetime", new BsonDateTime(0L), "10000000097800000000000000000000" },
        { "oid", ObjectId.Parse("56e1fc72e0c917e9c4714161"), "1400000007780056E1FC72E0C917E9C471416100" },
        { "binary", new byte[] { 0xFF, 0xFF }, "0F0000000578000200000000FFFF00" },
        { "document", new BsonDocument("y", 1), "140000000378000C000000107900010000000000" },
        { "array", new BsonArray { 1 }, "140000000478000C000000103000010000000000" },
    };

    [Theory]
    [MemberData(nameof(Elements))]
    public void Encodes_each_type(string what, BsonValue value, string hex)
    {
        var bytes = BsonSerializer.Serialize(new BsonDocument("x", value));
        Assert.True(hex == Convert.ToHexString(bytes), what);
        Assert.Equal(value, BsonSerializer.Deserialize(bytes)["x"]);
    }

    [Fact]
    public void Streaming_writer_matches_the_model()
    {
        using var buffer = new BsonBuffer();
        var writer = new BsonWriter(buffer);
        var doc = writer.StartDocument();
        writer.WriteString("a", "é");
        var inner = writer.StartArray("b");
        writer.WriteInt64(BsonWriter.IndexName(0), 5);
        writer.EndDocument(inner);
        writer.WriteDateTime("c", 1_700_000_000_000);
        writer.EndDocument(doc);

        var model = new BsonDocument { { "a", "é" }, { "b", new BsonArray { 5L } }, { "c", new BsonDateTime(1_700_000_000_000) } };
        Assert.Equal(BsonSerializer.Serialize(model), buffer.ToArray());
    }

    [Fact]
    public void Names_with_nul_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BsonSerializer.Serialize(new BsonDocument("a\0b", 1)));
    }
}
