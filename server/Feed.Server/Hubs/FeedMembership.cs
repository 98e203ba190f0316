using Feed.Core;
using Feed.Server.Scaleout;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Hubs;

/// <summary>
/// Keeps each connection in the right <c>feed:*</c> groups: on connect, the user's own and
/// those of everyone they follow; on follow/unfollow, every live connection of the user, on
/// whichever instance it is (<see cref="IUserGroups"/>).
/// </summary>
internal sealed class FeedMembership(IHubContext<FeedHub> hub, UserConnections connections, FeedService feed, IUserGroups userGroups)
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

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        userGroups.AddUserAsync(userId, FeedGroups.Feed(followee), cancellationToken);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        userGroups.RemoveUserAsync(userId, FeedGroups.Feed(followee), cancellationToken);
}
