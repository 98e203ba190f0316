using Feed.Core;
using MongoDB.Driver;
using static Feed.Mongo.MongoFeedSchema;

namespace Feed.Mongo;

/// <summary>
/// <see cref="IFeedStore"/> on MongoDB through the official driver (the data model is in
/// <see cref="MongoFeedSchema"/>). Every call is one round trip except a first-time
/// <see cref="EnsureUserAsync"/> (read, then upsert). Any failure to use the database surfaces
/// as <see cref="StoreUnavailableException"/> (mapped in <see cref="MongoStoreErrors"/>).
/// Indexes are created by <see cref="EnsureIndexesAsync"/>, which <see cref="MongoIndexMaintainer"/>
/// runs at startup and again whenever the server comes back; follows wait for it, so the unique
/// index is there before a follow is written, and fail while MongoDB refuses to create it
/// (<see cref="IndexRefusal"/>). Posts and readiness live in MongoFeedStore.Posts.cs.
/// </summary>
public sealed partial class MongoFeedStore : IFeedStore
{
    private const string FollowIndexRefused = "following (MongoDB refused to create the feed indexes)";
    private static readonly FilterDefinitionBuilder<UserDocument> WhereUser = Builders<UserDocument>.Filter;
    private static readonly FilterDefinitionBuilder<FollowDocument> WhereFollow = Builders<FollowDocument>.Filter;
    private static readonly ProjectionDefinition<FollowDocument> FolloweeOnly =
        Builders<FollowDocument>.Projection.Include(f => f.Followee).Exclude(f => f.Id);
    private static readonly ProjectionDefinition<FollowDocument> FollowerOnly =
        Builders<FollowDocument>.Projection.Include(f => f.Follower).Exclude(f => f.Id);

    private readonly IMongoDatabase _database;
    private readonly IMongoCollection<UserDocument> _users;
    private readonly IMongoCollection<FollowDocument> _follows;
    private readonly IMongoCollection<Post> _posts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _indexesReady;
    private volatile Exception? _indexRefusal;

    public MongoFeedStore(IMongoDatabase database, TimeProvider time, ILogger<MongoFeedStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _users = database.GetCollection<UserDocument>(Users);
        _follows = database.GetCollection<FollowDocument>(Follows);
        PostSerializer.Register();
        _posts = database.GetCollection<Post>(Posts);
        _time = time;
        _logger = logger;
    }

    public IMongoDatabase Database => _database;

    public async Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var user = await _users.Find(WhereUser.Eq(u => u.Id, userId)).FirstOrDefaultAsync(cancellationToken);
            return user is null ? null : ToUser(user);
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
            var users = await _users.Find(WhereUser.In(u => u.Id, userIds)).ToListAsync(cancellationToken);
            return users.ConvertAll(ToUser);
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
            var result = await _users.UpdateOneAsync(WhereUser.Eq(u => u.Id, userId), NewUserFields(userId),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
            return result.UpsertedId is not null
                ? new UserProfile(userId, userId, null, null)
                : await FindUserAsync(userId, cancellationToken) ?? new UserProfile(userId, userId, null, null);
        }
        catch (Exception e) when (MongoStoreErrors.IsDuplicateKey(e))
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
        await EnsureFollowIndexAsync(cancellationToken);
        try
        {
            await _follows.InsertOneAsync(ToDocument(follower, followee, _time.GetUtcNow()), cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception e) when (MongoStoreErrors.IsDuplicateKey(e))
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
            var filter = WhereFollow.Eq(f => f.Follower, follower) & WhereFollow.Eq(f => f.Followee, followee);
            var result = await _follows.DeleteOneAsync(filter, cancellationToken);
            return result.DeletedCount > 0;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("unfollowing", e);
        }
    }

    public Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken) =>
        ReadFollowsAsync(WhereFollow.Eq(f => f.Follower, userId), FolloweeOnly, f => f.Followee, "reading follows", cancellationToken);

    /// <summary>Served by the index on followee.</summary>
    public Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken) =>
        ReadFollowsAsync(WhereFollow.Eq(f => f.Followee, userId), FollowerOnly, f => f.Follower, "reading followers", cancellationToken);

    /// <summary>Served by the unique index on (follower, followee), 200 candidates a query at most.</summary>
    public async Task<IReadOnlySet<string>> GetFollowedAmongAsync(string follower, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
    {
        var followed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in candidates.Distinct(StringComparer.Ordinal).Chunk(MongoFeedQuery.MaxAuthorsPerQuery))
        {
            var filter = WhereFollow.Eq(f => f.Follower, follower) & WhereFollow.In(f => f.Followee, batch);
            followed.UnionWith(await ReadFollowsAsync(filter, FolloweeOnly, f => f.Followee, "reading follows", cancellationToken));
        }
        return followed;
    }

    /// <summary>One side of the follows matching <paramref name="filter"/>; the projection keeps each reply document to that field.</summary>
    private async Task<IReadOnlyList<string>> ReadFollowsAsync(FilterDefinition<FollowDocument> filter, ProjectionDefinition<FollowDocument> projection,
        Func<FollowDocument, string> side, string doing, CancellationToken cancellationToken)
    {
        try
        {
            var follows = await _follows.Find(filter).Project<FollowDocument>(projection).ToListAsync(cancellationToken);
            return follows.ConvertAll(f => side(f));
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed(doing, e);
        }
    }

    /// <summary>Creates the indexes (idempotent on the server); after one success it is free
    /// until <see cref="IndexesMayBeMissing"/>. A refusal is kept in <see cref="IndexRefusal"/>.</summary>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexesReady)
        {
            return;
        }
        try
        {
            await _follows.Indexes.CreateManyAsync(FollowIndexes, cancellationToken);
            await _posts.Indexes.CreateManyAsync(PostIndexes, cancellationToken);
        }
        catch (Exception e) when (MongoStoreErrors.IsRefusal(e))
        {
            _indexRefusal = e;
            throw;
        }
        _indexRefusal = null;
        _indexesReady = true;
        MongoStoreLog.IndexesReady(_logger, _database.DatabaseNamespace.DatabaseName);
    }

    /// <summary>Why MongoDB last refused to create the indexes (imported follows holding a
    /// duplicate pair, a conflicting index of the same name, a missing privilege); null once they
    /// are in place, and while MongoDB has not answered.</summary>
    internal Exception? IndexRefusal => _indexRefusal;

    /// <summary>The server came back and may be a new, empty one: create the indexes again on the next call.</summary>
    internal void IndexesMayBeMissing() => _indexesReady = false;

    /// <summary>
    /// The unique (follower, followee) index is what keeps a follow from being stored twice, so
    /// none is written before it exists. Its failures are mapped here, never by the write's
    /// mapping: createIndexes answering "duplicate key" means the collection already holds a
    /// duplicate pair, not that this follow exists.
    /// </summary>
    private async Task EnsureFollowIndexAsync(CancellationToken cancellationToken)
    {
        if (_indexesReady)
        {
            return;
        }
        // Refused already: MongoIndexMaintainer tries again in the background; trying per follow
        // would rebuild the index over the whole collection each time.
        if (_indexRefusal is { } refusal)
        {
            throw Failed(FollowIndexRefused, refusal);
        }
        try
        {
            await EnsureIndexesAsync(cancellationToken);
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed(MongoStoreErrors.IsRefusal(e) ? FollowIndexRefused : "following", e);
        }
    }

    private StoreUnavailableException Failed(string operation, Exception e)
    {
        MongoStoreLog.CallFailed(_logger, operation, e.Message);
        return MongoStoreErrors.Unavailable(operation, e);
    }
}
