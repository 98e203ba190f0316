using System.Buffers;
using System.Text.Json;
using Feed.Core;
using Feed.MessagePack;
using Feed.Protocols;

namespace Feed.Server.Tests;

/// <summary>
/// The contract types over MessagePack: exact bytes, round trips (non-ASCII included), the
/// same keys as JSON, nil for absent optional values, unknown keys skipped, and clear errors
/// for missing or mistyped required keys.
/// </summary>
public sealed class ContractMessagePackTests
{
    private static readonly MessagePackFormatterResolver Resolver = FeedMessagePackFormatters.CreateProtocol().Resolver;

    private static readonly FeedItem Item = new("65f0c0ffee", "c-1", "u-ü",
        new AuthorProfile("u-ü", "Zoë 🚀", null), "héllo, 世界 ✨", 1_700_000_000_123L);

    [Theory]
    // { id: "u1", displayName: "Ü", avatarUrl: nil }
    [InlineData("83 a2 6964 a2 7531 ab 646973706c61794e616d65 a2 c39c a9 61766174617255726c c0", "u1", "Ü", null)]
    [InlineData("83 a2 6964 a2 7531 ab 646973706c61794e616d65 a1 55 a9 61766174617255726c a1 61", "u1", "U", "a")]
    public void AuthorProfile_is_a_camelCase_map_with_nil_for_no_avatar(string hex, string id, string displayName, string? avatarUrl)
    {
        var author = new AuthorProfile(id, displayName, avatarUrl);
        Assert.Equal(Hex(hex), Write(author));
        Assert.Equal(author, Read<AuthorProfile>(hex));
    }

    [Fact]
    public void FeedItem_writes_createdAt_as_a_plain_integer_not_a_timestamp_extension()
    {
        var bytes = Convert.FromHexString(Write(Item));
        var key = System.Text.Encoding.UTF8.GetBytes("createdAt");
        var at = bytes.AsSpan().IndexOf(key) + key.Length;
        // uint64 (0xcf) big-endian 1700000000123: the smallest encoding of a number this size.
        Assert.Equal("cf0000018bcfe5687b", Convert.ToHexStringLower(bytes.AsSpan(at)));
    }

    public static TheoryData<object> Values => new()
    {
        Item,
        Item with { Author = new AuthorProfile("u-ü", "Zoë", "https://img.test/ü.png"), Text = new string('é', 500) },
        new FeedPage([Item, Item with { Id = "2", Text = "" }], "next-Ω"),
        new FeedPage([], null),
        new FeedQuery(),
        new FeedQuery("b", null, 7),
        new FeedQuery(null, "a-ñ", null),
        new PublishRequest("  ünïcödé 👋  "),
        new PublishRequest(null),
        new UserProfile("u42", "Ada Ł", null, "bio with emoji 🐙"),
        new UserProfile("u42", "Ada", "https://a.test/a.png", null),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Contract_values_round_trip(object value)
    {
        var bytes = WriteObject(value);
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(bytes));
        var read = Resolver.Deserialize(ref reader, value.GetType());
        Assert.True(reader.End);
        if (value is FeedPage page)
        {
            var readPage = Assert.IsType<FeedPage>(read);
            Assert.Equal(page.Items, readPage.Items);
            Assert.Equal(page.Next, readPage.Next);
        }
        else
        {
            Assert.Equal(value, read);
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Keys_and_values_are_the_ones_the_json_protocol_sends(object value)
    {
        var fromMessagePack = Normalize(Generic(WriteObject(value)));
        var json = JsonSerializer.SerializeToElement(value, value.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(Normalize(json), fromMessagePack);
    }

    [Fact]
    public void Unknown_keys_are_skipped_whatever_their_values()
    {
        // { extra: [1, {x: nil}], id: "u1", "": true, displayName: "D", 7: 8, later: "x" } with no avatarUrl
        const string hex = "86 a5 6578747261 92 01 81 a1 78 c0 a2 6964 a2 7531 a0 c3 ab 646973706c61794e616d65 a1 44 07 08 a5 6c61746572 a1 78";
        Assert.Equal(new AuthorProfile("u1", "D", null), Read<AuthorProfile>(hex));
    }

    [Fact]
    public void Optional_keys_may_be_absent_or_nil()
    {
        Assert.Equal(new FeedQuery(), Read<FeedQuery>("80"));
        Assert.Equal(new FeedQuery(Limit: 5), Read<FeedQuery>("82 a6 6265666f7265 c0 a5 6c696d6974 05"));
        Assert.Equal(new PublishRequest(null), Read<PublishRequest>("80"));
        var page = Read<FeedPage>("81 a5 6974656d73 90");
        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData("81 a2 6964 a2 7531", "AuthorProfile is missing required key 'displayName'")]
    [InlineData("80", "FeedPage is missing required key 'items'")]
    [InlineData("81 a4 6e657874 c0", "FeedPage is missing required key 'items'")]
    [InlineData("81 a5 6974656d73 c0", "FeedPage.items: Expected an array but found nil")]
    [InlineData("81 a5 6974656d73 91 80", "FeedPage.items: FeedItem is missing required key 'id'")]
    [InlineData("82 a2 6964 c0 ab 646973706c61794e616d65 a1 44", "AuthorProfile.id: Expected a string but found nil")]
    [InlineData("81 a5 6c696d6974 a1 35", "FeedQuery.limit: Expected")]
    [InlineData("81 a5 6c696d6974 cf 0000000100000000", "FeedQuery.limit")]
    [InlineData("81 a4 74657874 2a", "PublishRequest.text: Expected a string")]
    [InlineData("a4 74657874", "Expected a map")]
    public void Missing_or_mistyped_keys_give_a_binding_error_naming_the_field(string hex, string expected)
    {
        var type = expected.StartsWith("AuthorProfile", StringComparison.Ordinal) ? typeof(AuthorProfile)
            : expected.StartsWith("FeedPage", StringComparison.Ordinal) ? typeof(FeedPage)
            : expected.StartsWith("PublishRequest", StringComparison.Ordinal) || expected == "Expected a map" ? typeof(PublishRequest)
            : typeof(FeedQuery);
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new MessagePackReader(new ReadOnlySequence<byte>(Convert.FromHexString(hex.Replace(" ", ""))));
            Resolver.Deserialize(ref reader, type);
        });
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_nested_author_error_names_both_levels()
    {
        var bytes = Convert.FromHexString(Write(Item with { Author = new AuthorProfile("x", "y", null) }));
        // Replace the author's "displayName" key with an unknown key of the same length.
        var key = System.Text.Encoding.UTF8.GetBytes("displayName");
        System.Text.Encoding.UTF8.GetBytes("displayNamf").CopyTo(bytes.AsSpan(bytes.AsSpan().IndexOf(key)));
        var error = Assert.Throws<InvalidDataException>(() => Read<FeedItem>(Convert.ToHexString(bytes)));
        Assert.StartsWith("FeedItem.author: AuthorProfile is missing required key 'displayName'", error.Message);
    }

    [Fact]
    public void Writing_FeedUpdated_allocates_nothing_beyond_the_output_once_warm()
    {
        var protocol = FeedMessagePackFormatters.CreateProtocol();
        var items = Enumerable.Range(0, 20).Select(i => Item with { Id = $"id-{i}", Text = new string('é', i * 20) + " 🚀" }).ToArray();
        var message = new Microsoft.AspNetCore.SignalR.Protocol.InvocationMessage(FeedHubMethods.FeedUpdated, [items]);
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        protocol.WriteMessage(message, output);
        output.ResetWrittenCount();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            protocol.WriteMessage(message, output);
            output.ResetWrittenCount();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Hex(string spaced) => spaced.Replace(" ", "");

    private static string Write<T>(T value) => Convert.ToHexStringLower(WriteObject(value!));

    private static byte[] WriteObject(object value)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        Resolver.Serialize(ref writer, value);
        return output.WrittenSpan.ToArray();
    }

    private static T Read<T>(string hex)
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(Convert.FromHexString(hex.Replace(" ", ""))));
        var value = Resolver.Get<T>().Read(ref reader);
        Assert.True(reader.End, $"{reader.Remaining} byte(s) left unread");
        return value;
    }

    private static object? Generic(byte[] bytes)
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(bytes));
        return Resolver.Deserialize(ref reader, typeof(object));
    }

    /// <summary>A canonical text form of a JSON-like tree, so MessagePack and JSON can be compared.</summary>
    private static string Normalize(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        int or long => Convert.ToInt64(value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Dictionary<string, object?> map => "{" + string.Join(",", map.Select(p => $"{JsonSerializer.Serialize(p.Key)}:{Normalize(p.Value)}")) + "}",
        List<object?> list => "[" + string.Join(",", list.Select(Normalize)) + "]",
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => $"{JsonSerializer.Serialize(p.Name)}:{Normalize(p.Value)}")) + "}",
            JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(x => Normalize(x))) + "]",
            JsonValueKind.String => JsonSerializer.Serialize(e.GetString()),
            JsonValueKind.Number => e.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        },
        _ => throw new InvalidOperationException($"unexpected {value.GetType()}"),
    };
}
