namespace Feed.Server.Profiles;

internal static partial class ProfileLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Profile fetch for {UserId} failed ({Kind}: {Reason}); using a placeholder author")]
    public static partial void FetchFailed(ILogger logger, string userId, string kind, string reason);
}
