namespace Feed.Mongo;

/// <summary>The MongoDB store's log messages (event ids 4001-4099). Never logs credentials:
/// the connection is described by scheme, hosts and database only.</summary>
internal static partial class MongoStoreLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Using the MongoDB store at {Location}")]
    public static partial void UsingMongo(ILogger logger, string location);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "MongoDB indexes for users, follows and posts are in place in database {Database}")]
    public static partial void IndexesReady(ILogger logger, string database);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "MongoDB is not reachable, so the feed indexes are not created yet (retrying in {RetryIn}): {Reason}")]
    public static partial void IndexesPending(ILogger logger, TimeSpan retryIn, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "MongoDB store unreachable; the server reports not ready until it answers: {Reason}")]
    public static partial void Unreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "MongoDB store reachable again")]
    public static partial void Reachable(ILogger logger);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "MongoDB store call '{Operation}' failed: {Reason}")]
    public static partial void CallFailed(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "MongoDB refused to create the feed indexes (retrying in {RetryIn}); until it can, follows fail and /readyz reports Degraded: {Reason}")]
    public static partial void IndexesRefused(ILogger logger, TimeSpan retryIn, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Keeping the MongoDB indexes in place failed unexpectedly (retrying in {RetryIn})")]
    public static partial void IndexUpkeepFailed(ILogger logger, TimeSpan retryIn, Exception exception);
}
