using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal;

/// <summary>All log events of the Redis client, with stable ids. Passwords never reach a log.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting the {Kind} connection to Redis at {EndPoint}.")]
    public static partial void Connecting(ILogger logger, RedisConnectionKind kind, string endPoint);

    [LoggerMessage(2, LogLevel.Information, "The {Kind} connection to Redis at {EndPoint} is established.")]
    public static partial void Connected(ILogger logger, RedisConnectionKind kind, string endPoint);

    [LoggerMessage(3, LogLevel.Warning, "Could not connect the {Kind} connection to Redis at {EndPoint}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, RedisConnectionKind kind, string endPoint, string reason);

    [LoggerMessage(4, LogLevel.Warning, "The {Kind} connection to Redis at {EndPoint} was lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, RedisConnectionKind kind, string endPoint, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Reconnecting the {Kind} connection to Redis in {DelayMs} ms (attempt {Attempt}).")]
    public static partial void Reconnecting(ILogger logger, RedisConnectionKind kind, long delayMs, int attempt);

    [LoggerMessage(6, LogLevel.Information, "Resubscribed to {Count} Redis channels and patterns.")]
    public static partial void Resubscribed(ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Error, "Redis at {EndPoint} sent data that is not RESP2; dropping the connection.")]
    public static partial void ProtocolError(ILogger logger, string endPoint, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "A handler for Redis channel {Channel} threw.")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Keep-alive PING to Redis at {EndPoint} failed; dropping the connection.")]
    public static partial void KeepAliveFailed(ILogger logger, string endPoint, Exception exception);

    [LoggerMessage(10, LogLevel.Error, "A Redis connection {EventName} event handler threw.")]
    public static partial void EventHandlerFailed(ILogger logger, string eventName, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Redis refused the subscription to {Channel}: {Reason}")]
    public static partial void ResubscribeFailed(ILogger logger, string channel, string reason);
}
