using Feed.Mongo.Bson;

namespace Feed.Mongo.Connection;

/// <summary>Turns error replies into exceptions: ok:0 -> command error; writeErrors or
/// writeConcernError -> write error.</summary>
internal static class CommandReplies
{
    public static BsonDocument EnsureOk(string commandName, BsonDocument reply)
    {
        if (IsOk(reply))
        {
            return reply;
        }
        var code = reply.GetValueOrDefault("code") is { } c and (BsonInt32 or BsonInt64 or BsonDouble) ? (int)c.ToInt64() : 0;
        var codeName = reply.GetValueOrDefault("codeName") as BsonString;
        var message = reply.GetValueOrDefault("errmsg") as BsonString;
        throw new MongoCommandException(commandName, reply, code, codeName?.Value, message?.Value ?? "no error message");
    }

    public static BsonDocument EnsureWritesSucceeded(string commandName, BsonDocument reply)
    {
        EnsureOk(commandName, reply);
        var writeErrors = reply.GetValueOrDefault("writeErrors") is BsonArray errors
            ? errors.OfType<BsonDocument>().Select(ToWriteError).ToList()
            : [];
        var concern = reply.GetValueOrDefault("writeConcernError") is BsonDocument wce ? ToWriteError(wce) : null;
        if (writeErrors.Count > 0 || concern is not null)
        {
            throw new MongoWriteException(writeErrors, concern);
        }
        return reply;
    }

    private static bool IsOk(BsonDocument reply) =>
        reply.GetValueOrDefault("ok") is { } ok && ok switch
        {
            BsonDouble d => d.Value == 1.0,
            BsonInt32 i => i.Value == 1,
            BsonInt64 l => l.Value == 1,
            BsonBoolean b => b.Value,
            _ => false,
        };

    private static MongoWriteError ToWriteError(BsonDocument error) => new(
        error.GetValueOrDefault("index") is { } index and (BsonInt32 or BsonInt64) ? (int)index.ToInt64() : 0,
        error.GetValueOrDefault("code") is { } code and (BsonInt32 or BsonInt64 or BsonDouble) ? (int)code.ToInt64() : 0,
        (error.GetValueOrDefault("codeName") as BsonString)?.Value,
        (error.GetValueOrDefault("errmsg") as BsonString)?.Value ?? "no error message");
}
