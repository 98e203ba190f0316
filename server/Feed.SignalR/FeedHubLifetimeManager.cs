using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Feed.SignalR;

/// <summary>
/// The in-process lifetime manager (one instance, no backplane). Compared with SignalR's
/// default it (1) never waits for deliveries: a send serializes the message once, hands it to
/// every target connection and returns, so a publisher is not held up by its slowest reader;
/// (2) drops a connection once <see cref="FeedDeliveryOptions.SendBacklog"/> messages wait for it;
/// (3) sends to users through a user index instead of scanning every connection; (4) writes
/// each connection's queued messages together, from a flusher per two cores. The local bookkeeping
/// (<see cref="LocalHubConnections"/>) is the same one the Redis backplane composes.
/// </summary>
/// <param name="audiences">Resolves audiences for <see cref="IHubAudiences{THub}"/>; none: audience sends fail.</param>
public sealed class FeedHubLifetimeManager<THub>(IOptions<FeedDeliveryOptions> options, DeliveryMetrics metrics, ILogger<FeedHubLifetimeManager<THub>> logger,
    IAudienceResolver? audiences = null)
    : FeedHubLifetimeManagerBase<THub>, IHubAudiences<THub>
    where THub : Hub
{
    private readonly LocalHubConnections _connections = new(options.Value.SendBacklog, logger, options.Value.Flushers, metrics);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections.Add(connection);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.Remove(connection);
        return Task.CompletedTask;
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        _connections.AddToGroup(connectionId, groupName);
        return Task.CompletedTask;
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        _connections.RemoveFromGroup(connectionId, groupName);
        return Task.CompletedTask;
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllExceptAsync(methodName, args, [], cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        _connections.SendAll(Serialize(methodName, args), excludedConnectionIds);
        return Task.CompletedTask;
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendConnectionsAsync([connectionId], methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        foreach (var id in connectionIds)
        {
            _connections.SendConnection(id, message);
        }
        return Task.CompletedTask;
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        _connections.SendGroups(groupNames, Serialize(methodName, args), []);
        return Task.CompletedTask;
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        _connections.SendGroups([groupName], Serialize(methodName, args), excludedConnectionIds);
        return Task.CompletedTask;
    }

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendUsersAsync([userId], methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        _connections.SendUsers(userIds, Serialize(methodName, args));
        return Task.CompletedTask;
    }

    async Task IHubAudiences<THub>.SendAsync(string audience, string methodName, object?[] args, CancellationToken cancellationToken)
    {
        var users = await Audiences(audiences).ResolveAsync(audience, cancellationToken);
        _connections.SendAudience(users, Serialize(methodName, args));
    }

    /// <summary>One instance: applying the change here is applying it everywhere.</summary>
    Task IHubAudiences<THub>.ChangeAsync(string audience, string userId, bool member, CancellationToken cancellationToken)
    {
        _connections.ChangeAudience(Audiences(audiences), audience, userId, member);
        return Task.CompletedTask;
    }

    /// <summary>Serialized lazily (on the first write), once per protocol in use, and shared by every recipient.</summary>
    private static SerializedHubMessage Serialize(string methodName, object?[] args) =>
        new(new InvocationMessage(methodName, args));
}
