using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;
using static Feed.Mongo.MongoFeedSchema;

namespace Feed.Mongo;

// Posts and readiness.
public sealed partial class MongoFeedStore
{
    private static readonly BsonDocumentCommand<BsonDocument> Ping = new(new BsonDocument("ping", 1));
    private int _health; // 0 unknown, 1 reachable, 2 unreachable: log only the changes

    public async Task AddPostAsync(Post post, CancellationToken cancellationToken)
    {
        try
        {
            await _posts.InsertOneAsync(post, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("publishing", e);
        }
    }

    public async Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken)
    {
        if (authorIds.Count == 0 || take <= 0)
        {
            return [];
        }
        var filter = MongoFeedQuery.Filter(authorIds, range);
        try
        {
            // limit = batchSize: the whole page comes back in the first batch and the server closes
            // the cursor. The page is copied out of the driver's batches into a list of its final
            // size (ToListAsync would grow a second list from empty).
            var options = new FindOptions<Post> { Sort = MongoFeedQuery.Sort(range), Limit = take, BatchSize = take };
            using var cursor = await _posts.FindAsync(filter, options, cancellationToken);
            var page = new List<Post>(take);
            while (await cursor.MoveNextAsync(cancellationToken))
            {
                page.AddRange(cursor.Current);
            }
            return page;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("reading the feed", e);
        }
    }

    /// <summary>A ping; logs when MongoDB becomes unreachable and when it is back.</summary>
    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _database.RunCommandAsync(Ping, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, CancellationToken.None))
        {
            if (Interlocked.Exchange(ref _health, 2) != 2)
            {
                MongoStoreLog.Unreachable(_logger, e is OperationCanceledException ? "no answer to a ping in time" : e.Message);
            }
            throw MongoStoreErrors.Unavailable("ping", e);
        }
        if (Interlocked.Exchange(ref _health, 1) == 2)
        {
            MongoStoreLog.Reachable(_logger);
        }
    }
}
