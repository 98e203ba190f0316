using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Delivery;

/// <summary>Log messages of the delivery port's implementations; the ids are the ones the feed server has always used for them.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Delivering {Method} to group {Group} failed")]
    public static partial void GroupSendFailed(ILogger logger, string method, string group, Exception exception);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Group change of user {UserId} for {Group} reached only some instances ({Reason}); their connections elsewhere catch up when they reconnect")]
    public static partial void UserGroupChangeIncomplete(ILogger logger, string userId, string group, string reason);
}
