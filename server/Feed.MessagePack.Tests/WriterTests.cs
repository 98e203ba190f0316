namespace Feed.MessagePack.Tests;

/// <summary>The writer picks the smallest encoding: each family at its edges, as hex.</summary>
public sealed class WriterTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(1L, "01")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(255L, "ccff")]
    [InlineData(256L, "cd0100")]
    [InlineData(65535L, "cdffff")]
    [InlineData(65536L, "ce00010000")]
    [InlineData(4294967295L, "ceffffffff")]
    [InlineData(4294967296L, "cf0000000100000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void Int64(long value, string hex) => Assert.Equal(hex, Bytes.Write((ref MessagePackWriter w) => w.Write(value)));

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(4294967295UL, "ceffffffff")]
    [InlineData(ulong.MaxValue, "cfffffffffffffffff")]
    public void UInt64(ulong value, string hex) => Assert.Equal(hex, Bytes.Write((ref MessagePackWriter w) => w.Write(value)));

    [Fact]
    public void SmallerIntegerTypesUseTheSameEncodings()
    {
        Assert.Equal("d1ff7f", Bytes.Write((ref MessagePackWriter w) => w.Write((short)-129)));
        Assert.Equal("d080", Bytes.Write((ref MessagePackWriter w) => w.Write(sbyte.MinValue)));
        Assert.Equal("ccff", Bytes.Write((ref MessagePackWriter w) => w.Write(byte.MaxValue)));
        Assert.Equal("cdffff", Bytes.Write((ref MessagePackWriter w) => w.Write(ushort.MaxValue)));
        Assert.Equal("ceffffffff", Bytes.Write((ref MessagePackWriter w) => w.Write(uint.MaxValue)));
        Assert.Equal("d280000000", Bytes.Write((ref MessagePackWriter w) => w.Write(int.MinValue)));
    }

    [Fact]
    public void NilBooleansAndFloats()
    {
        Assert.Equal("c0", Bytes.Write((ref MessagePackWriter w) => w.WriteNil()));
        Assert.Equal("c0", Bytes.Write((ref MessagePackWriter w) => w.Write((string?)null)));
        Assert.Equal("c2", Bytes.Write((ref MessagePackWriter w) => w.Write(false)));
        Assert.Equal("c3", Bytes.Write((ref MessagePackWriter w) => w.Write(true)));
        Assert.Equal("cb3ff8000000000000", Bytes.Write((ref MessagePackWriter w) => w.Write(1.5)));
        Assert.Equal("ca3fc00000", Bytes.Write((ref MessagePackWriter w) => w.Write(1.5f)));
        Assert.Equal("cb7ff0000000000000", Bytes.Write((ref MessagePackWriter w) => w.Write(double.PositiveInfinity)));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void StringHeaders(int length, string header)
    {
        var text = new string('x', length);
        var hex = Bytes.Write((ref MessagePackWriter w) => w.Write(text));
        Assert.Equal(header + new string('7', length).Replace("7", "78"), hex);
    }

    [Theory]
    [InlineData("€", 10, "be")] // 30 bytes: fixstr although 10 chars could need 33
    [InlineData("€", 11, "d921")] // 33 bytes: str8
    [InlineData("x", 31, "bf")] // 31 ASCII chars: fixstr, moved back from str8 room
    [InlineData("é", 127, "d9fe")] // 254 bytes: str8 from str16 room
    [InlineData("é", 128, "da0100")] // 256 bytes: str16
    [InlineData("😀", 8192, "da8000")] // 32768 bytes from 16384 chars, the most done in one pass
    [InlineData("x", 16385, "da4001")] // past the single-pass limit: measured first
    public void MultiByteStringsGetTheSmallestHeaderForTheirEncodedLength(string unit, int repeat, string header)
    {
        var text = string.Concat(Enumerable.Repeat(unit, repeat));
        var hex = Bytes.Write((ref MessagePackWriter w) => w.Write(text));
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        Assert.Equal(header + Bytes.ToHex(utf8), hex);
    }

    [Fact]
    public void LoneSurrogatesAreWrittenAsTheReplacementCharacter() =>
        Assert.Equal("a561efbfbd62", Bytes.Write((ref MessagePackWriter w) => w.Write("a\ud800b")));

    [Fact]
    public void StringsAreUtf8()
    {
        Assert.Equal("a3e282ac", Bytes.Write((ref MessagePackWriter w) => w.Write("€")));
        Assert.Equal("a4f09f9880", Bytes.Write((ref MessagePackWriter w) => w.Write("😀")));
        Assert.Equal("a26869", Bytes.Write((ref MessagePackWriter w) => w.WriteString("hi"u8)));
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void BinaryHeaders(int length, string header)
    {
        var hex = Bytes.Write((ref MessagePackWriter w) => w.WriteBinary(new byte[length]));
        Assert.Equal(header + new string('0', 2 * length), hex);
    }

    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc0010", "de0010")]
    [InlineData(65535, "dcffff", "deffff")]
    [InlineData(65536, "dd00010000", "df00010000")]
    [InlineData(int.MaxValue, "dd7fffffff", "df7fffffff")]
    public void ArrayAndMapHeaders(int count, string array, string map)
    {
        Assert.Equal(array, Bytes.Write((ref MessagePackWriter w) => w.WriteArrayHeader(count)));
        Assert.Equal(map, Bytes.Write((ref MessagePackWriter w) => w.WriteMapHeader(count)));
    }

    [Theory]
    [InlineData(1, "d405")]
    [InlineData(2, "d505")]
    [InlineData(4, "d605")]
    [InlineData(8, "d705")]
    [InlineData(16, "d805")]
    [InlineData(0, "c70005")]
    [InlineData(3, "c70305")]
    [InlineData(255, "c7ff05")]
    [InlineData(256, "c8010005")]
    [InlineData(65536, "c90001000005")]
    public void ExtensionHeaders(int length, string header) =>
        Assert.Equal(header, Bytes.Write((ref MessagePackWriter w) => w.WriteExtensionHeader(5, length)));

    [Theory]
    [InlineData(0L, 0u, "d6ff00000000")]
    [InlineData(4294967295L, 0u, "d6ffffffffff")]
    [InlineData(4294967296L, 0u, "d7ff0000000100000000")]
    [InlineData(1L, 1u, "d7ff0000000400000001")]
    [InlineData(17179869183L, 999999999u, "d7ffee6b27ffffffffff")]
    [InlineData(17179869184L, 0u, "c70cff000000000000000400000000")]
    [InlineData(-1L, 500u, "c70cff000001f4ffffffffffffffff")]
    public void Timestamps(long seconds, uint nanoseconds, string hex) =>
        Assert.Equal(hex, Bytes.Write((ref MessagePackWriter w) => w.Write(new MessagePackTimestamp(seconds, nanoseconds))));

    [Fact]
    public void DateTimeIsATimestamp()
    {
        var time = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(7);
        var hex = Bytes.Write((ref MessagePackWriter w) => w.Write(time));
        Assert.Equal(time, Bytes.Read(hex, (ref MessagePackReader r) => r.ReadDateTime()));
        Assert.StartsWith("d7ff", hex);
    }

    [Fact]
    public void TimestampNanosecondsMustBeBelowOneSecond() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Bytes.Write((ref MessagePackWriter w) => w.Write(new MessagePackTimestamp(0, 1_000_000_000))));
}
