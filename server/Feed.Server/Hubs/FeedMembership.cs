using Feed.Core;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Hubs;

/// <summary>
/// Keeps each connection in the right <c>feed:*</c> groups: on connect, the user's own and
/// those of everyone they follow; on follow/unfollow, every live connection of the user.
/// </summary>
internal sealed class FeedMembership(IHubContext<FeedHub> hub, UserConnections connections, FeedService feed)
{
    public async Task JoinAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        connections.Add(userId, connectionId);
        var followees = await feed.GetFolloweesAsync(userId, cancellationToken);
        await hub.Groups.AddToGroupAsync(connectionId, FeedGroups.Feed(userId), cancellationToken);
        foreach (var followee in followees)
        {
            await hub.Groups.AddToGroupAsync(connectionId, FeedGroups.Feed(followee), cancellationToken);
        }
    }

    public void Leave(string userId, string connectionId) => connections.Remove(userId, connectionId);

    public async Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken)
    {
        foreach (var connectionId in connections.Of(userId))
        {
            await hub.Groups.AddToGroupAsync(connectionId, FeedGroups.Feed(followee), cancellationToken);
        }
    }

    public async Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken)
    {
        foreach (var connectionId in connections.Of(userId))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, FeedGroups.Feed(followee), cancellationToken);
        }
    }
}
