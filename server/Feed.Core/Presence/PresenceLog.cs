using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>Log messages of presence (event ids 5001-5099).</summary>
internal static partial class PresenceLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "The presence store is unreachable ({Reason}); presence is written again once it answers")]
    public static partial void StoreUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Presence written again: {Held} users held here, {Online} came online, {Offline} went offline")]
    public static partial void Resynced(ILogger logger, int held, int online, int offline);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Presence upkeep failed; it goes on")]
    public static partial void UpkeepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "GetOnline answered from this instance only: the presence store is unreachable ({Reason})")]
    public static partial void AnsweredLocally(ILogger logger, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "{Count} users of instances that stopped renewing their presence lease went offline")]
    public static partial void Expired(ILogger logger, int count);
}
