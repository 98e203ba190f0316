using System.Buffers;
using Feed.Testing;

namespace Feed.MessagePack.Tests;

public sealed class FormatterTests
{
    private readonly MessagePackFormatterResolver _resolver = new([new PointFormatter()]);

    private string Write<T>(T value) => Bytes.Write((ref MessagePackWriter w) => _resolver.Get<T>().Write(ref w, value));

    private T Read<T>(string hex) => Bytes.Read(hex, (ref MessagePackReader r) => _resolver.Get<T>().Read(ref r));

    [Fact]
    public void BuiltInsAndCompositesRoundTrip()
    {
        Assert.Equal("c0", Write<int?>(null));
        Assert.Equal("05", Write<int?>(5));
        Assert.Null(Read<int?>("c0"));
        Assert.Equal(5, Read<int?>("05"));
        Assert.Equal("c0", Write<string?>(null));
        Assert.Null(Read<string?>("c0"));
        Assert.Null(Read<byte[]?>("c0"));
        Assert.Null(Read<List<int>?>("c0"));
        Assert.Equal("92a161a162", Write(new List<string> { "a", "b" }));
        Assert.Equal(["a", "b"], Read<string[]>("92a161a162"));
        Assert.Equal(["a", "b"], Read<IReadOnlyList<string>>("92a161a162"));
        Assert.Equal(["a", "b"], Read<IEnumerable<string>>("92a161a162"));
        Assert.Equal(new int?[] { 1, null }, Read<List<int?>>("9201c0"));
        Assert.Equal("81a16101", Write(new Dictionary<string, int> { ["a"] = 1 }));
        Assert.Equal(1, Read<IReadOnlyDictionary<string, int>>("81a16101")["a"]);
        Assert.Equal("93010203", Bytes.Write((ref MessagePackWriter w) => _resolver.Serialize(ref w, Enumerable.Range(1, 3).Select(i => i))));
        Assert.Equal(2.5f, Read<float>("cb4004000000000000"));
        Assert.Equal(ulong.MaxValue, Read<ulong>("cfffffffffffffffff"));
    }

    [Fact]
    public void ApplicationTypesAreMapsWithCamelCaseKeys()
    {
        var point = new Point(1, -2, "p");
        var hex = Write(point);
        Assert.Equal("83a17801a179fea56c6162656ca170", hex);
        Assert.Equal(point, Read<Point>(hex));
        Assert.Equal([point, null], Read<List<Point?>>("92" + hex + "c0"));
    }

    [Fact]
    public void MapReadingIgnoresUnknownKeysAndNamesMissingRequiredOnes()
    {
        // {"z": [1, {"q": 2}], 7: "x", "y": 3, "x": 1, "x": 4}: unknown keys (also non-string ones) are skipped, the last x wins.
        Assert.Equal(new Point(4, 3, null), Read<Point>("85 a17a 9201 81a17102 07 a178 a179 03 a178 01 a178 04".Replace(" ", "")));
        var error = Assert.Throws<InvalidDataException>(() => Read<Point>("81a17801"));
        Assert.Equal("Point is missing required key 'y'.", error.Message);
    }

    [Fact]
    public void MapKeysMatchAcrossSegments()
    {
        var bytes = Bytes.FromHex("83a5" + "6c6162656c" + "a3616263 a17801 a17902".Replace(" ", ""));
        var point = Bytes.Read(Segments.Split(bytes, 1), (ref MessagePackReader r) => _resolver.Get<Point>().Read(ref r));
        Assert.Equal(new Point(1, 2, "abc"), point);
    }

    [Fact]
    public void MapKeysValidateTheirDefinition()
    {
        Assert.Throws<ArgumentException>(() => new MessagePackMapKeys("T", ["a", "a"]));
        Assert.Throws<ArgumentException>(() => new MessagePackMapKeys("T", ["a"], required: ["b"]));
        Assert.Throws<ArgumentException>(() => new MessagePackMapKeys("T", Enumerable.Range(0, 65).Select(i => $"k{i}").ToList()));
    }

    [Fact]
    public void ObjectReadsAnyValue()
    {
        var value = Read<object?>("8a a16e c0 a16f c3 a169 05 a16c cf0000010000000000 a175 cfffffffffffffffff a166 cb3ff8000000000000 a173 ca3fc00000 a162 c40101 a161 9201a178 a174 d6ff00000001".Replace(" ", ""));
        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Null(map["n"]);
        Assert.Equal(true, map["o"]);
        Assert.Equal(5, Assert.IsType<int>(map["i"]));
        Assert.Equal(1L << 40, map["l"]);
        Assert.Equal(ulong.MaxValue, map["u"]);
        Assert.Equal(1.5, map["f"]);
        Assert.Equal(1.5f, map["s"]);
        Assert.Equal(new byte[] { 1 }, map["b"]);
        Assert.Equal(new List<object?> { 1, "x" }, map["a"]);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1), map["t"]);
    }

    [Fact]
    public void ObjectWritesByRuntimeType()
    {
        Assert.Equal("9405a178c0c3", Write<object?>(new object?[] { 5, "x", null, true }));
        Assert.Equal("83a17801a17902a56c6162656cc0", Write<object?>(new Point(1, 2, null)));
        Assert.Throws<InvalidOperationException>(() => Write<object?>(new object()));
        var error = Assert.Throws<InvalidOperationException>(() => Write<object?>(new Uri("http://x")));
        Assert.Contains("No MessagePack formatter for type 'System.Uri'", error.Message);
    }

    [Fact]
    public void LaterFormattersWinOverBuiltIns()
    {
        var resolver = new MessagePackFormatterResolver([new ShoutingStringFormatter()]);
        Assert.Equal("a24849", Bytes.Write((ref MessagePackWriter w) => resolver.Serialize(ref w, "hi")));
        Assert.Equal("91a24849", Bytes.Write((ref MessagePackWriter w) => resolver.Serialize(ref w, new List<string> { "hi" })));
    }

    [Fact]
    public void CollectionsThatCannotBeBuiltFromAListAreWriteOnly()
    {
        Assert.Equal("9101", Write(new HashSet<int> { 1 }));
        var error = Assert.Throws<InvalidOperationException>(() => Read<HashSet<int>>("9101"));
        Assert.Contains("HashSet", error.Message);
    }

    private sealed class ShoutingStringFormatter : IMessagePackFormatter<string>
    {
        public void Write(ref MessagePackWriter writer, string value) => writer.Write(value.ToUpperInvariant());

        public string Read(ref MessagePackReader reader) => reader.ReadString();
    }
}
