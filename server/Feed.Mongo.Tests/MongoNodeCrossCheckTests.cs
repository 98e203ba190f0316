using System.Text.Json;
using Feed.Core;
using Feed.Testing;

namespace Feed.Mongo.Tests;

/// <summary>
/// MongoFeedStore and the official Node driver agree on the documents (MongoNodeCrossCheck.js):
/// what the store writes reads back in Node with the design's field names and BSON types, and
/// what Node writes the store reads as profiles, follows and a correctly ordered feed.
/// </summary>
public sealed class MongoNodeCrossCheckTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "server", "Feed.Mongo.Tests", "MongoNodeCrossCheck.js");
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_node_driver_reads_what_the_store_wrote_with_the_same_names_and_types()
    {
        var store = fixture.CreateStore();
        var post = new Post(PostId.New(DateTimeOffset.UtcNow), "ann", "hello from C# ✓", 1_700_000_000_123);
        await store.EnsureUserAsync("ann", None);
        await store.FollowAsync("ann", "ben", None);
        await store.AddPostAsync(post, None);

        using var json = JsonDocument.Parse(await RunAsync("read", store));
        var root = json.RootElement;

        var user = Assert.Single(root.GetProperty("users").EnumerateArray().ToList());
        Assert.Equal("""[["_id",["string","ann"]],["displayName",["string","ann"]],["avatarUrl",["null",null]],["bio",["null",null]]]""", user.GetRawText());
        var follow = Assert.Single(root.GetProperty("follows").EnumerateArray().ToList());
        Assert.Equal(["_id", "follower", "followee", "createdAt"], follow.EnumerateArray().Select(f => f[0].GetString()));
        Assert.Equal("ObjectId", follow[0][1][0].GetString());
        Assert.Equal("""["string","ann"]""", follow[1][1].GetRawText());
        Assert.Equal("""["string","ben"]""", follow[2][1].GetRawText());
        Assert.Equal("date", follow[3][1][0].GetString());
        var stored = Assert.Single(root.GetProperty("posts").EnumerateArray().ToList());
        Assert.Equal(
            $$"""[["_id",["ObjectId","{{post.Id}}"]],["authorId",["string","ann"]],["text",["string","hello from C# ✓"]],["createdAt",["date",1700000000123]]]""",
            stored.GetRawText());
    }

    [Fact]
    public async Task The_store_reads_users_follows_and_posts_the_node_driver_wrote()
    {
        var store = fixture.CreateStore();
        var ids = JsonSerializer.Deserialize<string[]>(await RunAsync("write", store))!;

        Assert.Equal(new UserProfile("node-ann", "Ann from Node", "https://example.com/ann.png", "written by the Node driver"),
            await store.FindUserAsync("node-ann", None));
        Assert.Equal(new UserProfile("node-ben", "Ben", null, null), await store.FindUserAsync("node-ben", None));
        Assert.Equal(["node-ben"], await store.GetFolloweesAsync("node-ann", None));
        Assert.False(await store.FollowAsync("node-ann", "node-ben", None)); // the unique index covers Node's follow too

        var feed = await store.GetPostsAsync(["node-ann", "node-ben"], PostRange.Newest, 10, None);
        Assert.Equal(
            [
                new Post(ids[2], "node-ann", "newest", 1_700_000_000_200),
                new Post(ids[1], "node-ben", "same millisecond", 1_700_000_000_100),
                new Post(ids[0], "node-ben", "first ✓", 1_700_000_000_100),
            ],
            feed);
        var older = await store.GetPostsAsync(["node-ann", "node-ben"], new PostRange(feed[1].Position, null), 10, None);
        Assert.Equal([feed[2]], older);
    }

    private Task<string> RunAsync(string mode, MongoFeedStore store) =>
        NodeScript.RunAsync(Script, JsonSerializer.Serialize(new
        {
            mode,
            uri = fixture.Mongo.ConnectionString(store.Database.DatabaseNamespace.DatabaseName),
            db = store.Database.DatabaseNamespace.DatabaseName,
        }));
}
