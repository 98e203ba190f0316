using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal.Backplane;

/// <summary>Log messages of the Redis backplane (event ids 100-119).</summary>
internal static partial class BackplaneLog
{
    [LoggerMessage(100, LogLevel.Information, "Redis backplane for hub {Hub} started as server {ServerName} (channels {Channels}, {Partitions} partitions).")]
    public static partial void Started(ILogger logger, string hub, string serverName, string channels, int partitions);

    [LoggerMessage(101, LogLevel.Warning, "Redis backplane is down: messages for other instances are lost until it is back; local delivery goes on.")]
    public static partial void Lost(ILogger logger);

    [LoggerMessage(102, LogLevel.Information, "Redis backplane is back after {Seconds:0.0} s; {Missed} messages could not be published meanwhile.")]
    public static partial void Restored(ILogger logger, double seconds, long missed);

    [LoggerMessage(103, LogLevel.Debug, "Not published to {Channel}: the Redis backplane is down ({Reason}).")]
    public static partial void PublishSkipped(ILogger logger, string channel, string reason);

    [LoggerMessage(104, LogLevel.Error, "A backplane message on {Channel} could not be read; it is ignored.")]
    public static partial void BadMessage(ILogger logger, string channel, Exception exception);

    [LoggerMessage(105, LogLevel.Error, "Applying the group command {Action} {Target} {Group} failed.")]
    public static partial void GroupCommandFailed(ILogger logger, string action, string target, string group, Exception exception);

    [LoggerMessage(106, LogLevel.Error, "A Redis backplane {EventName} handler threw.")]
    public static partial void EventHandlerFailed(ILogger logger, string eventName, Exception exception);

    [LoggerMessage(107, LogLevel.Warning, "Could not acknowledge group command {Id} to {Origin}: {Reason}")]
    public static partial void AckFailed(ILogger logger, long id, string origin, string reason);

    [LoggerMessage(108, LogLevel.Error, "Handling group command {Id} from {Origin} failed; the next command is handled as usual.")]
    public static partial void GroupCommandLoopFailed(ILogger logger, long id, string origin, Exception exception);

    [LoggerMessage(109, LogLevel.Error, "Handling a message on {Channel} failed; the next message is handled as usual.")]
    public static partial void MessageHandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(110, LogLevel.Error, "Checking that the subscriptions are back after the outage failed (trying again in {RetryIn}); the backplane stays down until it succeeds.")]
    public static partial void ProbeFailed(ILogger logger, TimeSpan retryIn, Exception exception);

    [LoggerMessage(111, LogLevel.Error, "An audience could not be resolved; this instance's members of it miss one message.")]
    public static partial void AudienceUnresolved(ILogger logger, Exception exception);
}
