using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Mongo;

/// <summary>
/// The MongoDB data model in one place: collection and field names, indexes, and the mapping
/// between the driver's documents (MongoDocuments.cs for users and follows, PostSerializer.cs for
/// posts) and domain records.
/// <code>
/// users   { _id: "u42", displayName, avatarUrl, bio }
/// follows { _id: ObjectId, follower, followee, createdAt: Date }   unique (follower, followee); followee
/// posts   { _id: ObjectId, authorId, text, createdAt: Date }        { authorId: 1, createdAt: -1 }
/// </code>
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

    public static IReadOnlyList<CreateIndexModel<FollowDocument>> FollowIndexes { get; } =
    [
        new(Builders<FollowDocument>.IndexKeys.Ascending(f => f.Follower).Ascending(f => f.Followee), new CreateIndexOptions { Unique = true }),
        new(Builders<FollowDocument>.IndexKeys.Ascending(f => f.Followee)),
    ];

    public static IReadOnlyList<CreateIndexModel<Post>> PostIndexes { get; } =
    [
        new(new BsonDocument { { AuthorId, 1 }, { CreatedAt, -1 } }),
    ];

    /// <summary>The fields a new user gets; only written when the upsert inserts, so a user
    /// created meanwhile by another instance keeps its profile.</summary>
    public static UpdateDefinition<UserDocument> NewUserFields(string userId) => Builders<UserDocument>.Update
        .SetOnInsert(u => u.DisplayName, userId)
        .SetOnInsert(u => u.AvatarUrl, null)
        .SetOnInsert(u => u.Bio, null);

    public static UserProfile ToUser(UserDocument user) => new(user.Id, user.DisplayName ?? user.Id, user.AvatarUrl, user.Bio);

    public static FollowDocument ToDocument(string follower, string followee, DateTimeOffset createdAt) =>
        new() { Follower = follower, Followee = followee, CreatedAt = createdAt.UtcDateTime };

    /// <summary>Post ids are ObjectIds in MongoDB and their 24 lowercase hex digits everywhere else.</summary>
    public static ObjectId PostObjectId(string postId) =>
        ObjectId.TryParse(postId, out var id)
            ? id
            : throw new ArgumentException($"MongoFeedStore keeps post ids as ObjectIds; '{postId}' is not 24 hex digits", nameof(postId));
}
