using Feed.Mongo.Bson;

namespace Feed.Mongo.Tests.Integration;

public sealed class CursorAndIndexTests(JongoFixture fixture) : IClassFixture<JongoFixture>, IAsyncLifetime
{
    private readonly string _database = JongoFixture.UniqueName("cursor");
    private MongoClient _client = null!;

    public Task InitializeAsync()
    {
        _client = fixture.CreateClient(_database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    private async Task<MongoCollection> SeededAsync(string name, int count)
    {
        var collection = _client.GetDatabase(_database).GetCollection(name);
        await collection.InsertManyAsync(Enumerable.Range(0, count).Select(i => new BsonDocument { { "_id", i }, { "n", i } }));
        return collection;
    }

    [Fact]
    public async Task Find_pages_through_many_batches_with_getMore()
    {
        var collection = await SeededAsync("paged", 25);
        await using var cursor = await collection.FindAsync(new BsonDocument(), new FindOptions { Sort = new BsonDocument("n", 1), BatchSize = 4 });
        var batches = 0;
        var seen = new List<long>();
        while (await cursor.MoveNextBatchAsync())
        {
            batches++;
            Assert.InRange(cursor.CurrentBatch.Count, 1, 4);
            seen.AddRange(cursor.CurrentBatch.Select(d => d["n"].ToInt64()));
        }
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), seen);
        Assert.Equal(7, batches);
        Assert.Equal(0, cursor.Id);
    }

    [Fact]
    public async Task Await_foreach_reads_everything()
    {
        var collection = await SeededAsync("foreach", 9);
        var count = 0;
        await foreach (var document in await collection.FindAsync(new BsonDocument(), new FindOptions { BatchSize = 2 }))
        {
            Assert.True(document.Contains("n"));
            count++;
        }
        Assert.Equal(9, count);
    }

    [Fact]
    public async Task Disposing_early_kills_the_server_cursor()
    {
        var collection = await SeededAsync("killed", 10);
        var cursor = await collection.FindAsync(new BsonDocument(), new FindOptions { BatchSize = 2 });
        Assert.True(await cursor.MoveNextBatchAsync());
        var id = cursor.Id;
        Assert.NotEqual(0, id);

        await cursor.DisposeAsync();

        Assert.Equal(0, cursor.Id);
        var error = await Assert.ThrowsAsync<MongoCommandException>(() => _client.GetDatabase(_database).RunCommandAsync(
            new BsonDocument { { "getMore", id }, { "collection", "killed" } }));
        Assert.Equal(43, error.Code); // CursorNotFound: killCursors reached the server
    }

    [Fact]
    public async Task Breaking_out_of_await_foreach_kills_the_cursor()
    {
        var collection = await SeededAsync("broken-loop", 10);
        var cursor = await collection.FindAsync(new BsonDocument(), new FindOptions { BatchSize = 3 });
        await foreach (var _ in cursor)
        {
            break;
        }
        Assert.Equal(0, cursor.Id);
    }

    [Fact]
    public async Task Unique_index_rejects_duplicates_with_code_11000()
    {
        var follows = _client.GetDatabase(_database).GetCollection("follows");
        var names = await follows.CreateIndexesAsync(
        [
            new CreateIndexModel(new BsonDocument { { "follower", 1 }, { "followee", 1 } }, Unique: true),
            new CreateIndexModel(new BsonDocument("followee", 1)),
        ]);
        Assert.Equal(["follower_1_followee_1", "followee_1"], names);
        var indexes = await follows.ListIndexesAsync();
        Assert.Contains(indexes, i => i["name"].AsString == "follower_1_followee_1" && i.GetValueOrDefault("unique") is BsonBoolean { Value: true });

        await follows.InsertOneAsync(new BsonDocument { { "follower", "a" }, { "followee", "b" } });
        var error = await Assert.ThrowsAnyAsync<MongoServerException>(() =>
            follows.InsertOneAsync(new BsonDocument { { "follower", "a" }, { "followee", "b" } }));
        Assert.True(error.IsDuplicateKey);
        Assert.Equal(MongoServerException.DuplicateKeyCode, error.Code);
        Assert.Equal(1, await follows.CountDocumentsAsync(new BsonDocument()));
    }

    [Fact]
    public async Task Duplicate_id_is_a_duplicate_key_error()
    {
        var collection = await SeededAsync("dup-id", 1);
        var error = await Assert.ThrowsAnyAsync<MongoServerException>(() => collection.InsertOneAsync(new BsonDocument("_id", 0)));
        Assert.True(error.IsDuplicateKey);
    }
}
