using Microsoft.Extensions.Logging;

namespace Feed.Mongo.Internal;

/// <summary>Source-generated log messages with stable event ids. Never logs credentials.</summary>
internal static partial class MongoLog
{
    [LoggerMessage(1, LogLevel.Debug, "Opened MongoDB connection {ConnectionId} to {Address} (maxWireVersion {MaxWireVersion})")]
    public static partial void ConnectionOpened(ILogger logger, int connectionId, string address, int maxWireVersion);

    [LoggerMessage(2, LogLevel.Information, "Discarded MongoDB connection {ConnectionId} to {Address}: {Reason}")]
    public static partial void ConnectionDiscarded(ILogger logger, int connectionId, string address, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Cleared the MongoDB connection pool (generation {Generation}) after a network error")]
    public static partial void PoolCleared(ILogger logger, int generation);

    [LoggerMessage(4, LogLevel.Warning, "Retrying read '{Operation}' once after a network error: {Error}")]
    public static partial void RetryingRead(ILogger logger, string operation, string error);

    [LoggerMessage(5, LogLevel.Warning, "Could not open a MongoDB connection to {Address}: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string address, string error);

    [LoggerMessage(6, LogLevel.Warning, "MongoDB connection string: {Warning}")]
    public static partial void ConnectionStringWarning(ILogger logger, string warning);

    [LoggerMessage(7, LogLevel.Warning, "Could not pre-open minPoolSize connections: {Error}")]
    public static partial void MinPoolFillFailed(ILogger logger, string error);
}
