using Feed.Core;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Mongo;

/// <summary>
/// The one place where the driver's exceptions become Feed's: a failure to use MongoDB turns
/// into a <see cref="StoreUnavailableException"/> whose message is safe for a client (what
/// failed and why in general terms, never hosts or credentials: those stay on the inner
/// exception and in the log).
/// </summary>
internal static class MongoStoreErrors
{
    private const int DuplicateKeyCode = 11000;

    /// <summary>True for failures of the database rather than of the caller: a cancellation
    /// the caller did not ask for is a timeout inside the driver. The driver reports a server
    /// it cannot select in time as a <see cref="TimeoutException"/>, and a document it cannot
    /// map as a <see cref="BsonException"/> or <see cref="FormatException"/>.</summary>
    public static bool IsStoreFailure(Exception e, CancellationToken callerToken) =>
        e is MongoException or TimeoutException or BsonException or FormatException
        || (e is OperationCanceledException && !callerToken.IsCancellationRequested);

    /// <summary>A unique index refused a write: the caller's answer is "it exists already".
    /// MongoDB reports it as a write error of the insert, update or delete; jongodb (the test
    /// server) as a command error with code 11000 of that write command, so both are recognised.
    /// A duplicate key reported by any other command is not a write's answer: createIndexes
    /// refusing a unique index because the collection already holds a duplicate is a broken
    /// index (<see cref="IsRefusal"/>), never "it exists already".</summary>
    public static bool IsDuplicateKey(Exception e) => e switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(w => w.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode && IsWriteCommand(command.Command),
        _ => false,
    };

    /// <summary>The server answered and said no (a duplicate key under a new unique index, a
    /// conflicting index, a missing privilege): trying again will not help until someone fixes
    /// the cause. A primary stepping down also answers with a command error, but that passes.</summary>
    public static bool IsRefusal(Exception e) =>
        e is MongoCommandException and not (MongoNotPrimaryException or MongoNodeIsRecoveringException);

    private static bool IsWriteCommand(BsonDocument? command) =>
        command is { ElementCount: > 0 } && command.GetElement(0).Name is "insert" or "update" or "delete" or "findAndModify";

    public static StoreUnavailableException Unavailable(string operation, Exception e) =>
        new($"{operation} failed: the feed database (MongoDB) {Reason(e)}; try again shortly", e);

    private static string Reason(Exception e) => e switch
    {
        MongoAuthenticationException => "refused the server's credentials",
        MongoConnectionException or MongoConnectionPoolPausedException or TimeoutException => "cannot be reached",
        MongoExecutionTimeoutException or OperationCanceledException => "did not answer in time",
        MongoWaitQueueFullException => "is busy: no connection became free in time",
        MongoCommandException command => $"returned error {command.Code} {command.CodeName}".TrimEnd(),
        MongoWriteException write when write.WriteError is { } error => $"returned error {error.Code}",
        MongoServerException => "returned an error",
        BsonException or FormatException => "holds a document Feed cannot read",
        _ => "failed",
    };
}
