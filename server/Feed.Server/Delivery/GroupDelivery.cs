using Feed.Core;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Delivery;

/// <summary>
/// Delivery on SignalR's own lifetime managers (stock, and the official Redis backplane): each
/// connection joins the group of every author it follows (<see cref="FeedMembership"/>) and a
/// post goes to its author's group, the way SignalR's backplane is built to work.
/// </summary>
internal sealed class GroupDelivery(FeedMembership membership, UserConnections connections, IHubContext<FeedHub> hub, ILogger<GroupDelivery> logger)
    : IFeedDelivery
{
    public Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken) =>
        membership.JoinAsync(userId, connectionId, cancellationToken);

    public void Disconnected(string userId, string connectionId) => membership.Leave(userId, connectionId);

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        membership.FollowedAsync(userId, followee, cancellationToken);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        membership.UnfollowedAsync(userId, followee, cancellationToken);

    public void Publish(FeedItem item) =>
        Send(hub.Clients.Group(FeedGroups.Feed(item.AuthorId)), FeedGroups.Feed(item.AuthorId), FeedHubMethods.FeedUpdated, new[] { item });

    /// <summary>
    /// To the author group but the user's own connections here. A change is sent by the instance of
    /// the user's first connection (online), or once they have none (offline), so their connections
    /// on other instances are none or, in a race with a reconnect, one that gets its own presence.
    /// </summary>
    public void Presence(string userId, bool online) =>
        Send(hub.Clients.GroupExcept(FeedGroups.Feed(userId), [.. connections.Of(userId)]), FeedGroups.Feed(userId),
            FeedHubMethods.PresenceChanged, new PresenceChange(userId, online));

    private void Send(IClientProxy clients, string group, string method, object argument)
    {
        var send = clients.SendAsync(method, argument, CancellationToken.None);
        SendObserver.Observe(send, method, group, logger);
    }
}
