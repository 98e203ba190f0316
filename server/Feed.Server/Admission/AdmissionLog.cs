namespace Feed.Server.Admission;

/// <summary>Log messages of connection admission (event ids 2300-2319).</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "Refused a new hub connection ({Reason}); retry after {RetryAfterSeconds} s")]
    public static partial void Refused(ILogger logger, string reason, double retryAfterSeconds);
}
