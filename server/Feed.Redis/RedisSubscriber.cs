using Feed.Redis.Internal;
using Microsoft.Extensions.Logging;

namespace Feed.Redis;

/// <summary>
/// The subscriber side of a <see cref="RedisConnection"/>: its own socket in subscribe mode.
/// Subscriptions are the wanted state: they survive reconnects (all are made again before
/// <see cref="RedisConnection.ConnectionRestored"/> fires) and may be added while Redis is down.
/// Delivery is at most once: messages published while the subscriber is disconnected are lost.
/// Handlers run on the connection's read loop, one message at a time, in publish order per
/// channel: keep them short.
/// </summary>
public sealed class RedisSubscriber
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SubscriptionRegistry _registry;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private volatile RedisPhysicalConnection? _active;

    internal RedisSubscriber(RedisConnectionOptions options, ILogger logger)
    {
        _registry = new SubscriptionRegistry(options.ChannelPrefix, logger);
        _timeout = options.SyncTimeout;
        _logger = logger;
    }

    /// <summary>True while the subscriber socket is up and every subscription is made on it.</summary>
    public bool IsConnected => _active is { IsClosed: false };

    /// <summary>
    /// Adds a handler for a channel. When connected, returns once Redis confirmed the
    /// subscription; when not, returns at once and the subscription is made on reconnect.
    /// </summary>
    /// <exception cref="RedisServerException">Redis refused it (e.g. an ACL without that channel).</exception>
    /// <exception cref="RedisTimeoutException">No confirmation within the sync timeout.</exception>
    public Task<RedisSubscription> SubscribeAsync(string channel, Action<RedisChannelMessage> handler,
        CancellationToken cancellationToken = default) => AddAsync(channel, isPattern: false, handler, cancellationToken);

    /// <summary>Adds a handler for every channel matching a glob-style pattern (PSUBSCRIBE).</summary>
    public Task<RedisSubscription> PatternSubscribeAsync(string pattern, Action<RedisChannelMessage> handler,
        CancellationToken cancellationToken = default) => AddAsync(pattern, isPattern: true, handler, cancellationToken);

    /// <summary>Removes every handler of a channel and unsubscribes it on the server.</summary>
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        RemoveEntryAsync(channel, isPattern: false, null, cancellationToken);

    /// <summary>Removes every handler of a pattern and unsubscribes it on the server.</summary>
    public Task PatternUnsubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        RemoveEntryAsync(pattern, isPattern: true, null, cancellationToken);

    internal bool TryHandlePush(RedisValue frame) => _registry.TryDeliver(frame);

    internal Task RemoveAsync(RedisSubscription subscription, CancellationToken cancellationToken) =>
        RemoveEntryAsync(subscription.Channel, subscription.IsPattern, subscription, cancellationToken);

    /// <summary>Makes every wanted subscription on a fresh connection, before it counts as connected.</summary>
    internal async Task OnConnectedAsync(RedisPhysicalConnection connection, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var entries = _registry.All.ToList();
            var replies = new List<(SubscriptionEntry Entry, PendingReply Reply)>(entries.Count);
            foreach (var entry in entries)
            {
                replies.Add((entry, await connection.WriteAsync(SubscribeCommand(entry, subscribe: true), cancellationToken)));
            }
            foreach (var (entry, reply) in replies)
            {
                try
                {
                    await connection.WaitAsync(reply, _timeout, cancellationToken);
                    entry.Confirmation = Task.CompletedTask;
                }
                catch (RedisServerException ex)
                {
                    RedisLog.ResubscribeFailed(_logger, entry.Name, ex.Message);
                }
            }
            if (entries.Count > 0)
            {
                RedisLog.Resubscribed(_logger, entries.Count);
            }
            _active = connection;
        }
        finally
        {
            _lock.Release();
        }
    }

    internal void OnConnectionLost() => _active = null;

    private async Task<RedisSubscription> AddAsync(string name, bool isPattern, Action<RedisChannelMessage> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new RedisSubscription(this, name, isPattern, handler);
        var wireName = _registry.ToWireName(name);
        Task confirmation;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_registry.TryGet(wireName, isPattern, out var entry))
            {
                // The handler is in place before SUBSCRIBE goes out, so no early message is missed.
                entry = new SubscriptionEntry(name, wireName, isPattern);
                entry.Add(subscription);
                _registry.Add(entry);
                entry.Confirmation = await SendLockedAsync(SubscribeCommand(entry, subscribe: true));
            }
            else
            {
                entry.Add(subscription);
            }
            confirmation = entry.Confirmation;
        }
        finally
        {
            _lock.Release();
        }

        try
        {
            await IgnoreConnectionLoss(confirmation.WaitAsync(cancellationToken));
        }
        catch
        {
            await RemoveAsync(subscription, CancellationToken.None);
            throw;
        }
        return subscription;
    }

    private async Task RemoveEntryAsync(string name, bool isPattern, RedisSubscription? only, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var wireName = _registry.ToWireName(name);
        Task confirmation;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_registry.TryGet(wireName, isPattern, out var entry))
            {
                return;
            }
            if (only is null)
            {
                entry.Clear();
            }
            else if (!entry.Remove(only) || !entry.IsEmpty)
            {
                return;
            }
            _registry.Remove(entry);
            confirmation = await SendLockedAsync(SubscribeCommand(entry, subscribe: false));
        }
        finally
        {
            _lock.Release();
        }
        await IgnoreConnectionLoss(confirmation.WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Writes a (un)subscribe while holding the lock, so the server sees them in the order the
    /// registry changed; returns the confirmation to await outside the lock.
    /// </summary>
    private async Task<Task> SendLockedAsync(RedisArgument[] command)
    {
        var connection = _active;
        if (connection is null)
        {
            // Down: the reconnect makes the registry's subscriptions, no more and no less.
            return Task.CompletedTask;
        }
        try
        {
            var reply = await connection.WriteAsync(command, CancellationToken.None);
            return connection.WaitAsync(reply, _timeout, CancellationToken.None);
        }
        catch (RedisConnectionException)
        {
            return Task.CompletedTask;
        }
    }

    private static RedisArgument[] SubscribeCommand(SubscriptionEntry entry, bool subscribe) =>
        [(entry.IsPattern, subscribe) switch
        {
            (false, true) => "SUBSCRIBE",
            (false, false) => "UNSUBSCRIBE",
            (true, true) => "PSUBSCRIBE",
            (true, false) => "PUNSUBSCRIBE",
        }, entry.WireName];

    private static async Task IgnoreConnectionLoss(Task confirmation)
    {
        try
        {
            await confirmation;
        }
        catch (RedisConnectionException)
        {
            // The connection dropped mid-way; the reconnect brings the server in line with the registry.
        }
    }
}
