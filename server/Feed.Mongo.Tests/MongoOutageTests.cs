using Feed.Core;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Mongo.Tests;

/// <summary>
/// MongoDB going away and coming back, with a jongodb per test (killed, then restarted empty
/// on the same port). serverSelectionTimeoutMS is short so calls fail quickly; every wait is on
/// a condition with a generous deadline.
/// </summary>
public sealed class MongoOutageTests
{
    private const string FastFailure = "serverSelectionTimeoutMS=1000";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Store_calls_fail_with_a_clear_error_while_mongo_is_down_and_work_once_it_is_back()
    {
        await using var fixture = await StartedFixture();
        var store = fixture.CreateStore(FastFailure);
        await store.EnsureUserAsync("ann", None);

        await fixture.Mongo.KillAsync();

        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetPostsAsync(["ann"], PostRange.Newest, 5, None));
        Assert.Equal("reading the feed failed: the feed database (MongoDB) cannot be reached; try again shortly", read.Message);
        var write = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.AddPostAsync(new Post(PostId.New(DateTimeOffset.UtcNow), "ann", "lost", 1), None));
        Assert.Equal("publishing failed: the feed database (MongoDB) cannot be reached; try again shortly", write.Message);
        var follow = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FollowAsync("ann", "ben", None));
        Assert.StartsWith("following failed: the feed database (MongoDB) cannot be reached", follow.Message);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckHealthAsync(None));

        await fixture.Mongo.RestartAsync();

        await Eventually.SucceedsAsync(() => store.CheckHealthAsync(None));
        Assert.True(await store.FollowAsync("ann", "ben", None));
        Assert.Equal(["ben"], await store.GetFolloweesAsync("ann", None));
    }

    [Fact]
    public async Task A_host_creates_the_indexes_at_start_and_again_after_mongo_comes_back_without_them()
    {
        await using var fixture = await StartedFixture();
        var database = MongoStoreFixture.UniqueDatabase("indexes");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMongoFeedStore(fixture.Mongo.ConnectionString(database, FastFailure));
        using var host = builder.Build();
        await host.StartAsync();
        var posts = host.Services.GetRequiredService<IMongoClient>().GetDatabase(database).GetCollection<BsonDocument>("posts");

        await Eventually.SucceedsAsync(async () => Assert.Contains("authorId_1_createdAt_-1", await IndexNamesAsync(posts)));

        await fixture.Mongo.KillAsync();
        await fixture.Mongo.RestartAsync(); // a new, empty server: no collections, no indexes

        await Eventually.SucceedsAsync(async () => Assert.Contains("authorId_1_createdAt_-1", await IndexNamesAsync(posts)));
        var follows = posts.Database.GetCollection<BsonDocument>("follows");
        Assert.Contains("follower_1_followee_1", await IndexNamesAsync(follows));
        await host.StopAsync();
    }

    private static async Task<List<string>> IndexNamesAsync(IMongoCollection<BsonDocument> collection) =>
        (await (await collection.Indexes.ListAsync()).ToListAsync()).ConvertAll(i => i["name"].AsString);

    private static async Task<MongoStoreFixture> StartedFixture()
    {
        // A fixture of its own per test: these tests kill the server.
        var fixture = new MongoStoreFixture();
        await fixture.InitializeAsync();
        return fixture;
    }
}
