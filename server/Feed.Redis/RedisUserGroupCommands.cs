using Feed.Redis.Internal.Backplane;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis;

/// <summary>
/// Changes the groups of every connection of a user on every instance, for a lifetime manager
/// that has no such operation (SignalR's own Redis backplane): each instance applies the change to
/// its own connections of the user and acknowledges it; the call returns once all did. The same
/// acknowledged commands as Feed's backplane, on channels of their own
/// (<c>{prefix}Feed.UserGroups:internal:*</c>).
/// </summary>
public sealed class RedisUserGroupCommands
{
    private readonly GroupCommandBus _bus;
    private readonly Lazy<Task> _started;

    /// <param name="applyLocally">Adds (true) or removes (false) this instance's connections of a user to or from a group.</param>
    public RedisUserGroupCommands(IConnectionMultiplexer redis, string channelPrefix, TimeSpan ackTimeout,
        Func<string, string, bool, Task> applyLocally, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(applyLocally);
        var subscriber = redis.GetSubscriber();
        _bus = new GroupCommandBus(subscriber, new ChannelSubscriptions(subscriber, logger), new RedisChannels(channelPrefix, "Feed.UserGroups"),
            $"{Environment.MachineName}_{Guid.NewGuid():N}", ackTimeout,
            command => applyLocally(command.Target, command.Group, command.Action == GroupAction.AddUser), logger);
        _started = new(_bus.StartAsync);
    }

    /// <summary>Subscribes now rather than on the first change (so this instance acks others' changes from the start).</summary>
    public Task StartAsync() => _started.Value;

    /// <exception cref="BackplaneUnavailableException">Redis is unreachable (this instance was changed; <paramref name="applyLocally"/> ran).</exception>
    /// <exception cref="TimeoutException">Some instance did not acknowledge in time.</exception>
    public Task AddUserAsync(string userId, string group, Func<Task> applyLocally, CancellationToken cancellationToken) =>
        SendAsync(GroupAction.AddUser, userId, group, applyLocally, cancellationToken);

    /// <inheritdoc cref="AddUserAsync"/>
    public Task RemoveUserAsync(string userId, string group, Func<Task> applyLocally, CancellationToken cancellationToken) =>
        SendAsync(GroupAction.RemoveUser, userId, group, applyLocally, cancellationToken);

    private async Task SendAsync(GroupAction action, string userId, string group, Func<Task> applyLocally, CancellationToken cancellationToken)
    {
        await _started.Value;
        // Here first, without a round trip; the other instances apply it when the command reaches them.
        await applyLocally();
        await _bus.SendAsync(action, group, userId, cancellationToken);
    }
}
