using Feed.Core;
using Feed.Mongo;
using static Feed.Server.Storage.MongoFeedSchema;

namespace Feed.Server.Storage;

// Posts and readiness.
public sealed partial class MongoFeedStore
{
    private int _health; // 0 unknown, 1 reachable, 2 unreachable: log only the changes

    public async Task AddPostAsync(Post post, CancellationToken cancellationToken)
    {
        var document = ToDocument(post);
        try
        {
            await _posts.InsertOneAsync(document, cancellationToken);
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
        // limit = batchSize: the whole page comes back in the first batch and the server closes the cursor.
        var options = new FindOptions { Sort = MongoFeedQuery.Sort(range), Limit = take, BatchSize = take };
        try
        {
            await using var cursor = await _posts.FindAsync(filter, options, cancellationToken);
            var posts = new List<Post>(take);
            while (await cursor.MoveNextBatchAsync(cancellationToken))
            {
                foreach (var document in cursor.CurrentBatch)
                {
                    posts.Add(ToPost(document));
                }
            }
            return posts;
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
            await _database.PingAsync(cancellationToken);
        }
        catch (Exception e) when (e is MongoException or InvalidDataException or OperationCanceledException)
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
