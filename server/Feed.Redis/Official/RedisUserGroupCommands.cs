using Feed.Redis.Internal.Backplane;
using Feed.SignalR.Delivery;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis;

/// <summary>
/// Changes the groups of every connection of a user on every instance, for a lifetime manager
/// that has no such operation (SignalR's own Redis backplane): each instance applies the change to
/// its own connections of the user (<paramref name="local"/>) and acknowledges it; the call returns
/// once all did. The same acknowledged commands as Feed's backplane, on channels of their own
/// (<c>{prefix}Feed.UserGroups:internal:*</c>).
/// </summary>
/// <param name="local">This instance's connections of a user (SignalR's own group operations).</param>
public sealed class RedisUserGroupCommands : IUserGroups
{
    private readonly IUserGroups _local;
    private readonly GroupCommandBus _bus;
    private readonly Lazy<Task> _started;

    public RedisUserGroupCommands(IConnectionMultiplexer redis, string channelPrefix, TimeSpan ackTimeout, IUserGroups local, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(local);
        _local = local;
        var subscriber = redis.GetSubscriber();
        _bus = new GroupCommandBus(subscriber, new ChannelSubscriptions(subscriber, logger), new RedisChannels(channelPrefix, "Feed.UserGroups"),
            $"{Environment.MachineName}_{Guid.NewGuid():N}", ackTimeout, ApplyAsync, logger);
        _started = new(_bus.StartAsync);
    }

    /// <summary>Subscribes now rather than on the first change (so this instance acks others' changes from the start).</summary>
    public Task StartAsync() => _started.Value;

    /// <exception cref="Feed.SignalR.BackplaneUnavailableException">Redis is unreachable (this instance's connections were changed).</exception>
    /// <exception cref="TimeoutException">Some instance did not acknowledge in time.</exception>
    public Task AddUserAsync(string userId, string group, CancellationToken cancellationToken) =>
        SendAsync(GroupAction.AddUser, userId, group, cancellationToken);

    /// <inheritdoc cref="AddUserAsync"/>
    public Task RemoveUserAsync(string userId, string group, CancellationToken cancellationToken) =>
        SendAsync(GroupAction.RemoveUser, userId, group, cancellationToken);

    private async Task SendAsync(GroupAction action, string userId, string group, CancellationToken cancellationToken)
    {
        await _started.Value;
        // Here first, without a round trip; the other instances apply it when the command reaches them.
        await Apply(action, userId, group, cancellationToken);
        await _bus.SendAsync(action, group, userId, cancellationToken);
    }

    private Task ApplyAsync(GroupCommand command) => Apply(command.Action, command.Target, command.Group, CancellationToken.None);

    private Task Apply(GroupAction action, string userId, string group, CancellationToken cancellationToken) => action == GroupAction.AddUser
        ? _local.AddUserAsync(userId, group, cancellationToken)
        : _local.RemoveUserAsync(userId, group, cancellationToken);
}
