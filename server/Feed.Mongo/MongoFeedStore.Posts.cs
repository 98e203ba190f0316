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

    /// <summary>
    /// One find per <see cref="MongoFeedQuery.MaxAuthorsPerQuery"/> authors, run together and merged:
    /// above that many values in an <c>$in</c>, mongod stops merging the authors' index ranges in
    /// order and sorts every post of every author in memory (internalQueryMaxScansToExplode).
    /// </summary>
    public async Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken)
    {
        if (authorIds.Count == 0 || take <= 0)
        {
            return [];
        }
        if (authorIds.Count <= MongoFeedQuery.MaxAuthorsPerQuery)
        {
            return await FindPageAsync(authorIds, range, take, cancellationToken);
        }
        var batches = await Task.WhenAll(authorIds.Chunk(MongoFeedQuery.MaxAuthorsPerQuery)
            .Select(batch => FindPageAsync(batch, range, take, cancellationToken)));
        var merged = batches.SelectMany(b => b).ToList();
        merged.Sort((a, b) => range.Ascending ? a.Position.CompareTo(b.Position) : b.Position.CompareTo(a.Position));
        return merged.Count > take ? merged.GetRange(0, take) : merged;
    }

    private async Task<IReadOnlyList<Post>> FindPageAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken)
    {
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

    /// <summary>One find by <c>_id $in</c> (a home timeline's page); ids that are not ObjectIds name no post here.</summary>
    public async Task<IReadOnlyList<Post>> GetPostsByIdAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken)
    {
        var ids = new BsonArray(postIds.Count);
        foreach (var postId in postIds)
        {
            if (ObjectId.TryParse(postId, out var id))
            {
                ids.Add(id);
            }
        }
        if (ids.Count == 0)
        {
            return [];
        }
        try
        {
            var options = new FindOptions<Post> { BatchSize = ids.Count };
            using var cursor = await _posts.FindAsync(new BsonDocument(Id, new BsonDocument("$in", ids)), options, cancellationToken);
            var posts = new List<Post>(ids.Count);
            while (await cursor.MoveNextAsync(cancellationToken))
            {
                posts.AddRange(cursor.Current);
            }
            return posts;
        }
        catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failed("reading posts", e);
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
