using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Core;
using Feed.Server.Protocols;
using Feed.Testing;
using MessagePack;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Tests;

/// <summary>
/// The contract types over the server's MessagePack options (SignalR's, plus the field-naming
/// resolver): the same keys and values as the JSON protocol, read back by the reference
/// JavaScript decoder; nil for absent optional values; unknown keys skipped; createdAt a plain
/// integer; errors that name the field.
/// </summary>
public sealed class ContractMessagePackTests
{
    private static readonly MessagePackSerializerOptions Options = FeedProtocols.SerializerOptions;

    private static readonly string Script = Path.Combine(RepoPaths.Root, "server", "Feed.Server.Tests", "js", "msgpack-contract.cjs");

    private static readonly FeedItem Item = new("65f0c0ffee", "c-1", "u-ü",
        new AuthorProfile("u-ü", "Zoë 🚀", null), "héllo, 世界 ✨", 1_700_000_000_123L);

    public static TheoryData<object> Values => new()
    {
        Item,
        Item with { Author = new AuthorProfile("u-ü", "Zoë", "https://img.test/ü.png"), Text = new string('é', 500) },
        new FeedPage([Item, Item with { Id = "2", Text = "" }], "next-Ω"),
        new FeedPage([], null),
        new FeedQuery(),
        new FeedQuery("b", null, 7),
        new PublishRequest("  ünïcödé 👋  "),
        new PublishRequest(null),
        new UserProfile("u42", "Ada Ł", null, "bio with emoji 🐙"),
    };

    [Fact]
    public async Task The_reference_js_decoder_reads_the_keys_and_values_the_json_protocol_sends()
    {
        var values = ((IEnumerable<object[]>)Values).Select(row => row[0]).ToList();
        var hex = values.Select(v => Convert.ToHexStringLower(MessagePackSerializer.Serialize(v.GetType(), v, Options))).ToList();

        var decoded = JsonDocument.Parse(await NodeScript.RunAsync(Script, JsonSerializer.Serialize(hex))).RootElement;

        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        for (var i = 0; i < values.Count; i++)
        {
            // Same keys (exactly the JSON property names, none missing or extra) and same values.
            var json = JsonSerializer.SerializeToNode(values[i], values[i].GetType(), web);
            var fromMessagePack = JsonNode.Parse(decoded[i].GetRawText());
            Assert.True(JsonNode.DeepEquals(json, fromMessagePack), $"json: {json?.ToJsonString()}\nmessagepack: {decoded[i].GetRawText()}");
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Contract_values_round_trip(object value)
    {
        var read = MessagePackSerializer.Deserialize(value.GetType(), MessagePackSerializer.Serialize(value.GetType(), value, Options), Options);
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

    [Fact]
    public void AuthorProfile_is_a_camelCase_map_with_nil_for_no_avatar()
    {
        // { id: "u1", displayName: "Ü", avatarUrl: nil }
        Assert.Equal("83a26964a27531ab646973706c61794e616d65a2c39ca961766174617255726cc0",
            Convert.ToHexStringLower(MessagePackSerializer.Serialize(new AuthorProfile("u1", "Ü", null), Options)));
    }

    [Fact]
    public void FeedItem_writes_createdAt_as_a_plain_integer_not_a_timestamp_extension()
    {
        var bytes = MessagePackSerializer.Serialize(Item, Options);
        var key = "createdAt"u8;
        var at = bytes.AsSpan().IndexOf(key) + key.Length;
        // A 64-bit integer (0xcf uint64 or 0xd3 int64), big-endian 1700000000123.
        Assert.Contains(bytes[at], new byte[] { 0xcf, 0xd3 });
        Assert.Equal("0000018bcfe5687b", Convert.ToHexStringLower(bytes.AsSpan(at + 1)));
    }

    [Fact]
    public void Unknown_keys_are_skipped_and_optional_keys_may_be_absent_or_nil()
    {
        // { extra: [1, {x: nil}], id: "u1", z: true, displayName: "D", later: "x" } with no avatarUrl.
        // (MessagePack-CSharp rejects an empty-string key, "Not Supported Length", known or not.)
        Assert.Equal(new AuthorProfile("u1", "D", null),
            Read<AuthorProfile>("85 a5 6578747261 92 01 81 a1 78 c0 a2 6964 a2 7531 a1 7a c3 ab 646973706c61794e616d65 a1 44 a5 6c61746572 a1 78"));
        Assert.Equal(new FeedQuery(), Read<FeedQuery>("80"));
        Assert.Equal(new FeedQuery(Limit: 5), Read<FeedQuery>("82 a6 6265666f7265 c0 a5 6c696d6974 05"));
        Assert.Equal(new PublishRequest(null), Read<PublishRequest>("80"));
    }

    [Theory]
    [InlineData(typeof(FeedQuery), "81 a5 6c696d6974 a4 66697665", "FeedQuery.limit: Unexpected msgpack code 164 (fixstr)")]
    [InlineData(typeof(FeedQuery), "81 a5 6c696d6974 cf 0000000100000000", "FeedQuery.limit:")]
    [InlineData(typeof(FeedQuery), "81 a6 6265666f7265 2a", "FeedQuery.before:")]
    [InlineData(typeof(PublishRequest), "81 a4 74657874 2a", "PublishRequest.text: Unexpected msgpack code 42")]
    [InlineData(typeof(PublishRequest), "a4 74657874", "PublishRequest: expected a map but found String")]
    [InlineData(typeof(FeedItem), "81 a6 617574686f72 81 a2 6964 92 01 02", "FeedItem.author: AuthorProfile.id:")]
    public void A_mistyped_value_gives_an_error_naming_the_field(Type type, string hex, string expected)
    {
        var error = Assert.ThrowsAny<MessagePackSerializationException>(() =>
            MessagePackSerializer.Deserialize(type, Convert.FromHexString(hex.Replace(" ", "")), Options));

        var named = error as ContractFieldException ?? Assert.IsType<ContractFieldException>(error.InnerException);
        Assert.StartsWith(expected, named.Message);
    }

    private static T Read<T>(string hex) => MessagePackSerializer.Deserialize<T>(Convert.FromHexString(hex.Replace(" ", "")), Options);
}
