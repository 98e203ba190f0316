using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Mongo;

/// <summary>
/// The feed read as one <c>find</c> on posts: the authors by <c>$in</c>, the page boundary as
/// a (createdAt, _id) keyset condition, sorted on both so posts of the same millisecond keep
/// one stable order across pages:
/// <code>
/// before: { authorId: { $in: [..] }, $or: [ { createdAt: { $lt: t } }, { createdAt: t, _id: { $lt: id } } ] }  sort { createdAt: -1, _id: -1 }
/// after:  { authorId: { $in: [..] }, $or: [ { createdAt: { $gt: t } }, { createdAt: t, _id: { $gt: id } } ] }  sort { createdAt: 1, _id: 1 }
/// </code>
/// Lowercase hex orders like the ObjectId bytes, so this is the in-memory store's ordinal order.
/// </summary>
internal static class MongoFeedQuery
{
    private static readonly FilterDefinitionBuilder<PostDocument> Where = Builders<PostDocument>.Filter;
    private static readonly SortDefinition<PostDocument> NewestFirst = Builders<PostDocument>.Sort.Descending(p => p.CreatedAt).Descending(p => p.Id);
    private static readonly SortDefinition<PostDocument> OldestFirst = Builders<PostDocument>.Sort.Ascending(p => p.CreatedAt).Ascending(p => p.Id);

    public static SortDefinition<PostDocument> Sort(PostRange range) => range.Ascending ? OldestFirst : NewestFirst;

    public static FilterDefinition<PostDocument> Filter(IReadOnlyCollection<string> authorIds, PostRange range)
    {
        var authors = Where.In(p => p.AuthorId, authorIds);
        if (range.After is { } after)
        {
            return authors & Newer(after, "after");
        }
        if (range.Before is { } before)
        {
            return authors & Older(before, "before");
        }
        return authors;
    }

    private static FilterDefinition<PostDocument> Older(FeedCursor cursor, string field)
    {
        var (createdAt, id) = Boundary(cursor, field);
        return Where.Lt(p => p.CreatedAt, createdAt) | (Where.Eq(p => p.CreatedAt, createdAt) & Where.Lt(p => p.Id, id));
    }

    private static FilterDefinition<PostDocument> Newer(FeedCursor cursor, string field)
    {
        var (createdAt, id) = Boundary(cursor, field);
        return Where.Gt(p => p.CreatedAt, createdAt) | (Where.Eq(p => p.CreatedAt, createdAt) & Where.Gt(p => p.Id, id));
    }

    private static (DateTime CreatedAt, ObjectId Id) Boundary(FeedCursor cursor, string field) =>
        // Every cursor this store hands out carries an ObjectId and a BSON-representable time;
        // anything else was forged.
        ObjectId.TryParse(cursor.PostId, out var id) && cursor.CreatedAt <= LatestTime
            ? (DateTimeOffset.FromUnixTimeMilliseconds(cursor.CreatedAt).UtcDateTime, id)
            : throw new FeedValidationException(field, $"{field} is not a valid cursor (pass back a cursor the server gave)");

    private static readonly long LatestTime = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
}
