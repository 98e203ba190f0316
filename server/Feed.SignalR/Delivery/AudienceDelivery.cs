using Feed.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Delivery;

/// <summary>
/// Delivery on Feed's engine: a post goes to its author's audience (<see cref="FollowerAudiences"/>),
/// resolved once per instance from the follower sets every connection shares, so a connection
/// holds nothing per followee and connecting does no work per followee. A follow changes the
/// author's audience on every instance before it returns.
/// </summary>
public sealed class AudienceDelivery<THub>(IHubAudiences<THub> audiences, ILogger<AudienceDelivery<THub>> logger) : IFeedDelivery
    where THub : Hub
{
    public Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Disconnected(string userId, string connectionId)
    {
    }

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        BackplaneOutage.TolerateAsync(audiences.ChangeAsync(followee, userId, member: true, cancellationToken), userId, followee, logger);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        BackplaneOutage.TolerateAsync(audiences.ChangeAsync(followee, userId, member: false, cancellationToken), userId, followee, logger);

    public void Publish(FeedItem item) =>
        Send(item.AuthorId, FeedHubMethods.FeedUpdated, new[] { item });

    /// <summary>To the followers' audience: the same fan-out as a post, without the user's own connections.</summary>
    public void Presence(string userId, bool online) =>
        Send(FollowerAudiences.FollowersOf(userId), FeedHubMethods.PresenceChanged, new PresenceChange(userId, online));

    private void Send(string audience, string method, object argument)
    {
        var send = audiences.SendAsync(audience, method, [argument], CancellationToken.None);
        SendObserver.Observe(send, method, audience, logger);
    }
}
