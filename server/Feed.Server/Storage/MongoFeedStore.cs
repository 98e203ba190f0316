using Feed.Core;
using Feed.Mongo;
using Feed.Mongo.Bson;
using static Feed.Server.Storage.MongoFeedSchema;

namespace Feed.Server.Storage;

/// <summary>
/// <see cref="IFeedStore"/> on MongoDB (the data model is in <see cref="MongoFeedSchema"/>).
/// Every call is one round trip except a first-time <see cref="EnsureUserAsync"/> (read, then
/// upsert). Any failure to use the database surfaces as <see cref="StoreUnavailableException"/>.
/// Indexes are created by <see cref="EnsureIndexesAsync"/>, which the host retries in the
/// background until MongoDB answers; follows wait for it, so the unique index is always there
/// before a follow is written. Posts live in MongoFeedStore.Posts.cs.
/// </summary>
public sealed partial class MongoFeedStore : IFeedStore
{
    private readonly MongoDatabase _database;
    private readonly MongoCollection _users;
    private readonly MongoCollection _follows;
    private readonly MongoCollection _posts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _indexesReady;

    public MongoFeedStore(MongoDatabase database, TimeProvider time, ILogger<MongoFeedStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _users = database.GetCollection(Users);
        _follows = database.GetCollection(Follows);
        _posts = database.GetCollection(Posts);
        _time = time;
        _logger = logger;
    }

    public MongoDatabase Database => _database;

    public async Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var document = await _users.FindOneAsync(new BsonDocument(Id, userId), cancellationToken: cancellationToken);
            return document is null ? null : ToUser(document);
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("reading a user", e);
        }
    }

    public async Task<IReadOnlyList<UserProfile>> FindUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return [];
        }
        try
        {
            var ids = new BsonArray();
            foreach (var id in userIds)
            {
                ids.Add(new BsonString(id));
            }
            await using var cursor = await _users.FindAsync(new BsonDocument(Id, new BsonDocument("$in", ids)), cancellationToken: cancellationToken);
            var users = new List<UserProfile>(userIds.Count);
            await foreach (var document in cursor.WithCancellation(cancellationToken))
            {
                users.Add(ToUser(document));
            }
            return users;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("reading profiles", e);
        }
    }

    public async Task<UserProfile> EnsureUserAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            if (await FindUserAsync(userId, cancellationToken) is { } existing)
            {
                return existing;
            }
            // $setOnInsert: a user created meanwhile by another instance keeps its profile.
            var update = new BsonDocument("$setOnInsert", NewUserFields(userId));
            var result = await _users.UpdateOneAsync(new BsonDocument(Id, userId), update, upsert: true, cancellationToken);
            return result.UpsertedId is not null
                ? new UserProfile(userId, userId, null, null)
                : await FindUserAsync(userId, cancellationToken) ?? new UserProfile(userId, userId, null, null);
        }
        catch (MongoServerException e) when (e.IsDuplicateKey)
        {
            // Two upserts of one new _id raced and the loser's insert hit the _id index: it exists now.
            return await FindUserAsync(userId, cancellationToken) ?? throw Failed("creating a user", e);
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("creating a user", e);
        }
    }

    public async Task<bool> FollowAsync(string follower, string followee, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureIndexesAsync(cancellationToken);
            await _follows.InsertOneAsync(ToDocument(follower, followee, _time.GetUtcNow()), cancellationToken);
            return true;
        }
        catch (MongoServerException e) when (e.IsDuplicateKey)
        {
            return false;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("following", e);
        }
    }

    public async Task<bool> UnfollowAsync(string follower, string followee, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _follows.DeleteOneAsync(new BsonDocument { { Follower, follower }, { Followee, followee } }, cancellationToken);
            return result.DeletedCount > 0;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("unfollowing", e);
        }
    }

    public async Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var options = new FindOptions { Projection = FolloweeOnly };
            await using var cursor = await _follows.FindAsync(new BsonDocument(Follower, userId), options, cancellationToken);
            var followees = new List<string>();
            await foreach (var document in cursor.WithCancellation(cancellationToken))
            {
                followees.Add(document[Followee].AsString);
            }
            return followees;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("reading follows", e);
        }
    }

    /// <summary>Creates the indexes (idempotent on the server); after one success it is free.</summary>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexesReady)
        {
            return;
        }
        await _follows.CreateIndexesAsync(FollowIndexes, cancellationToken);
        await _posts.CreateIndexesAsync(PostIndexes, cancellationToken);
        _indexesReady = true;
        MongoStoreLog.IndexesReady(_logger, _database.Name);
    }

    private StoreUnavailableException Failed(string operation, Exception e)
    {
        MongoStoreLog.CallFailed(_logger, operation, e.Message);
        return MongoStoreErrors.Unavailable(operation, e);
    }

    private static readonly BsonDocument FolloweeOnly = new() { { Followee, 1 }, { Id, 0 } };
}
