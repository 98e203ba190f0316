using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Server.Hubs;

/// <summary>
/// The in-process lifetime manager (one instance, no backplane). Compared with SignalR's
/// default it (1) never waits for deliveries: a send serializes the message once, hands it to
/// every target connection and returns, so a publisher is not held up by its slowest reader;
/// (2) bounds what may wait for one connection (<see cref="BoundedSender"/>); (3) sends to
/// users through a user index instead of scanning every connection.
/// </summary>
internal sealed class LocalHubLifetimeManager<THub>(BoundedSender sender) : HubLifetimeManager<THub>
    where THub : Hub
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly MemberIndex _groups = new();
    private readonly MemberIndex _users = new();

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        var local = new LocalConnection(connection);
        _connections[connection.ConnectionId] = local;
        if (connection.UserIdentifier is { } user)
        {
            _users.Add(user, local);
        }
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (_connections.TryRemove(connection.ConnectionId, out var local))
        {
            foreach (var group in local.Groups())
            {
                _groups.Remove(group, local);
            }
            if (connection.UserIdentifier is { } user)
            {
                _users.Remove(user, local);
            }
        }
        return Task.CompletedTask;
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections.TryGetValue(connectionId, out var local) && local.AddGroup(groupName))
        {
            _groups.Add(groupName, local);
        }
        return Task.CompletedTask;
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections.TryGetValue(connectionId, out var local) && local.RemoveGroup(groupName))
        {
            _groups.Remove(groupName, local);
        }
        return Task.CompletedTask;
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllExceptAsync(methodName, args, [], cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        foreach (var local in _connections.Values)
        {
            if (!excludedConnectionIds.Contains(local.Id))
            {
                sender.Send(local, message);
            }
        }
        return Task.CompletedTask;
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendConnectionsAsync([connectionId], methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        SerializedHubMessage? message = null;
        foreach (var id in connectionIds)
        {
            if (_connections.TryGetValue(id, out var local))
            {
                sender.Send(local, message ??= Serialize(methodName, args));
            }
        }
        return Task.CompletedTask;
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendMembers(_groups, groupNames, methodName, args, []);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendMembers(_groups, [groupName], methodName, args, excludedConnectionIds);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendMembers(_users, [userId], methodName, args, []);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendMembers(_users, userIds, methodName, args, []);

    /// <summary>Sends once to each distinct connection in any of the named sets.</summary>
    private Task SendMembers(MemberIndex index, IReadOnlyList<string> keys, string methodName, object?[] args, IReadOnlyList<string> excluded)
    {
        SerializedHubMessage? message = null;
        HashSet<string>? seen = keys.Count > 1 ? new(StringComparer.Ordinal) : null;
        foreach (var key in keys)
        {
            foreach (var local in index.Members(key))
            {
                if ((seen is null || seen.Add(local.Id)) && (excluded.Count == 0 || !excluded.Contains(local.Id)))
                {
                    sender.Send(local, message ??= Serialize(methodName, args));
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Serialized lazily, once per protocol in use, and shared by every recipient.</summary>
    private static SerializedHubMessage Serialize(string methodName, object?[] args) =>
        new(new InvocationMessage(methodName, args));
}
