namespace Feed.Server.Delivery;

/// <summary>Log messages of delivery in the host: the mode chosen at startup and Resync after a backplane outage (event ids 2200-2299).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Backplane is back: asked {Connections} local connections (and every other instance's) to resync their feeds (attempt {Attempt})")]
    public static partial void ResyncSent(ILogger logger, long connections, int attempt);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Sending Resync after the backplane came back failed (attempt {Attempt}); clients that missed posts meanwhile gap-fill on their next reconnect")]
    public static partial void ResyncFailed(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Sending Resync after the backplane came back failed (attempt {Attempt}); trying again in {Retry}")]
    public static partial void ResyncRetrying(ILogger logger, int attempt, TimeSpan retry, Exception exception);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Delivery: {Mode}")]
    public static partial void Mode(ILogger logger, string mode);
}
