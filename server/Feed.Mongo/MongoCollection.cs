using Feed.Mongo.Bson;

namespace Feed.Mongo;

/// <summary>
/// A collection handle (cheap; no round trip). Reads live here, writes in
/// MongoCollection.Writes.cs. Filters, sorts, projections and updates are plain
/// <see cref="BsonDocument"/>s in MongoDB's query language.
/// </summary>
public sealed partial class MongoCollection
{
    internal MongoCollection(MongoDatabase database, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0', StringComparison.Ordinal) || name.StartsWith('$'))
        {
            throw new ArgumentException($"'{name}' is not a valid collection name", nameof(name));
        }
        Database = database;
        Name = name;
    }

    public MongoDatabase Database { get; }

    public string Name { get; }

    /// <summary>"database.collection".</summary>
    public string Namespace => $"{Database.Name}.{Name}";

    private MongoClient Client => Database.Client;

    /// <summary>Runs find and returns a cursor over all matches (getMore pages on demand).
    /// Dispose it (or enumerate to the end) so the server cursor is released.</summary>
    public async Task<MongoCursor> FindAsync(BsonDocument filter, FindOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var command = new BsonDocument { { "find", Name }, { "filter", filter } };
        AddIfSet(command, "sort", options?.Sort);
        AddIfSet(command, "projection", options?.Projection);
        AddIfSet(command, "skip", options?.Skip);
        AddIfSet(command, "limit", options?.Limit);
        AddIfSet(command, "batchSize", options?.BatchSize);
        var reply = await Client.RunCommandAsync(Database.Name, command, retryableRead: true, cancellationToken);
        return MongoCursor.FromReply(this, reply, options?.BatchSize);
    }

    /// <summary>The first match (in <paramref name="sort"/> order), or null.</summary>
    public async Task<BsonDocument?> FindOneAsync(BsonDocument filter, BsonDocument? sort = null, BsonDocument? projection = null,
        CancellationToken cancellationToken = default)
    {
        var options = new FindOptions { Sort = sort, Projection = projection, Limit = 1, BatchSize = 1 };
        await using var cursor = await FindAsync(filter, options, cancellationToken);
        var all = await cursor.ToListAsync(cancellationToken);
        return all.Count > 0 ? all[0] : null;
    }

    /// <summary>Runs an aggregation pipeline and returns a cursor over its output.</summary>
    public async Task<MongoCursor> AggregateAsync(IEnumerable<BsonDocument> pipeline, int? batchSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var cursorOptions = new BsonDocument();
        AddIfSet(cursorOptions, "batchSize", batchSize);
        var command = new BsonDocument
        {
            { "aggregate", Name },
            { "pipeline", new BsonArray(pipeline) },
            { "cursor", cursorOptions },
        };
        // $out / $merge write, so only a read-only pipeline is retried.
        var writes = command["pipeline"].AsArray.OfType<BsonDocument>().Any(s => s.Contains("$out") || s.Contains("$merge"));
        var reply = await Client.RunCommandAsync(Database.Name, command, retryableRead: !writes, cancellationToken);
        return MongoCursor.FromReply(this, reply, batchSize);
    }

    /// <summary>Counts matching documents exactly (an aggregation, as MongoDB's drivers do).</summary>
    public async Task<long> CountDocumentsAsync(BsonDocument filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        BsonDocument[] pipeline =
        [
            new BsonDocument("$match", filter),
            new BsonDocument("$group", new BsonDocument { { "_id", 1 }, { "n", new BsonDocument("$sum", 1) } }),
        ];
        await using var cursor = await AggregateAsync(pipeline, cancellationToken: cancellationToken);
        var results = await cursor.ToListAsync(cancellationToken);
        return results.Count == 0 ? 0 : results[0]["n"].ToInt64();
    }

    public async Task<IReadOnlyList<BsonDocument>> ListIndexesAsync(CancellationToken cancellationToken = default)
    {
        var reply = await Client.RunCommandAsync(Database.Name, new BsonDocument("listIndexes", Name), retryableRead: true, cancellationToken);
        await using var cursor = MongoCursor.FromReply(this, reply, null);
        return await cursor.ToListAsync(cancellationToken);
    }

    private static void AddIfSet(BsonDocument command, string name, BsonValue? value)
    {
        if (value is not null)
        {
            command.Add(name, value);
        }
    }

    private static void AddIfSet(BsonDocument command, string name, int? value)
    {
        if (value is not null)
        {
            command.Add(name, value.Value);
        }
    }
}
