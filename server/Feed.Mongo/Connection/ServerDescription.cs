using Feed.Mongo.Bson;

namespace Feed.Mongo.Connection;

/// <summary>What a server said about itself in its hello reply: limits and role.</summary>
internal sealed record ServerDescription(
    int MaxBsonObjectSize,
    int MaxMessageSizeBytes,
    int MaxWriteBatchSize,
    int MaxWireVersion,
    bool IsWritablePrimary,
    string? SetName,
    string? Primary,
    IReadOnlyList<string> SaslSupportedMechs)
{
    public const int DefaultMaxBsonObjectSize = 16 * 1024 * 1024;
    public const int DefaultMaxMessageSizeBytes = 48_000_000;
    public const int DefaultMaxWriteBatchSize = 100_000;

    /// <summary>Limits to assume before the handshake has answered.</summary>
    public static ServerDescription Initial { get; } = new(DefaultMaxBsonObjectSize, DefaultMaxMessageSizeBytes,
        DefaultMaxWriteBatchSize, 0, false, null, null, []);

    public static ServerDescription FromHello(BsonDocument reply) => new(
        Int(reply, "maxBsonObjectSize", DefaultMaxBsonObjectSize),
        Int(reply, "maxMessageSizeBytes", DefaultMaxMessageSizeBytes),
        Int(reply, "maxWriteBatchSize", DefaultMaxWriteBatchSize),
        Int(reply, "maxWireVersion", 0),
        Flag(reply, "isWritablePrimary") || Flag(reply, "ismaster"),
        reply.GetValueOrDefault("setName") as BsonString is { } set ? set.Value : null,
        reply.GetValueOrDefault("primary") as BsonString is { } primary ? primary.Value : null,
        reply.GetValueOrDefault("saslSupportedMechs") is BsonArray mechs ? mechs.OfType<BsonString>().Select(m => m.Value).ToList() : []);

    private static int Int(BsonDocument reply, string name, int fallback) =>
        reply.GetValueOrDefault(name) is { } value and (BsonInt32 or BsonInt64 or BsonDouble) ? (int)value.ToInt64() : fallback;

    private static bool Flag(BsonDocument reply, string name) => reply.GetValueOrDefault(name) is BsonBoolean { Value: true };
}
