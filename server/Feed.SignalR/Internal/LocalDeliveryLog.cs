using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Internal;

/// <summary>
/// Log messages of local delivery. The ids are those the feed server's hub layer has always
/// used for these events (2001, 2002), so dashboards keep working after the move.
/// </summary>
internal static partial class LocalDeliveryLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Dropping connection {ConnectionId} of user {UserId}: it stopped reading and {Backlog} messages are waiting for it")]
    public static partial void SlowConnectionDropped(ILogger logger, string connectionId, string? userId, int backlog);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Sending to connection {ConnectionId} failed")]
    public static partial void SendFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Writing to connection {ConnectionId} failed unexpectedly; it is dropped (its client reconnects and catches up) and the other connections are written as usual")]
    public static partial void FlushFailed(ILogger logger, string connectionId, Exception exception);
}
