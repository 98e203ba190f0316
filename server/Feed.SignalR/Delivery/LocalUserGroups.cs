using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Delivery;

/// <summary>One instance: the user's connections are all here, listed by <see cref="UserConnections"/>.</summary>
public sealed class LocalUserGroups<THub>(IHubContext<THub> hub, UserConnections connections) : IUserGroups
    where THub : Hub
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
