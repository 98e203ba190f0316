using System.Buffers;
using Feed.Testing;

namespace Feed.MessagePack.Tests;

/// <summary>The reader on raw bytes: every format family, the edges of every width, and non-minimal encodings.</summary>
public sealed class ReaderTests
{
    [Theory]
    [InlineData("00", 0L)]
    [InlineData("7f", 127L)]
    [InlineData("cc80", 128L)]
    [InlineData("ccff", 255L)]
    [InlineData("cd0100", 256L)]
    [InlineData("cdffff", 65535L)]
    [InlineData("ce00010000", 65536L)]
    [InlineData("ceffffffff", 4294967295L)]
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("ff", -1L)]
    [InlineData("e0", -32L)]
    [InlineData("d0df", -33L)]
    [InlineData("d080", -128L)]
    [InlineData("d1ff7f", -129L)]
    [InlineData("d18000", -32768L)]
    [InlineData("d280000000", -2147483648L)]
    [InlineData("d38000000000000000", long.MinValue)]
    [InlineData("cc01", 1L)] // not minimal, still valid
    [InlineData("cf0000000000000001", 1L)]
    [InlineData("d3ffffffffffffffff", -1L)]
    [InlineData("d07f", 127L)]
    public void Int64(string hex, long expected)
    {
        Assert.Equal(expected, Bytes.Read(hex, (ref MessagePackReader r) => r.ReadInt64()));
        Assert.Equal(expected, Bytes.Read(Segments.Split(Bytes.FromHex(hex), 1), (ref MessagePackReader r) => r.ReadInt64()));
    }

    [Theory]
    [InlineData("cfffffffffffffffff", ulong.MaxValue)]
    [InlineData("cf8000000000000000", 9223372036854775808UL)]
    [InlineData("ceffffffff", 4294967295UL)]
    [InlineData("00", 0UL)]
    public void UInt64(string hex, ulong expected) =>
        Assert.Equal(expected, Bytes.Read(hex, (ref MessagePackReader r) => r.ReadUInt64()));

    [Theory]
    [InlineData("cf8000000000000000", "Int64")]
    [InlineData("ce80000000", "Int32")]
    [InlineData("d3ffffffff7fffffff", "Int32")]
    [InlineData("cd8000", "Int16")]
    [InlineData("cc80", "SByte")]
    [InlineData("ff", "UInt64")]
    [InlineData("ff", "UInt32")]
    [InlineData("cd0100", "Byte")]
    [InlineData("ce00010000", "UInt16")]
    public void IntegersOutOfRangeAreRejected(string hex, string type)
    {
        var error = Assert.Throws<InvalidDataException>(() => Bytes.Read(hex, (ref MessagePackReader r) => type switch
        {
            "Int64" => r.ReadInt64(),
            "Int32" => r.ReadInt32(),
            "Int16" => r.ReadInt16(),
            "SByte" => r.ReadSByte(),
            "UInt64" => (long)r.ReadUInt64(),
            "UInt32" => r.ReadUInt32(),
            "UInt16" => r.ReadUInt16(),
            _ => r.ReadByte(),
        }));
        Assert.Contains($"does not fit in {type}", error.Message);
    }

    [Theory]
    [InlineData("ca3fc00000", 1.5)]
    [InlineData("cb3ff8000000000000", 1.5)]
    [InlineData("cbc00921fb54442d18", -3.141592653589793)]
    [InlineData("05", 5.0)]
    [InlineData("d0df", -33.0)]
    [InlineData("cfffffffffffffffff", 18446744073709551615.0)]
    public void Floats(string hex, double expected) =>
        Assert.Equal(expected, Bytes.Read(hex, (ref MessagePackReader r) => r.ReadDouble()));

    [Fact]
    public void NilAndBooleans()
    {
        Assert.True(Bytes.Read("c3", (ref MessagePackReader r) => r.ReadBoolean()));
        Assert.False(Bytes.Read("c2", (ref MessagePackReader r) => r.ReadBoolean()));
        Assert.True(Bytes.Read("c0", (ref MessagePackReader r) => r.TryReadNil()));
        Assert.Null(Bytes.Read("c0", (ref MessagePackReader r) => r.ReadNullableString()));
        var reader = new MessagePackReader(ReadOnlySequence<byte>.Empty);
        Assert.False(reader.TryReadNil());
    }

    [Theory]
    [InlineData("a0", "")]
    [InlineData("a3616263", "abc")]
    [InlineData("d903616263", "abc")]
    [InlineData("da0003616263", "abc")]
    [InlineData("db00000003616263", "abc")]
    [InlineData("a3e282ac", "€")]
    [InlineData("a4f09f9880", "😀")]
    public void Strings(string hex, string expected)
    {
        Assert.Equal(expected, Bytes.Read(hex, (ref MessagePackReader r) => r.ReadString()));
        Assert.Equal(expected, Bytes.Read(Segments.Split(Bytes.FromHex(hex), 1), (ref MessagePackReader r) => r.ReadString()));
    }

    [Fact]
    public void LongStringsAcrossSegments()
    {
        var text = string.Concat(Enumerable.Repeat("añ€😀", 500));
        var bytes = Bytes.FromHex(Bytes.Write((ref MessagePackWriter w) => w.Write(text)));
        Assert.Equal(text, Bytes.Read(Segments.Split(bytes, 7), (ref MessagePackReader r) => r.ReadString()));
    }

    [Theory]
    [InlineData("a1ff")]
    [InlineData("a2c328")] // truncated two-byte sequence
    [InlineData("a2c0af")] // overlong '/'
    [InlineData("a3eda080")] // UTF-16 surrogate
    [InlineData("a4f4908080")] // above U+10FFFF
    [InlineData("a180")] // lone continuation byte
    public void InvalidUtf8IsRejected(string hex)
    {
        var error = Assert.Throws<InvalidDataException>(() => Bytes.Read(hex, (ref MessagePackReader r) => r.ReadString()));
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Throws<InvalidDataException>(() => Bytes.Read(Segments.Split(Bytes.FromHex(hex), 1), (ref MessagePackReader r) => r.ReadString()));
    }

    [Theory]
    [InlineData("c400", 0)]
    [InlineData("c403010203", 3)]
    [InlineData("c50003010203", 3)]
    [InlineData("c600000003010203", 3)]
    public void Binary(string hex, int length)
    {
        var data = Bytes.Read(hex, (ref MessagePackReader r) => r.ReadBinary());
        Assert.Equal(Enumerable.Range(1, length).Select(i => (byte)i), data);
    }

    [Theory]
    [InlineData("90", 0, "array")]
    [InlineData("9f" + "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", 15, "array")]
    [InlineData("dc0001c0", 1, "array")]
    [InlineData("dd00000001c0", 1, "array")]
    [InlineData("80", 0, "map")]
    [InlineData("81c0c0", 1, "map")]
    [InlineData("de0001c0c0", 1, "map")]
    [InlineData("df00000001c0c0", 1, "map")]
    public void ContainerHeaders(string hex, int count, string kind)
    {
        var reader = new MessagePackReader(Bytes.FromHex(hex));
        Assert.Equal(count, kind == "array" ? reader.ReadArrayHeader() : reader.ReadMapHeader());
        for (var i = 0; i < (kind == "array" ? count : 2 * count); i++)
        {
            reader.ReadNil();
        }
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("d40501", 5, 1)]
    [InlineData("d5050102", 5, 2)]
    [InlineData("d60501020304", 5, 4)]
    [InlineData("d7050102030405060708", 5, 8)]
    [InlineData("d805" + "0102030405060708090a0b0c0d0e0f10", 5, 16)]
    [InlineData("c70005", 5, 0)]
    [InlineData("c703fb010203", -5, 3)]
    [InlineData("c8000305010203", 5, 3)]
    [InlineData("c90000000305010203", 5, 3)]
    public void Extensions(string hex, int type, int length)
    {
        var extension = Bytes.Read(hex, (ref MessagePackReader r) => r.ReadExtension());
        Assert.Equal((sbyte)type, extension.TypeCode);
        Assert.Equal(Enumerable.Range(1, length).Select(i => (byte)i), extension.Data);
    }

    [Theory]
    [InlineData("d6ff00000001", 1L, 0u)]
    [InlineData("d6ffffffffff", 4294967295L, 0u)]
    [InlineData("d7ff0000000400000001", 1L, 1u)]
    [InlineData("d7ffee6b27ffffffffff", 17179869183L, 999999999u)]
    [InlineData("c70cff000001f4ffffffffffffffff", -1L, 500u)]
    [InlineData("c70cff000000007fffffffffffffff", long.MaxValue, 0u)]
    public void Timestamps(string hex, long seconds, uint nanoseconds) =>
        Assert.Equal(new MessagePackTimestamp(seconds, nanoseconds), Bytes.Read(hex, (ref MessagePackReader r) => r.ReadTimestamp()));

    [Theory]
    [InlineData("d5ff0000", "4, 8 or 12 bytes")]
    [InlineData("d7ffffffffff00000000", "nanoseconds")]
    [InlineData("c70cff3b9aca000000000000000000", "nanoseconds")]
    [InlineData("d60500000001", "extension 5")]
    [InlineData("c0", "Expected an extension")]
    public void BadTimestampsAreRejected(string hex, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Bytes.Read(hex, (ref MessagePackReader r) => r.ReadTimestamp()));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TimestampsOutsideDateTimeAreRejectedAsDateTime() =>
        Assert.Throws<InvalidDataException>(() =>
            Bytes.Read("c70cff000000007fffffffffffffff", (ref MessagePackReader r) => r.ReadDateTime()));

    [Fact]
    public void WrongTypeNamesWhatWasExpectedAndFound()
    {
        var error = Assert.Throws<InvalidDataException>(() => Bytes.Read("2a", (ref MessagePackReader r) => r.ReadString()));
        Assert.Equal("Expected a string but found integer (0x2a) at offset 0.", error.Message);
    }

    [Fact]
    public void NeverUsedByteIsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => Bytes.Read("c1", (ref MessagePackReader r) => { r.Skip(); return 0; }));
        Assert.Contains("0xc1", error.Message);
    }

    [Fact]
    public void NextTypeNamesEachFamily()
    {
        var expected = new Dictionary<string, MessagePackType>
        {
            ["c0"] = MessagePackType.Nil, ["c3"] = MessagePackType.Boolean, ["05"] = MessagePackType.Integer,
            ["e0"] = MessagePackType.Integer, ["d3"] = MessagePackType.Integer, ["ca"] = MessagePackType.Float,
            ["a0"] = MessagePackType.String, ["db"] = MessagePackType.String, ["c4"] = MessagePackType.Binary,
            ["90"] = MessagePackType.Array, ["dd"] = MessagePackType.Array, ["80"] = MessagePackType.Map,
            ["df"] = MessagePackType.Map, ["d4"] = MessagePackType.Extension, ["c9"] = MessagePackType.Extension,
        };
        foreach (var (hex, type) in expected)
        {
            var reader = new MessagePackReader(Bytes.FromHex(hex));
            Assert.Equal(type, reader.NextType);
        }
    }

    [Fact]
    public void SkipAndReadRawCoverWholeValues()
    {
        const string value = "93a161c403010203" + "82a178cb3ff8000000000000a179d6ff00000001";
        var bytes = Bytes.FromHex(value + "2a");
        var reader = new MessagePackReader(Segments.Split(bytes, 3));
        Assert.Equal(value, Bytes.ToHex(reader.ReadRaw().ToArray()));
        Assert.Equal(42, reader.ReadInt32());
        Assert.True(reader.End);
    }

    [Fact]
    public void SkipHandlesDeepNestingWithoutRecursion()
    {
        var bytes = Enumerable.Repeat((byte)0x91, 100_000).Append((byte)0xc0).ToArray();
        var reader = new MessagePackReader(bytes);
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void DepthLimitStopsRecursiveReaders()
    {
        var reader = new MessagePackReader(new byte[1], maxDepth: 3);
        reader.IncreaseDepth();
        reader.IncreaseDepth();
        reader.IncreaseDepth();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            var copy = new MessagePackReader(new byte[1], maxDepth: 3);
            for (var i = 0; i < 4; i++)
            {
                copy.IncreaseDepth();
            }
        });
        Assert.Contains("deeper than the limit of 3", error.Message);
        Assert.Equal(3, reader.Depth);
    }
}
