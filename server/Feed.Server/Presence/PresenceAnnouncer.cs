using Feed.Core;
using Feed.Server.Metrics;

namespace Feed.Server.Presence;

/// <summary>Sends a presence change to the user's followers through the delivery port (as a post goes) and counts it.</summary>
internal sealed class PresenceAnnouncer(IFeedDelivery delivery, FeedMetrics metrics) : IPresenceListener
{
    public void PresenceChanged(string userId, bool online)
    {
        delivery.Presence(userId, online);
        metrics.PresenceEventSent(online);
    }

    public void LocalUsersChanged(int delta) => metrics.PresenceUsersChanged(delta);
}
