using Feed.Mongo.Bson;
using Feed.Mongo.Wire;

namespace Feed.Mongo.Connection;

/// <summary>Commands bound to one checked-out connection.</summary>
internal sealed class ConnectionCommands(MongoConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
{
    public ServerDescription Server => connection.Description;

    public async Task<BsonDocument> RunAsync(string database, BsonDocument command, IReadOnlyList<DocumentSequence>? sequences = null) =>
        await connection.RunCommandAsync(database, command, sequences, timeout, cancellationToken);
}
