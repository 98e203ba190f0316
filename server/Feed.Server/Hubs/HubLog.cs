namespace Feed.Server.Hubs;

/// <summary>Log messages of the hub layer (event ids 2000-2099; 2001-2003 and 2010 are delivery's, in Feed.SignalR).</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Hub call {Method} by {UserId} rejected: {Reason}")]
    public static partial void CallRejected(ILogger logger, string method, string? userId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Hub call {Method} by {UserId} failed")]
    public static partial void CallFailed(ILogger logger, string method, string? userId, Exception exception);
}
