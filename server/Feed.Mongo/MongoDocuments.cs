using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace Feed.Mongo;

// The users and follows documents as the driver maps them (names in MongoFeedSchema; posts are
// read and written by PostSerializer).
// Extra fields are ignored and missing optional ones read as null, so documents written by
// other tools or a later version still load.

[BsonIgnoreExtraElements]
internal sealed class UserDocument
{
    [BsonId]
    public string Id { get; init; } = "";

    [BsonElement(MongoFeedSchema.DisplayName)]
    public string? DisplayName { get; init; }

    [BsonElement(MongoFeedSchema.AvatarUrl)]
    public string? AvatarUrl { get; init; }

    [BsonElement(MongoFeedSchema.Bio)]
    public string? Bio { get; init; }
}

[BsonIgnoreExtraElements]
internal sealed class FollowDocument
{
    /// <summary>Empty until inserted: the driver then assigns a new ObjectId.</summary>
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement(MongoFeedSchema.Follower)]
    public string Follower { get; init; } = "";

    [BsonElement(MongoFeedSchema.Followee)]
    public string Followee { get; init; } = "";

    [BsonElement(MongoFeedSchema.CreatedAt)]
    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime CreatedAt { get; init; }
}
