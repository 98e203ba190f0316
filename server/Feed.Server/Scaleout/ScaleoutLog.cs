namespace Feed.Server.Scaleout;

/// <summary>Log messages of scale-out (event ids 2200-2299).</summary>
internal static partial class ScaleoutLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Group change of user {UserId} for {Group} reached only some instances ({Reason}); their connections elsewhere catch up when they reconnect")]
    public static partial void UserGroupChangeIncomplete(ILogger logger, string userId, string group, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Backplane is back: asked {Connections} local connections (and every other instance's) to resync their feeds (attempt {Attempt})")]
    public static partial void ResyncSent(ILogger logger, long connections, int attempt);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Sending Resync after the backplane came back failed (attempt {Attempt}); clients that missed posts meanwhile gap-fill on their next reconnect")]
    public static partial void ResyncFailed(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Sending Resync after the backplane came back failed (attempt {Attempt}); trying again in {Retry}")]
    public static partial void ResyncRetrying(ILogger logger, int attempt, TimeSpan retry, Exception exception);
}
