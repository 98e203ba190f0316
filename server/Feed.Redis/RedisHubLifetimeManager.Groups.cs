using Feed.Redis.Internal.Backplane;
using Feed.SignalR;

namespace Feed.Redis;

/// <summary>Group membership, for connections here and on other instances.</summary>
public sealed partial class RedisHubLifetimeManager<THub>
{
    /// <summary>
    /// Adds a connection to a group. A connection on this instance is changed here; one on another
    /// instance is changed there, and this returns once every instance acknowledged.
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">The connection is elsewhere and Redis is unreachable.</exception>
    /// <exception cref="TimeoutException">Some instance did not acknowledge within <see cref="RedisBackplaneOptions.AckTimeout"/>.</exception>
    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        // A connection on this instance is nowhere else: no other instance needs to hear of it.
        if (await ApplyAsync(GroupAction.AddConnection, groupName, connectionId))
        {
            return;
        }
        await SendCommandAsync(GroupAction.AddConnection, groupName, connectionId, cancellationToken);
    }

    /// <inheritdoc cref="AddToGroupAsync"/>
    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (await ApplyAsync(GroupAction.RemoveConnection, groupName, connectionId))
        {
            return;
        }
        await SendCommandAsync(GroupAction.RemoveConnection, groupName, connectionId, cancellationToken);
    }

    /// <summary>
    /// Adds every connection of a user, on every instance, to a group; returns once every instance
    /// acknowledged. Connections the user opens later are not included.
    /// </summary>
    /// <exception cref="BackplaneUnavailableException">Redis is unreachable (this instance's connections were changed).</exception>
    /// <exception cref="TimeoutException">Some instance did not acknowledge within <see cref="RedisBackplaneOptions.AckTimeout"/>.</exception>
    public async Task AddUserToGroupAsync(string userId, string groupName, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(GroupAction.AddUser, groupName, userId);
        await SendCommandAsync(GroupAction.AddUser, groupName, userId, cancellationToken);
    }

    /// <summary>Removes every connection of a user, on every instance, from a group; see <see cref="AddUserToGroupAsync"/>.</summary>
    public async Task RemoveUserFromGroupAsync(string userId, string groupName, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(GroupAction.RemoveUser, groupName, userId);
        await SendCommandAsync(GroupAction.RemoveUser, groupName, userId, cancellationToken);
    }

    /// <summary>Applies a change to this instance's connections; false when the connection is not here.</summary>
    private async Task<bool> ApplyAsync(GroupAction action, string group, string target)
    {
        await _ready;
        switch (action)
        {
            case GroupAction.AddConnection:
                // The group's messages arrive on its partition, which every instance subscribes to.
                return _local.AddToGroup(target, group) != LocalGroupChange.NotLocal;
            case GroupAction.RemoveConnection:
                return _local.RemoveFromGroup(target, group) != LocalGroupChange.NotLocal;
            case GroupAction.JoinAudience or GroupAction.LeaveAudience:
                _local.ChangeAudience(Audiences(_audiences), group, target, action == GroupAction.JoinAudience);
                return true;
            default:
                var perConnection = action == GroupAction.AddUser ? GroupAction.AddConnection : GroupAction.RemoveConnection;
                foreach (var connectionId in _local.ConnectionsOf(target))
                {
                    await ApplyAsync(perConnection, group, connectionId);
                }
                return true;
        }
    }

    private async Task SendCommandAsync(GroupAction action, string group, string target, CancellationToken cancellationToken)
    {
        await _ready;
        await _groupCommands.SendAsync(action, group, target, cancellationToken);
    }
}
