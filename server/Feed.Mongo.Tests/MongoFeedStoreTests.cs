using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Mongo.Tests;

/// <summary>
/// MongoFeedStore against a real MongoDB-wire server (jongodb), with the in-memory store as
/// the oracle: both get the same writes and must answer every read the same way.
/// </summary>
public sealed class MongoFeedStoreTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Followed = ["ann", "ben", "cat"];

    [Fact]
    public async Task Pages_backward_through_ties_match_the_in_memory_store_and_never_skip_or_repeat()
    {
        var (mongo, memory, posts) = await SeedBothAsync(60);
        var expected = posts.Where(p => Followed.Contains(p.AuthorId)).OrderByDescending(p => p.Position).ToList();

        foreach (var take in new[] { 1, 7, 16 })
        {
            var fromMongo = await WalkAsync(mongo, PostRange.Newest, take);
            Assert.Equal(expected, fromMongo);
            Assert.Equal(await WalkAsync(memory, PostRange.Newest, take), fromMongo);
        }
    }

    [Fact]
    public async Task Gap_fill_after_a_cursor_pages_forward_oldest_first_to_the_newest()
    {
        var (mongo, memory, posts) = await SeedBothAsync(45);
        var newestFirst = posts.Where(p => Followed.Contains(p.AuthorId)).OrderByDescending(p => p.Position).ToList();
        var cursor = newestFirst[25].Position; // inside a run of equal createdAt values

        var fromMongo = await WalkAsync(mongo, new PostRange(null, cursor), 4);

        Assert.Equal(newestFirst.Take(25).Reverse(), fromMongo);
        Assert.Equal(await WalkAsync(memory, new PostRange(null, cursor), 4), fromMongo);
        var before = await mongo.GetPostsAsync(Followed, new PostRange(cursor, null), 5, None);
        Assert.Equal(newestFirst.Skip(26).Take(5), before);
    }

    [Fact]
    public async Task A_page_holds_only_the_requested_authors()
    {
        var (mongo, _, posts) = await SeedBothAsync(20);
        var page = await mongo.GetPostsAsync(["ben"], PostRange.Newest, 100, None);
        Assert.Equal(posts.Where(p => p.AuthorId == "ben").OrderByDescending(p => p.Position), page);
        Assert.Empty(await mongo.GetPostsAsync(["nobody"], PostRange.Newest, 10, None));
        Assert.Empty(await mongo.GetPostsAsync([], PostRange.Newest, 10, None));
    }

    [Fact]
    public async Task Follows_are_unique_even_when_raced_and_unfollow_reports_whether_there_was_one()
    {
        var store = fixture.CreateStore();
        Assert.True(await store.FollowAsync("ann", "ben", None));
        Assert.False(await store.FollowAsync("ann", "ben", None));

        var raced = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => store.FollowAsync("ann", "cat", None)));
        Assert.Equal(1, raced.Count(added => added));
        Assert.Equal(["ben", "cat"], (await store.GetFolloweesAsync("ann", None)).Order());
        Assert.Equal(2, await Collection(store, "follows").CountDocumentsAsync(new BsonDocument("follower", "ann")));

        Assert.True(await store.UnfollowAsync("ann", "ben", None));
        Assert.False(await store.UnfollowAsync("ann", "ben", None));
        Assert.Equal(["cat"], await store.GetFolloweesAsync("ann", None));
        Assert.Empty(await store.GetFolloweesAsync("nobody", None));
    }

    [Fact]
    public async Task Followers_are_read_by_followee_past_one_batch_and_follow_changes_show_on_the_next_read()
    {
        // The live fan-out's audience of an author: 250 followers need a getMore past the first batch.
        var store = fixture.CreateStore();
        var followers = Enumerable.Range(0, 250).Select(i => $"fan-{i:000}").ToList();
        foreach (var follower in followers)
        {
            Assert.True(await store.FollowAsync(follower, "star", None));
        }
        Assert.True(await store.FollowAsync("fan-000", "someone-else", None));

        Assert.Equal(followers, (await store.GetFollowersAsync("star", None)).Order());
        Assert.True(await store.UnfollowAsync("fan-001", "star", None));
        Assert.DoesNotContain("fan-001", await store.GetFollowersAsync("star", None));
        Assert.Equal(["fan-000"], await store.GetFollowersAsync("someone-else", None));
        Assert.Empty(await store.GetFollowersAsync("nobody", None));
    }

    [Fact]
    public async Task A_user_who_follows_more_than_one_batch_reads_every_followee()
    {
        // The driver's first find batch holds 101 documents: 250 follows need getMore.
        var store = fixture.CreateStore();
        var followees = Enumerable.Range(0, 250).Select(i => $"user-{i:000}").ToList();
        foreach (var followee in followees)
        {
            Assert.True(await store.FollowAsync("ann", followee, None));
        }

        Assert.Equal(followees, (await store.GetFolloweesAsync("ann", None)).Order());
    }

    [Fact]
    public async Task Concurrent_publishes_are_all_stored_and_read_back_in_order()
    {
        var store = fixture.CreateStore();
        var now = DateTimeOffset.UtcNow;
        var posts = Enumerable.Range(0, 120)
            .Select(i => new Post(PostId.New(now), Followed[i % 3], $"post {i}", now.ToUnixTimeMilliseconds() + i % 5))
            .ToList();

        await Task.WhenAll(posts.Select(p => Task.Run(() => store.AddPostAsync(p, None))));

        var page = await store.GetPostsAsync(Followed, PostRange.Newest, 200, None);
        Assert.Equal(posts.OrderByDescending(p => p.Position), page);
    }

    [Fact]
    public async Task EnsureUser_creates_once_keeps_existing_profiles_and_survives_a_race()
    {
        var store = fixture.CreateStore();
        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => store.EnsureUserAsync("u42", None)));
        Assert.All(created, u => Assert.Equal(new UserProfile("u42", "u42", null, null), u));
        Assert.Equal(1, await Collection(store, "users").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));

        await Collection(store, "users").InsertOneAsync(new BsonDocument
        {
            { "_id", "vip" }, { "displayName", "V. I. P." }, { "avatarUrl", "https://example.com/v.png" }, { "bio", "hi" },
        });
        var vip = new UserProfile("vip", "V. I. P.", "https://example.com/v.png", "hi");
        Assert.Equal(vip, await store.EnsureUserAsync("vip", None));
        Assert.Equal(vip, await store.FindUserAsync("vip", None));
        Assert.Null(await store.FindUserAsync("nobody", None));
        Assert.Equal(["u42", "vip"], (await store.FindUsersAsync(["vip", "nobody", "u42"], None)).Select(u => u.Id).Order());
        Assert.Empty(await store.FindUsersAsync([], None));
    }

    [Fact]
    public async Task Documents_have_the_shapes_of_the_design()
    {
        var store = fixture.CreateStore();
        var post = new Post(PostId.New(DateTimeOffset.UtcNow), "ann", "hello", 1_700_000_000_123);
        await store.EnsureUserAsync("ann", None);
        await store.FollowAsync("ann", "ben", None);
        await store.AddPostAsync(post, None);

        var user = await OnlyAsync(store, "users");
        Assert.Equal(["_id", "displayName", "avatarUrl", "bio"], user.Names);
        Assert.Equal(new BsonString("ann"), user["_id"]);
        Assert.Equal(BsonNull.Value, user["avatarUrl"]);
        var follow = await OnlyAsync(store, "follows");
        Assert.Equal(["_id", "follower", "followee", "createdAt"], follow.Names);
        Assert.IsType<BsonObjectId>(follow["_id"]);
        Assert.IsType<BsonDateTime>(follow["createdAt"]);
        var stored = await OnlyAsync(store, "posts");
        Assert.Equal(["_id", "authorId", "text", "createdAt"], stored.Names);
        Assert.Equal(ObjectId.Parse(post.Id), stored["_id"].AsObjectId);
        Assert.Equal(post, (await store.GetPostsAsync(["ann"], PostRange.Newest, 1, None)).Single());
        Assert.Equal(new BsonDateTime(1_700_000_000_123), stored["createdAt"]);
    }

    [Fact]
    public async Task Posts_written_by_other_tools_load_with_their_extra_fields_skipped_in_any_order()
    {
        var store = fixture.CreateStore();
        var id = ObjectId.GenerateNewId();
        await Collection(store, "posts").InsertOneAsync(new BsonDocument
        {
            { "likes", new BsonArray { "ben", "cat" } },
            { "createdAt", new BsonDateTime(1_700_000_000_456) },
            { "meta", new BsonDocument { { "text", "not this one" }, { "_id", 7 } } },
            { "text", "from elsewhere" },
            { "_id", id },
            { "authorId", "ann" },
        });

        var post = Assert.Single(await store.GetPostsAsync(["ann"], PostRange.Newest, 5, None));
        Assert.Equal(new Post(id.ToString(), "ann", "from elsewhere", 1_700_000_000_456), post);
    }

    [Theory]
    [InlineData("createdAt", "A posts document has createdAt of BSON type String; Feed reads it as DateTime.")]
    [InlineData("text", "A posts document has no text.")]
    public async Task A_post_document_Feed_cannot_read_fails_the_call_naming_the_field(string field, string reason)
    {
        var store = fixture.CreateStore();
        var document = new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() }, { "authorId", "ann" }, { "text", "x" }, { "createdAt", new BsonDateTime(1) },
        };
        if (field == "createdAt")
        {
            document[field] = "yesterday";
        }
        else
        {
            document.Remove(field);
        }
        await Collection(store, "posts").InsertOneAsync(document);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetPostsAsync(["ann"], PostRange.Newest, 5, None));
        Assert.Equal("reading the feed failed: the feed database (MongoDB) holds a document Feed cannot read; try again shortly", error.Message);
        Assert.Equal(reason, error.InnerException?.Message);
    }

    [Fact]
    public async Task Indexes_are_unique_on_follower_and_followee_and_cover_the_feed_query()
    {
        var store = fixture.CreateStore();
        await store.EnsureIndexesAsync(None);
        await store.EnsureIndexesAsync(None); // idempotent

        var follows = await (await Collection(store, "follows").Indexes.ListAsync()).ToListAsync();
        var pair = Assert.Single(follows, i => i["name"].AsString == "follower_1_followee_1");
        Assert.Equal(new BsonDocument { { "follower", 1 }, { "followee", 1 } }, pair["key"]);
        Assert.True(pair["unique"].AsBoolean);
        Assert.Contains(follows, i => i["name"].AsString == "followee_1");
        var posts = await (await Collection(store, "posts").Indexes.ListAsync()).ToListAsync();
        var feed = Assert.Single(posts, i => i["name"].AsString == "authorId_1_createdAt_-1");
        Assert.Equal(new BsonDocument { { "authorId", 1 }, { "createdAt", -1 } }, feed["key"]);
    }

    [Theory]
    [InlineData(true, "before")]
    [InlineData(false, "after")]
    public async Task A_cursor_without_an_ObjectId_is_rejected_as_a_bad_cursor(bool before, string field)
    {
        var store = fixture.CreateStore();
        var forged = new FeedCursor(1, "not-an-object-id");
        var range = before ? new PostRange(forged, null) : new PostRange(null, forged);

        var error = await Assert.ThrowsAsync<FeedValidationException>(() => store.GetPostsAsync(Followed, range, 5, None));
        Assert.Equal(field, error.Field);
        Assert.Contains($"{field} is not a valid cursor", error.Message);
    }

    [Fact]
    public async Task A_post_id_that_is_not_an_ObjectId_is_refused_with_a_clear_message()
    {
        var store = fixture.CreateStore();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AddPostAsync(new Post("demo-1", "ann", "x", 1), None));
        Assert.Contains("'demo-1' is not 24 hex digits", error.Message);
    }

    private async Task<(MongoFeedStore Mongo, InMemoryFeedStore Memory, List<Post> Posts)> SeedBothAsync(int count)
    {
        var mongo = fixture.CreateStore();
        var memory = new InMemoryFeedStore();
        var random = new Random(count);
        var baseTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string[] authors = [.. Followed, "outsider"];
        // Four distinct times for all posts: most of the order comes from the _id tie-break.
        var posts = Enumerable.Range(0, count)
            .Select(i => new Post(ObjectId.GenerateNewId().ToString(), authors[i % authors.Length], $"post {i}", baseTime + i % 4))
            .OrderBy(_ => random.Next())
            .ToList();
        foreach (var post in posts)
        {
            await mongo.AddPostAsync(post, None);
            await memory.AddPostAsync(post, None);
        }
        return (mongo, memory, posts);
    }

    /// <summary>Reads pages of <paramref name="take"/> in the range's direction until a short page.</summary>
    private static async Task<List<Post>> WalkAsync(IFeedStore store, PostRange range, int take)
    {
        var all = new List<Post>();
        while (true)
        {
            var page = await store.GetPostsAsync(Followed, range, take, None);
            all.AddRange(page);
            Assert.True(all.Count <= 1000, "pagination does not reach the end: a cursor repeats posts");
            if (page.Count < take)
            {
                return all;
            }
            range = range.Ascending ? new PostRange(null, page[^1].Position) : new PostRange(page[^1].Position, null);
        }
    }

    private static async Task<BsonDocument> OnlyAsync(MongoFeedStore store, string collection) =>
        Assert.Single(await Collection(store, collection).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync());

    private static IMongoCollection<BsonDocument> Collection(MongoFeedStore store, string name) =>
        store.Database.GetCollection<BsonDocument>(name);
}
