using Feed.Core;
using Feed.Mongo;
using Feed.Mongo.Bson;

namespace Feed.Server.Storage;

/// <summary>
/// The MongoDB data model in one place: collection and field names, indexes, and the mapping
/// between documents and domain records.
/// <code>
/// users   { _id: "u42", displayName, avatarUrl, bio }
/// follows { _id: ObjectId, follower, followee, createdAt: Date }   unique (follower, followee); followee
/// posts   { _id: ObjectId, authorId, text, createdAt: Date }        { authorId: 1, createdAt: -1 }
/// </code>
/// Readers tolerate missing optional fields and extra ones, so documents written by other
/// tools (or a later version) still load.
/// </summary>
internal static class MongoFeedSchema
{
    public const string Users = "users";
    public const string Follows = "follows";
    public const string Posts = "posts";

    public const string Id = "_id";
    public const string DisplayName = "displayName";
    public const string AvatarUrl = "avatarUrl";
    public const string Bio = "bio";
    public const string Follower = "follower";
    public const string Followee = "followee";
    public const string AuthorId = "authorId";
    public const string Text = "text";
    public const string CreatedAt = "createdAt";

    public static IReadOnlyList<CreateIndexModel> FollowIndexes { get; } =
    [
        new(new BsonDocument { { Follower, 1 }, { Followee, 1 } }, Unique: true),
        new(new BsonDocument(Followee, 1)),
    ];

    public static IReadOnlyList<CreateIndexModel> PostIndexes { get; } =
    [
        new(new BsonDocument { { AuthorId, 1 }, { CreatedAt, -1 } }),
    ];

    /// <summary>The fields a new user gets; only written when the upsert inserts.</summary>
    public static BsonDocument NewUserFields(string userId) => new(3)
    {
        { DisplayName, userId },
        { AvatarUrl, BsonNull.Value },
        { Bio, BsonNull.Value },
    };

    public static UserProfile ToUser(BsonDocument document)
    {
        var id = IdText(document[Id]);
        return new UserProfile(id, OptionalString(document, DisplayName) ?? id,
            OptionalString(document, AvatarUrl), OptionalString(document, Bio));
    }

    public static BsonDocument ToDocument(string follower, string followee, DateTimeOffset createdAt) => new(4)
    {
        { Follower, follower },
        { Followee, followee },
        { CreatedAt, new BsonDateTime(createdAt) },
    };

    public static BsonDocument ToDocument(Post post) => new(4)
    {
        { Id, PostObjectId(post.Id) },
        { AuthorId, post.AuthorId },
        { Text, post.Text },
        { CreatedAt, new BsonDateTime(post.CreatedAt) },
    };

    public static Post ToPost(BsonDocument document) => new(
        IdText(document[Id]),
        document[AuthorId].AsString,
        document[Text].AsString,
        document[CreatedAt] is BsonDateTime createdAt
            ? createdAt.MillisecondsSinceEpoch
            : throw new InvalidDataException($"post {document[Id]} has a createdAt of BSON type {document[CreatedAt].Type}, not a UTC datetime"));

    /// <summary>Post ids are ObjectIds in MongoDB and their 24 lowercase hex digits everywhere else.</summary>
    public static ObjectId PostObjectId(string postId) =>
        ObjectId.TryParse(postId, out var id)
            ? id
            : throw new ArgumentException($"MongoFeedStore keeps post ids as ObjectIds; '{postId}' is not 24 hex digits", nameof(postId));

    private static string IdText(BsonValue id) => id switch
    {
        BsonObjectId objectId => objectId.Value.ToString(),
        BsonString text => text.Value,
        _ => throw new InvalidDataException($"_id of BSON type {id.Type} is neither a string nor an ObjectId"),
    };

    private static string? OptionalString(BsonDocument document, string name) =>
        document.GetValueOrDefault(name) is BsonString text ? text.Value : null;
}
