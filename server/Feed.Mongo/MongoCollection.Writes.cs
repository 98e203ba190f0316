using Feed.Mongo.Bson;
using Feed.Mongo.Connection;
using Feed.Mongo.Wire;

namespace Feed.Mongo;

// Writes. A failed write throws MongoWriteException (writeErrors / writeConcernError) or
// MongoCommandException (ok: 0); either way MongoServerException.IsDuplicateKey tells a unique
// index violation (code 11000) apart. Writes are not retried.
public sealed partial class MongoCollection
{
    /// <summary>Inserts one document, first adding an ObjectId "_id" to it if it has none.</summary>
    public Task InsertOneAsync(BsonDocument document, CancellationToken cancellationToken = default) =>
        InsertManyAsync([document], ordered: true, cancellationToken);

    /// <summary>
    /// Inserts documents (adding "_id" where missing), split into as many insert commands as
    /// the server's maxWriteBatchSize and maxMessageSizeBytes require. Ordered inserts stop at
    /// the first error. Returns the number inserted.
    /// </summary>
    public async Task<long> InsertManyAsync(IEnumerable<BsonDocument> documents, bool ordered = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var encoded = documents.Select(EncodeWithId).ToList();
        if (encoded.Count == 0)
        {
            throw new ArgumentException("InsertMany needs at least one document", nameof(documents));
        }
        return await Client.WithConnectionAsync("insert", async commands =>
        {
            long inserted = 0;
            var errors = new List<MongoWriteError>();
            foreach (var (offset, batch) in InsertBatches.Split(encoded, commands.Server))
            {
                var command = new BsonDocument { { "insert", Name }, { "ordered", ordered } };
                var reply = await commands.RunAsync(Database.Name, command, [new DocumentSequence("documents", batch)]);
                inserted += CountOrCollect(reply, offset, errors);
                if (errors.Count > 0 && ordered)
                {
                    break;
                }
            }
            return errors.Count > 0 ? throw new MongoWriteException(errors, null) : inserted;
        }, cancellationToken);
    }

    public Task<UpdateResult> UpdateOneAsync(BsonDocument filter, BsonDocument update, bool upsert = false, CancellationToken cancellationToken = default) =>
        UpdateAsync(filter, update, upsert, multi: false, cancellationToken);

    public Task<UpdateResult> UpdateManyAsync(BsonDocument filter, BsonDocument update, bool upsert = false, CancellationToken cancellationToken = default) =>
        UpdateAsync(filter, update, upsert, multi: true, cancellationToken);

    public Task<DeleteResult> DeleteOneAsync(BsonDocument filter, CancellationToken cancellationToken = default) =>
        DeleteAsync(filter, limit: 1, cancellationToken);

    public Task<DeleteResult> DeleteManyAsync(BsonDocument filter, CancellationToken cancellationToken = default) =>
        DeleteAsync(filter, limit: 0, cancellationToken);

    /// <summary>Creates indexes (a no-op for ones that already exist identically); returns their names.</summary>
    public async Task<IReadOnlyList<string>> CreateIndexesAsync(IEnumerable<CreateIndexModel> indexes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var models = indexes.ToList();
        var specs = new BsonArray();
        foreach (var model in models)
        {
            var spec = new BsonDocument { { "key", model.Keys }, { "name", model.EffectiveName } };
            if (model.Unique)
            {
                spec.Add("unique", true);
            }
            specs.Add(spec);
        }
        await Client.RunCommandAsync(Database.Name, new BsonDocument { { "createIndexes", Name }, { "indexes", specs } },
            retryableRead: false, cancellationToken);
        return models.Select(m => m.EffectiveName).ToList();
    }

    private async Task<UpdateResult> UpdateAsync(BsonDocument filter, BsonDocument update, bool upsert, bool multi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(update);
        var statement = new BsonDocument { { "q", filter }, { "u", update }, { "upsert", upsert }, { "multi", multi } };
        var reply = await RunWriteAsync(new BsonDocument { { "update", Name }, { "updates", new BsonArray { statement } }, { "ordered", true } }, cancellationToken);
        var upserted = reply.GetValueOrDefault("upserted") is BsonArray { Count: > 0 } ids ? ids[0].AsDocument["_id"] : null;
        var matched = reply["n"].ToInt64() - (upserted is null ? 0 : 1);
        var modified = reply.GetValueOrDefault("nModified")?.ToInt64() ?? 0;
        return new UpdateResult(matched, modified, upserted);
    }

    private async Task<DeleteResult> DeleteAsync(BsonDocument filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statement = new BsonDocument { { "q", filter }, { "limit", limit } };
        var reply = await RunWriteAsync(new BsonDocument { { "delete", Name }, { "deletes", new BsonArray { statement } }, { "ordered", true } }, cancellationToken);
        return new DeleteResult(reply["n"].ToInt64());
    }

    private async Task<BsonDocument> RunWriteAsync(BsonDocument command, CancellationToken cancellationToken)
    {
        var reply = await Client.RunCommandAsync(Database.Name, command, retryableRead: false, cancellationToken);
        return CommandReplies.EnsureWritesSucceeded(command.GetElement(0).Name, reply);
    }

    private static ReadOnlyMemory<byte> EncodeWithId(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.Contains("_id"))
        {
            // Like the official drivers: the caller's document gets the id, so it can be read back.
            document.InsertAt(0, "_id", ObjectId.GenerateNewId());
        }
        return BsonSerializer.Serialize(document);
    }

    /// <summary>Adds this batch's count; collects its write errors with indexes made absolute.</summary>
    private static long CountOrCollect(BsonDocument reply, int offset, List<MongoWriteError> errors)
    {
        try
        {
            CommandReplies.EnsureWritesSucceeded("insert", reply);
        }
        catch (MongoWriteException e)
        {
            errors.AddRange(e.WriteErrors.Select(w => w with { Index = w.Index + offset }));
            if (e.WriteConcernError is not null)
            {
                throw;
            }
        }
        return reply.GetValueOrDefault("n")?.ToInt64() ?? 0;
    }
}
