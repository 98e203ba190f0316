using System.Net;
using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace Feed.Mongo.Tests;

/// <summary>
/// The mapping seam, fed the driver's own exceptions: built with their constructors where they
/// are public, and raised by the driver itself from mongod-shaped replies where they are not
/// (write errors, through <see cref="MongodWriteErrorProxy"/>). Only a write's duplicate key means
/// "it exists already"; a duplicate key from creating an index is a refusal.
/// </summary>
public sealed class MongoStoreErrorsTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly ConnectionId Connection = new(new ServerId(new ClusterId(1), new DnsEndPoint("mongo", 27017)));

    private static readonly BsonDocument DuplicateKeyReply = new()
    {
        { "ok", 0 }, { "errmsg", "E11000 duplicate key error collection: feed.follows index: follower_1_followee_1 dup key: { follower: \"ann\", followee: \"ben\" }" },
        { "code", 11000 }, { "codeName", "DuplicateKey" },
    };

    [Theory]
    [InlineData("insert", true)]
    [InlineData("update", true)]
    [InlineData("delete", true)]
    [InlineData("findAndModify", true)]
    [InlineData("createIndexes", false)]
    [InlineData("aggregate", false)]
    public void A_duplicate_key_command_error_is_already_existing_only_for_a_write(string command, bool duplicate)
    {
        // jongodb's shape for a write (real MongoDB answers a write with a write error instead);
        // any server's shape for createIndexes over a collection that already holds a duplicate.
        var error = new MongoCommandException(Connection, $"Command {command} failed: E11000 duplicate key error.",
            new BsonDocument { { command, "follows" }, { "$db", "feed" } }, DuplicateKeyReply);

        Assert.Equal(duplicate, MongoStoreErrors.IsDuplicateKey(error));
        Assert.True(MongoStoreErrors.IsRefusal(error));
    }

    [Fact]
    public void Write_exceptions_without_a_duplicate_key_and_a_stepping_down_primary_are_neither()
    {
        Assert.False(MongoStoreErrors.IsDuplicateKey(new MongoWriteException(Connection, null, null, null)));
        Assert.False(MongoStoreErrors.IsDuplicateKey(new MongoBulkWriteException<BsonDocument>(Connection, new BulkWriteResult<BsonDocument>.Unacknowledged(0, []), [], null, [])));
        var command = new BsonDocument("createIndexes", "follows");
        var notPrimary = new MongoNotPrimaryException(Connection, command, new BsonDocument { { "ok", 0 }, { "code", 10107 }, { "errmsg", "not primary" } });
        Assert.False(MongoStoreErrors.IsRefusal(notPrimary));
        Assert.False(MongoStoreErrors.IsDuplicateKey(notPrimary));
        Assert.False(MongoStoreErrors.IsRefusal(new MongoConnectionException(Connection, "refused")));
    }

    [Fact]
    public async Task Mongods_write_errors_raised_by_the_driver_are_duplicate_keys()
    {
        await using var proxy = new MongodWriteErrorProxy(fixture.Mongo.Port);
        var store = fixture.CreateStoreAt($"mongodb://127.0.0.1:{proxy.Port}/{MongoStoreFixture.UniqueDatabase("writeerrors")}");
        var follows = store.Database.GetCollection<BsonDocument>("follows");
        await store.EnsureIndexesAsync(CancellationToken.None);
        var pair = new BsonDocument { { "follower", "ann" }, { "followee", "ben" } };
        await follows.InsertOneAsync(pair.DeepClone().AsBsonDocument);

        var one = await Assert.ThrowsAsync<MongoWriteException>(() => follows.InsertOneAsync(pair.DeepClone().AsBsonDocument));
        var many = await Assert.ThrowsAnyAsync<MongoBulkWriteException>(() => follows.InsertManyAsync([pair.DeepClone().AsBsonDocument]));

        Assert.True(MongoStoreErrors.IsDuplicateKey(one));
        Assert.True(MongoStoreErrors.IsDuplicateKey(many));
        Assert.False(MongoStoreErrors.IsRefusal(one));
        // And the store reads them as "already following", the way it will on a real MongoDB.
        Assert.True(await store.FollowAsync("cat", "dan", CancellationToken.None));
        Assert.False(await store.FollowAsync("cat", "dan", CancellationToken.None));
        Assert.Equal(3, proxy.Rewritten);
    }

    [Fact]
    public async Task A_follows_collection_holding_a_duplicate_pair_fails_follows_instead_of_answering_already_following()
    {
        var store = fixture.CreateStore();
        var follows = store.Database.GetCollection<BsonDocument>("follows");
        // Imported data: the same follow twice, so MongoDB cannot build the unique index.
        await follows.InsertManyAsync([Follow("ann", "ben"), Follow("ann", "ben")]);

        var first = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FollowAsync("cat", "dan", CancellationToken.None));
        var again = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FollowAsync("cat", "dan", CancellationToken.None));

        foreach (var error in new[] { first, again })
        {
            Assert.StartsWith("following (MongoDB refused to create the feed indexes) failed: the feed database (MongoDB) returned error 11000 DuplicateKey", error.Message);
            Assert.IsType<MongoCommandException>(error.InnerException);
        }
        Assert.IsType<MongoCommandException>(store.IndexRefusal);
        Assert.Equal(0, await follows.CountDocumentsAsync(new BsonDocument("follower", "cat")));

        // Someone removes the duplicate: the next creation succeeds and follows work again.
        await follows.DeleteOneAsync(new BsonDocument("follower", "ann"));
        await store.EnsureIndexesAsync(CancellationToken.None);
        Assert.Null(store.IndexRefusal);
        Assert.True(await store.FollowAsync("cat", "dan", CancellationToken.None));
        Assert.False(await store.FollowAsync("cat", "dan", CancellationToken.None));
    }

    private static BsonDocument Follow(string follower, string followee) =>
        new() { { "follower", follower }, { "followee", followee }, { "createdAt", DateTime.UtcNow } };
}
