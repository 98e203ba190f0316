using Feed.Testing;

namespace Feed.MessagePack.Tests;

/// <summary>Truncated, oversized and deeply nested input: always InvalidDataException, never a crash or a huge allocation.</summary>
public sealed class MalformedInputTests
{
    /// <summary>One complete value of every format family and width.</summary>
    public static readonly TheoryData<string> CompleteValues = new()
    {
        "cc80", "cd0100", "ce00010000", "cf0000000100000000", "d0df", "d1ff7f", "d280000000",
        "d38000000000000000", "ca3fc00000", "cb3ff8000000000000", "a3616263", "d903616263",
        "da0003616263", "db00000003616263", "c403010203", "c50003010203", "c600000003010203",
        "92a161c3", "dc0002c0c0", "dd00000002c0c0", "81a161c2", "de0001a161c2", "df00000001a161c2",
        "d40501", "d5050102", "d60501020304", "d7050102030405060708", "d805" + "0102030405060708090a0b0c0d0e0f10",
        "c70305010203", "c8000305010203", "c90000000305010203", "d6ff00000001", "c70cff000001f4ffffffffffffffff",
        "93" + "81a16192c0c2" + "c403aabbcc" + "a0",
    };

    [Theory]
    [MemberData(nameof(CompleteValues))]
    public void EveryTruncationIsRejected(string hex)
    {
        var bytes = Bytes.FromHex(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            var error = Assert.Throws<InvalidDataException>(() => Bytes.Read(Segments.Split(prefix, 2), (ref MessagePackReader r) =>
            {
                r.Skip();
                return 0;
            }));
            Assert.Contains("remain", error.Message); // "ended unexpectedly ... remain" or "declares N element(s) but only M byte(s) remain"
        }
        Bytes.Read(Segments.Split(bytes, 2), (ref MessagePackReader r) =>
        {
            r.Skip();
            return 0;
        });
    }

    [Theory]
    [InlineData("ce0001")]
    [InlineData("a3616")]
    [InlineData("d9")]
    [InlineData("c40301")]
    [InlineData("d6ff0000")]
    [InlineData("c70cff00000000")]
    [InlineData("cb3ff8")]
    public void TruncatedTypedReadsAreRejected(string hex)
    {
        var bytes = Bytes.FromHex(hex.Length % 2 == 0 ? hex : hex + "0")[..(hex.Length / 2)];
        Assert.Throws<InvalidDataException>(() => Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(bytes), (ref MessagePackReader r) =>
            r.NextType switch
            {
                MessagePackType.String => r.ReadString(),
                MessagePackType.Binary => r.ReadBinary().Length.ToString(),
                MessagePackType.Extension => r.ReadTimestamp().ToString(),
                MessagePackType.Float => r.ReadDouble().ToString(),
                _ => r.ReadInt64().ToString(),
            }));
    }

    [Theory]
    [InlineData("dbffffffff", "string")]
    [InlineData("da8000", "string")]
    [InlineData("c6ffffffff", "binary")]
    [InlineData("c9ffffffff01", "extension")]
    [InlineData("ddffffffff", "array")]
    [InlineData("dc8000", "array")]
    [InlineData("dfffffffff", "map")]
    [InlineData("de0001c0", "map")]
    public void DeclaredLengthsLargerThanTheInputAreRejectedWithoutAllocating(string hex, string kind)
    {
        var bytes = Bytes.FromHex(hex);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(bytes), (ref MessagePackReader r) =>
            kind switch
            {
                "string" => r.ReadString().Length,
                "binary" => r.ReadBinary().Length,
                "extension" => r.ReadExtension().Data.Length,
                "array" => r.ReadArrayHeader(),
                _ => r.ReadMapHeader(),
            }));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "a huge buffer was allocated");
        Assert.Contains(kind, error.Message);

        var resolver = new MessagePackFormatterResolver([]);
        Assert.Throws<InvalidDataException>(() => Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(bytes), (ref MessagePackReader r) =>
            resolver.Deserialize(ref r, typeof(object))));
        Assert.Throws<InvalidDataException>(() => Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(bytes), (ref MessagePackReader r) =>
            resolver.Deserialize(ref r, typeof(List<string>))));
    }

    [Fact]
    public void NestingBeyondTheDepthLimitIsRejected()
    {
        var resolver = new MessagePackFormatterResolver([]);
        var deep = Enumerable.Repeat((byte)0x91, 1000).Append((byte)0xc0).ToArray();
        var error = Assert.Throws<InvalidDataException>(() =>
            Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(deep), (ref MessagePackReader r) => resolver.Deserialize(ref r, typeof(object))));
        Assert.Contains("nested deeper than the limit of 64", error.Message);

        var deepMaps = Enumerable.Repeat(Bytes.FromHex("81a161"), 1000).SelectMany(b => b).Append((byte)0xc0).ToArray();
        Assert.Throws<InvalidDataException>(() =>
            Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(deepMaps), (ref MessagePackReader r) => resolver.Deserialize(ref r, typeof(object))));

        var shallow = Enumerable.Repeat((byte)0x91, 60).Append((byte)0xc0).ToArray();
        Assert.NotNull(Bytes.Read(new System.Buffers.ReadOnlySequence<byte>(shallow), (ref MessagePackReader r) => resolver.Deserialize(ref r, typeof(object))));
    }
}
