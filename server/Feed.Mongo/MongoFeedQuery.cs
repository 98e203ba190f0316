using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;
using static Feed.Mongo.MongoFeedSchema;

namespace Feed.Mongo;

/// <summary>
/// The feed read as a <c>find</c> on posts (one per <see cref="MaxAuthorsPerQuery"/> authors,
/// merged by the store): the authors by <c>$in</c>, the page boundary as
/// a (createdAt, _id) keyset condition, sorted on both so posts of the same millisecond keep
/// one stable order across pages:
/// <code>
/// before: { authorId: { $in: [..] }, $or: [ { createdAt: { $lt: t } }, { createdAt: t, _id: { $lt: id } } ] }  sort { createdAt: -1, _id: -1 }
/// after:  { authorId: { $in: [..] }, $or: [ { createdAt: { $gt: t } }, { createdAt: t, _id: { $gt: id } } ] }  sort { createdAt: 1, _id: 1 }
/// </code>
/// Lowercase hex orders like the ObjectId bytes, so this is the in-memory store's ordinal order.
/// Built as BSON documents, not the driver's expression builders: this runs for every page and
/// every gap-fill, and rendering an expression filter costs more than the find's own reply
/// (measured in docs/benchmarks.md, MongoDB store).
/// </summary>
internal static class MongoFeedQuery
{
    /// <summary>mongod's internalQueryMaxScansToExplode default: above it an <c>$in</c> is sorted in memory.</summary>
    public const int MaxAuthorsPerQuery = 200;

    // Shared read-only: the driver only serializes them.
    private static readonly SortDefinition<Post> NewestFirst = new BsonDocument { { CreatedAt, -1 }, { Id, -1 } };
    private static readonly SortDefinition<Post> OldestFirst = new BsonDocument { { CreatedAt, 1 }, { Id, 1 } };
    private static readonly long LatestTime = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static SortDefinition<Post> Sort(PostRange range) => range.Ascending ? OldestFirst : NewestFirst;

    public static FilterDefinition<Post> Filter(IReadOnlyCollection<string> authorIds, PostRange range)
    {
        var authors = new BsonArray(authorIds.Count);
        foreach (var authorId in authorIds)
        {
            authors.Add(authorId);
        }
        var filter = new BsonDocument(AuthorId, new BsonDocument("$in", authors));
        if (range.After is { } after)
        {
            filter.Add("$or", Beyond(after, "$gt", "after"));
        }
        else if (range.Before is { } before)
        {
            filter.Add("$or", Beyond(before, "$lt", "before"));
        }
        return filter;
    }

    private static BsonArray Beyond(FeedCursor cursor, string comparison, string field)
    {
        // Every cursor this store hands out carries an ObjectId and a BSON-representable time;
        // anything else was forged.
        if (!ObjectId.TryParse(cursor.PostId, out var id) || cursor.CreatedAt > LatestTime)
        {
            throw new FeedValidationException(field, $"{field} is not a valid cursor (pass back a cursor the server gave)");
        }
        var createdAt = new BsonDateTime(cursor.CreatedAt);
        return
        [
            new BsonDocument(CreatedAt, new BsonDocument(comparison, createdAt)),
            new BsonDocument { { CreatedAt, createdAt }, { Id, new BsonDocument(comparison, id) } },
        ];
    }
}
