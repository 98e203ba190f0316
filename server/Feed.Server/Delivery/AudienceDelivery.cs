using Feed.Core;
using Feed.Server.Hubs;
using Feed.Server.Scaleout;
using Feed.SignalR;

namespace Feed.Server.Delivery;

/// <summary>
/// Delivery on Feed's engine: a post goes to its author's audience (<see cref="FollowerAudiences"/>),
/// resolved once per instance from the follower sets every connection shares, so a connection
/// holds nothing per followee and connecting does no work per followee. A follow changes the
/// author's audience on every instance before it returns.
/// </summary>
internal sealed class AudienceDelivery(IHubAudiences<FeedHub> audiences, ILogger<AudienceDelivery> logger) : IFeedDelivery
{
    public Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Disconnected(string userId, string connectionId)
    {
    }

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        ChangeAsync(followee, userId, member: true, cancellationToken);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        ChangeAsync(followee, userId, member: false, cancellationToken);

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

    private async Task ChangeAsync(string author, string userId, bool member, CancellationToken cancellationToken)
    {
        try
        {
            await audiences.ChangeAsync(author, userId, member, cancellationToken);
        }
        catch (Exception e) when (e is Feed.Redis.BackplaneUnavailableException or TimeoutException)
        {
            // Applied here; instances that missed it forget their follower sets when the backplane is back.
            ScaleoutLog.UserGroupChangeIncomplete(logger, userId, author, e.Message);
        }
    }
}
