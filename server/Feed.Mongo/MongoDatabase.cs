using Feed.Mongo.Bson;

namespace Feed.Mongo;

/// <summary>A database handle (cheap; no server round trip to create).</summary>
public sealed class MongoDatabase
{
    internal MongoDatabase(MongoClient client, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.AsSpan().IndexOfAny("/\\. \"$\0") >= 0 && name != "$external")
        {
            throw new ArgumentException($"'{name}' is not a valid database name (no / \\ . space \" $ or NUL)", nameof(name));
        }
        Client = client;
        Name = name;
    }

    public MongoClient Client { get; }

    public string Name { get; }

    public MongoCollection GetCollection(string name) => new(this, name);

    /// <summary>
    /// Runs any command (first element = command name) and returns the reply. Throws
    /// <see cref="MongoCommandException"/> when the reply has ok: 0. Not retried: it may write.
    /// </summary>
    public Task<BsonDocument> RunCommandAsync(BsonDocument command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new ArgumentException("a command document needs at least the command name", nameof(command));
        }
        return Client.RunCommandAsync(Name, command, retryableRead: false, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken = default) =>
        Client.RunCommandAsync(Name, new BsonDocument("ping", 1), retryableRead: true, cancellationToken);
}
