using Feed.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Delivery;

/// <summary>
/// Delivery on SignalR's own lifetime managers (stock, and the official Redis backplane), the way
/// they are built to work: each connection joins the group of every author it follows
/// (<see cref="FeedGroups"/>), a follow or unfollow changes the groups of every live connection of
/// the user wherever it is (<see cref="IUserGroups"/>), and a post goes to its author's group.
/// </summary>
/// <param name="store">Where a connecting user's followees are read.</param>
public sealed class GroupDelivery<THub>(IFeedStore store, UserConnections connections, IUserGroups userGroups, IHubContext<THub> hub,
    ILogger<GroupDelivery<THub>> logger) : IFeedDelivery
    where THub : Hub
{
    /// <summary>Joins the user's own group and those of everyone they follow.</summary>
    public async Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        connections.Add(userId, connectionId);
        var followees = await store.GetFolloweesAsync(userId, cancellationToken);
        await hub.Groups.AddToGroupAsync(connectionId, FeedGroups.Feed(userId), cancellationToken);
        foreach (var followee in followees)
        {
            await hub.Groups.AddToGroupAsync(connectionId, FeedGroups.Feed(followee), cancellationToken);
        }
    }

    public void Disconnected(string userId, string connectionId) => connections.Remove(userId, connectionId);

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        BackplaneOutage.TolerateAsync(userGroups.AddUserAsync(userId, FeedGroups.Feed(followee), cancellationToken), userId, FeedGroups.Feed(followee), logger);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        BackplaneOutage.TolerateAsync(userGroups.RemoveUserAsync(userId, FeedGroups.Feed(followee), cancellationToken), userId, FeedGroups.Feed(followee), logger);

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
