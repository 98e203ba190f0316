using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Delivery;

/// <summary>
/// A follow's change to what a user receives, made while the backplane is down (or an instance did
/// not acknowledge in time), is applied here and logged: instances that missed it catch up when the
/// backplane is back (they forget their follower sets) or when the user's connections reconnect.
/// </summary>
internal static class BackplaneOutage
{
    public static async Task TolerateAsync(Task change, string userId, string group, ILogger logger)
    {
        try
        {
            await change;
        }
        catch (Exception e) when (e is BackplaneUnavailableException or TimeoutException)
        {
            DeliveryLog.UserGroupChangeIncomplete(logger, userId, group, e.Message);
        }
    }
}
