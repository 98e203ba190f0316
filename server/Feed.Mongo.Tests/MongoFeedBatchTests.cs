using System.Collections.Concurrent;
using Feed.Core;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace Feed.Mongo.Tests;

/// <summary>
/// The feed query never puts more than 200 authors in one <c>$in</c> (mongod sorts a larger one in
/// memory): it is split and merged, with the in-memory store as the oracle. Posts by id too.
/// </summary>
public sealed class MongoFeedBatchTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>, IDisposable
{
    private readonly List<MongoClient> _clients = [];
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly ConcurrentQueue<int> _inSizes = new();

    [Fact]
    public async Task A_query_over_450_authors_runs_as_finds_of_at_most_200_and_merges_to_the_same_pages()
    {
        var mongo = CreateWatchedStore();
        var memory = new InMemoryFeedStore();
        var authors = Enumerable.Range(0, 450).Select(i => $"author{i}").ToList();
        var baseTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var random = new Random(22);
        foreach (var author in authors)
        {
            for (var i = 0; i < 2; i++)
            {
                var post = new Post(ObjectId.GenerateNewId().ToString(), author, "x", baseTime + random.Next(50));
                await mongo.AddPostAsync(post, None);
                await memory.AddPostAsync(post, None);
            }
        }
        _inSizes.Clear();

        var newest = await mongo.GetPostsAsync(authors, PostRange.Newest, 25, None);
        var older = await mongo.GetPostsAsync(authors, new PostRange(newest[^1].Position, null), 25, None);
        var after = await mongo.GetPostsAsync(authors, new PostRange(null, older[^1].Position), 30, None);

        Assert.Equal(await memory.GetPostsAsync(authors, PostRange.Newest, 25, None), newest);
        Assert.Equal(await memory.GetPostsAsync(authors, new PostRange(newest[^1].Position, null), 25, None), older);
        Assert.Equal(await memory.GetPostsAsync(authors, new PostRange(null, older[^1].Position), 30, None), after);
        Assert.Equal(9, _inSizes.Count);
        Assert.All(_inSizes, size => Assert.InRange(size, 1, 200));
    }

    [Fact]
    public async Task Posts_by_id_are_one_find_and_unknown_or_foreign_ids_are_left_out()
    {
        var mongo = CreateWatchedStore();
        var posts = Enumerable.Range(0, 5).Select(i => new Post(ObjectId.GenerateNewId().ToString(), "ann", $"p{i}", 1000 + i)).ToList();
        foreach (var post in posts)
        {
            await mongo.AddPostAsync(post, None);
        }

        var found = await mongo.GetPostsByIdAsync([posts[1].Id, posts[3].Id, ObjectId.GenerateNewId().ToString(), "not-an-object-id"], None);

        Assert.Equal([posts[1], posts[3]], found.OrderBy(p => p.CreatedAt));
        Assert.Empty(await mongo.GetPostsByIdAsync(["not-an-object-id"], None));
    }

    [Fact]
    public async Task Which_of_450_candidates_a_user_follows_is_answered_as_the_memory_store_does_past_one_batch()
    {
        var mongo = CreateWatchedStore();
        var memory = new InMemoryFeedStore();
        var candidates = Enumerable.Range(0, 450).Select(i => $"user{i}").ToList();
        foreach (var followee in candidates.Where((_, i) => i % 3 != 0).Append("not-a-candidate"))
        {
            await mongo.FollowAsync("fan", followee, None);
            await memory.FollowAsync("fan", followee, None);
        }
        await mongo.FollowAsync("someone-else", "user0", None);

        var followed = await mongo.GetFollowedAmongAsync("fan", candidates, None);

        Assert.Equal(300, followed.Count);
        Assert.Equal((await memory.GetFollowedAmongAsync("fan", candidates, None)).Order(StringComparer.Ordinal), followed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("user0", followed);
        Assert.Empty(await mongo.GetFollowedAmongAsync("nobody", candidates, None));
    }

    private MongoFeedStore CreateWatchedStore()
    {
        var connectionString = fixture.Mongo.ConnectionString(MongoStoreFixture.UniqueDatabase("batch"));
        var settings = MongoConnectionSettings.ClientSettings(connectionString, new MongoServerEvents(), NullLoggerFactory.Instance);
        var configure = settings.ClusterConfigurator;
        settings.ClusterConfigurator = builder =>
        {
            configure?.Invoke(builder);
            builder.Subscribe<CommandStartedEvent>(e =>
            {
                if (e.CommandName == "find" && e.Command["find"] == "posts" && e.Command.TryGetValue("filter", out var filter)
                    && filter.AsBsonDocument.TryGetValue("authorId", out var author))
                {
                    _inSizes.Enqueue(author["$in"].AsBsonArray.Count);
                }
            });
        };
        var client = new MongoClient(settings);
        _clients.Add(client);
        var database = MongoConnectionSettings.DatabaseName(MongoConnectionSettings.Parse(connectionString));
        return new MongoFeedStore(client.GetDatabase(database), TimeProvider.System, NullLogger<MongoFeedStore>.Instance);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
