using Feed.Core;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Delivery;

/// <summary>
/// Delivery on SignalR's own lifetime managers (stock, and the official Redis backplane): each
/// connection joins the group of every author it follows (<see cref="FeedMembership"/>) and a
/// post goes to its author's group, the way SignalR's backplane is built to work.
/// </summary>
internal sealed class GroupDelivery(FeedMembership membership, IHubContext<FeedHub> hub, ILogger<GroupDelivery> logger) : IFeedDelivery
{
    public Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken) =>
        membership.JoinAsync(userId, connectionId, cancellationToken);

    public void Disconnected(string userId, string connectionId) => membership.Leave(userId, connectionId);

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        membership.FollowedAsync(userId, followee, cancellationToken);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        membership.UnfollowedAsync(userId, followee, cancellationToken);

    public void Publish(FeedItem item)
    {
        var group = FeedGroups.Feed(item.AuthorId);
        var send = hub.Clients.Group(group).SendAsync(FeedHubMethods.FeedUpdated, new[] { item }, CancellationToken.None);
        SendObserver.Observe(send, group, logger);
    }
}
