using Microsoft.Extensions.Logging;

namespace Feed.Core;

internal static partial class TimelineLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Home timelines cannot be read ({Reason}); the page comes from the store query")]
    public static partial void ReadFromStore(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "A timeline write was lost ({Doing}: {Reason}); every timeline is rebuilt before it is read again")]
    public static partial void WriteLost(ILogger logger, string doing, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The fan-out job queue cannot be read: {Reason}")]
    public static partial void QueueUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "The fan-out worker failed unexpectedly; it goes on")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Fanning out post {PostId} failed; the job runs again later")]
    public static partial void JobFailed(ILogger logger, string postId, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Author {AuthorId} has {Followers} followers, above Feed:Timelines:CelebrityFollowers: their posts are merged in at read time")]
    public static partial void CelebrityMarked(ILogger logger, string authorId, int followers);
}
