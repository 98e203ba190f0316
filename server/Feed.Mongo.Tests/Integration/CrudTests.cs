using Feed.Mongo.Bson;

namespace Feed.Mongo.Tests.Integration;

public sealed class CrudTests(JongoFixture fixture) : IClassFixture<JongoFixture>, IAsyncLifetime
{
    private readonly string _database = JongoFixture.UniqueName("crud");
    private MongoClient _client = null!;

    public Task InitializeAsync()
    {
        _client = fixture.CreateClient(_database, "appName=crud-tests");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    private MongoCollection Collection(string name) => _client.GetDatabase(_database).GetCollection(name);

    [Fact]
    public async Task Ping_succeeds()
    {
        await _client.PingAsync();
        await _client.GetDatabase(_database).PingAsync();
    }

    [Fact]
    public async Task Insert_find_update_delete_round_trip()
    {
        var users = Collection("users");
        var post = new BsonDocument { { "text", "hello" }, { "likes", 1 } };
        await users.InsertOneAsync(post);
        var id = post["_id"].AsObjectId;
        Assert.NotEqual(ObjectId.Empty, id);

        var found = await users.FindOneAsync(new BsonDocument("_id", id));
        Assert.NotNull(found);
        Assert.Equal("hello", found["text"].AsString);

        var updated = await users.UpdateOneAsync(new BsonDocument("_id", id), new BsonDocument("$set", new BsonDocument("text", "edited")));
        Assert.Equal(new UpdateResult(1, 1, null), updated);
        Assert.Equal("edited", (await users.FindOneAsync(new BsonDocument("_id", id)))!["text"].AsString);

        var upserted = await users.UpdateOneAsync(new BsonDocument("_id", "u1"), new BsonDocument("$set", new BsonDocument("likes", 5)), upsert: true);
        Assert.Equal(0, upserted.MatchedCount);
        Assert.Equal(new BsonString("u1"), upserted.UpsertedId);

        var many = await users.UpdateManyAsync(new BsonDocument(), new BsonDocument("$inc", new BsonDocument("likes", 1)));
        Assert.Equal(2, many.MatchedCount);
        Assert.Equal(6, (await users.FindOneAsync(new BsonDocument("_id", "u1")))!["likes"].ToInt64());

        Assert.Equal(1, (await users.DeleteOneAsync(new BsonDocument("_id", id))).DeletedCount);
        Assert.Null(await users.FindOneAsync(new BsonDocument("_id", id)));
        Assert.Equal(1, (await users.DeleteManyAsync(new BsonDocument())).DeletedCount);
        Assert.Equal(0, await users.CountDocumentsAsync(new BsonDocument()));
    }

    [Fact]
    public async Task Insert_many_count_and_aggregate()
    {
        var posts = Collection("posts");
        var inserted = await posts.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument { { "n", i }, { "author", i % 2 == 0 ? "even" : "odd" } }));
        Assert.Equal(10, inserted);
        Assert.Equal(5, await posts.CountDocumentsAsync(new BsonDocument("author", "even")));
        Assert.Equal(3, await posts.CountDocumentsAsync(new BsonDocument("n", new BsonDocument("$gte", 7))));

        await using var cursor = await posts.AggregateAsync(
        [
            new BsonDocument("$match", new BsonDocument("author", "odd")),
            new BsonDocument("$sort", new BsonDocument("n", -1)),
            new BsonDocument("$limit", 2),
        ]);
        var top = await cursor.ToListAsync();
        Assert.Equal([9L, 7L], top.Select(d => d["n"].ToInt64()));
    }

    [Fact]
    public async Task Find_applies_filter_sort_skip_and_limit()
    {
        var posts = Collection("sorted");
        await posts.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument { { "_id", i }, { "n", i }, { "secret", "x" } }));
        await using var cursor = await posts.FindAsync(new BsonDocument("n", new BsonDocument("$lt", 8)), new FindOptions
        {
            Sort = new BsonDocument("n", -1),
            Skip = 1,
            Limit = 3,
        });
        var page = await cursor.ToListAsync();
        Assert.Equal([6L, 5L, 4L], page.Select(d => d["n"].ToInt64()));
    }

    [Fact]
    public async Task Unknown_command_is_a_command_exception_with_the_server_code()
    {
        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            _client.GetDatabase(_database).RunCommandAsync(new BsonDocument("noSuchCommand", 1)));
        Assert.Equal(59, error.Code);
        Assert.Equal("CommandNotFound", error.CodeName);
        Assert.False(error.IsDuplicateKey);
    }
}
