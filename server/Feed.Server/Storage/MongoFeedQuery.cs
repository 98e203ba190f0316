using Feed.Core;
using Feed.Mongo.Bson;
using static Feed.Server.Storage.MongoFeedSchema;

namespace Feed.Server.Storage;

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
    // Shared read-only: commands copy the reference and only serialize it.
    private static readonly BsonDocument NewestFirst = new() { { CreatedAt, -1 }, { Id, -1 } };
    private static readonly BsonDocument OldestFirst = new() { { CreatedAt, 1 }, { Id, 1 } };

    public static BsonDocument Sort(PostRange range) => range.Ascending ? OldestFirst : NewestFirst;

    public static BsonDocument Filter(IReadOnlyCollection<string> authorIds, PostRange range)
    {
        var authors = new BsonArray();
        foreach (var authorId in authorIds)
        {
            authors.Add(new BsonString(authorId));
        }
        var filter = new BsonDocument(2) { { AuthorId, new BsonDocument("$in", authors) } };
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
        if (!ObjectId.TryParse(cursor.PostId, out var id))
        {
            // Every cursor this store hands out carries an ObjectId; anything else was forged.
            throw new FeedValidationException(field, $"{field} is not a valid cursor (pass back a cursor the server gave)");
        }
        var createdAt = new BsonDateTime(cursor.CreatedAt);
        return new BsonArray
        {
            new BsonDocument(CreatedAt, new BsonDocument(comparison, createdAt)),
            new BsonDocument { { CreatedAt, createdAt }, { Id, new BsonDocument(comparison, id) } },
        };
    }
}
