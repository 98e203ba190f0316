using Feed.Mongo.Bson;

namespace Feed.Mongo;

/// <summary>Outcome of an update. <see cref="UpsertedId"/> is set when an upsert inserted.</summary>
public sealed record UpdateResult(long MatchedCount, long ModifiedCount, BsonValue? UpsertedId);

/// <summary>Outcome of a delete.</summary>
public sealed record DeleteResult(long DeletedCount);

/// <summary>Options of a find. Null members are left to the server's defaults.</summary>
public sealed class FindOptions
{
    public BsonDocument? Sort { get; init; }

    public BsonDocument? Projection { get; init; }

    public int? Limit { get; init; }

    public int? Skip { get; init; }

    /// <summary>Documents per round trip (first batch and each getMore).</summary>
    public int? BatchSize { get; init; }
}

/// <summary>One index to create: ordered keys (1 / -1), optional name and uniqueness.</summary>
public sealed record CreateIndexModel(BsonDocument Keys, string? Name = null, bool Unique = false)
{
    /// <summary>The given name or MongoDB's default, e.g. "authorId_1_createdAt_-1".</summary>
    public string EffectiveName => Name ?? string.Join("_", Keys.Select(k => $"{k.Name}_{k.Value}"));
}
