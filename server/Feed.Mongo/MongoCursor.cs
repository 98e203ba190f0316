using Feed.Mongo.Bson;

namespace Feed.Mongo;

/// <summary>
/// A server-side cursor: the first batch arrived with the command, further batches are
/// fetched with getMore as the caller reads. Disposing before the end sends killCursors so the
/// server frees it at once. Read it once, with <c>await foreach</c>, <see cref="ToListAsync"/>
/// or <see cref="MoveNextBatchAsync"/>.
/// </summary>
public sealed class MongoCursor : IAsyncEnumerable<BsonDocument>, IAsyncDisposable
{
    private readonly MongoCollection _collection;
    private readonly string _collectionName;
    private readonly int? _batchSize;
    private IReadOnlyList<BsonDocument>? _pendingFirstBatch;

    private MongoCursor(MongoCollection collection, string collectionName, long id, IReadOnlyList<BsonDocument> firstBatch, int? batchSize)
    {
        _collection = collection;
        _collectionName = collectionName;
        Id = id;
        _pendingFirstBatch = firstBatch;
        _batchSize = batchSize;
    }

    /// <summary>The server's cursor id; 0 once the server has no more results (or it was killed).</summary>
    public long Id { get; private set; }

    /// <summary>The batch returned by the last successful <see cref="MoveNextBatchAsync"/>.</summary>
    public IReadOnlyList<BsonDocument> CurrentBatch { get; private set; } = [];

    internal static MongoCursor FromReply(MongoCollection collection, BsonDocument reply, int? batchSize)
    {
        var cursor = reply.GetValueOrDefault("cursor") as BsonDocument
            ?? throw new InvalidDataException("reply has no 'cursor' document");
        var firstBatch = cursor.GetValueOrDefault("firstBatch") as BsonArray
            ?? throw new InvalidDataException("cursor reply has no 'firstBatch' array");
        // The namespace can name another collection (listIndexes, views): getMore must use it.
        var ns = (cursor.GetValueOrDefault("ns") as BsonString)?.Value;
        var name = ns is not null && ns.Contains('.', StringComparison.Ordinal) ? ns[(ns.IndexOf('.', StringComparison.Ordinal) + 1)..] : collection.Name;
        return new MongoCursor(collection, name, cursor["id"].ToInt64(), Documents(firstBatch), batchSize);
    }

    /// <summary>Advances to the next non-empty batch; false when the results are exhausted.</summary>
    public async Task<bool> MoveNextBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_pendingFirstBatch is { } first)
        {
            _pendingFirstBatch = null;
            CurrentBatch = first;
            if (first.Count > 0)
            {
                return true;
            }
        }
        while (Id != 0)
        {
            CurrentBatch = await GetMoreAsync(cancellationToken);
            if (CurrentBatch.Count > 0)
            {
                return true;
            }
        }
        CurrentBatch = [];
        return false;
    }

    public async Task<List<BsonDocument>> ToListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<BsonDocument>();
        while (await MoveNextBatchAsync(cancellationToken))
        {
            all.AddRange(CurrentBatch);
        }
        return all;
    }

    public async IAsyncEnumerator<BsonDocument> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            while (await MoveNextBatchAsync(cancellationToken))
            {
                foreach (var document in CurrentBatch)
                {
                    yield return document;
                }
            }
        }
        finally
        {
            await DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<BsonDocument>> GetMoreAsync(CancellationToken cancellationToken)
    {
        var command = new BsonDocument { { "getMore", Id }, { "collection", _collectionName } };
        if (_batchSize is { } size)
        {
            command.Add("batchSize", size);
        }
        // getMore is not retryable: a retry could skip or repeat a batch.
        var reply = await _collection.Database.Client.RunCommandAsync(_collection.Database.Name, command, retryableRead: false, cancellationToken);
        var cursor = reply["cursor"].AsDocument;
        Id = cursor["id"].ToInt64();
        return Documents(cursor.GetValueOrDefault("nextBatch") as BsonArray
            ?? throw new InvalidDataException("getMore reply has no 'nextBatch' array"));
    }

    /// <summary>Kills the server cursor if results remain. Best effort: a failure only means the
    /// server will time the cursor out itself.</summary>
    public async ValueTask DisposeAsync()
    {
        var id = Id;
        Id = 0;
        _pendingFirstBatch = null;
        if (id == 0)
        {
            return;
        }
        var command = new BsonDocument { { "killCursors", _collectionName }, { "cursors", new BsonArray { id } } };
        try
        {
            await _collection.Database.Client.RunCommandAsync(_collection.Database.Name, command, retryableRead: false, CancellationToken.None);
        }
        catch (MongoException)
        {
            // The cursor dies with its connection or times out on the server.
        }
    }

    private static IReadOnlyList<BsonDocument> Documents(BsonArray batch) => batch.OfType<BsonDocument>().ToList();
}
