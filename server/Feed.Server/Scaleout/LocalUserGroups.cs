using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Scaleout;

/// <summary>One instance: the user's connections are all here, listed by <see cref="UserConnections"/>.</summary>
internal sealed class LocalUserGroups(IHubContext<FeedHub> hub, UserConnections connections) : IUserGroups
{
    public async Task AddUserAsync(string userId, string group, CancellationToken cancellationToken)
    {
        foreach (var connectionId in connections.Of(userId))
        {
            await hub.Groups.AddToGroupAsync(connectionId, group, cancellationToken);
        }
    }

    public async Task RemoveUserAsync(string userId, string group, CancellationToken cancellationToken)
    {
        foreach (var connectionId in connections.Of(userId))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, group, cancellationToken);
        }
    }
}
