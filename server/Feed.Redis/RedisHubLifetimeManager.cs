using System.Buffers;
using Feed.Redis.Internal.Backplane;
using Feed.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Feed.Redis;

/// <summary>
/// A SignalR lifetime manager that makes any number of server instances act as one, through
/// Redis sharded pub/sub on the process's one <see cref="IConnectionMultiplexer"/>. Local first:
/// a send reaches this instance's connections directly (never waiting for them, see
/// <see cref="LocalHubConnections"/>), then goes to Redis once per partition its targets fall in,
/// serialized once per hub protocol; other instances deliver those same bytes to their
/// connections. Every instance subscribes to a fixed set of partition channels at start
/// (<see cref="RedisBackplaneOptions.Partitions"/>), never per connection, group, user or author.
/// Delivery across instances is at most once (Redis pub/sub): while Redis is unreachable, local
/// delivery goes on, messages for other instances are lost, and <see cref="BackplaneRestored"/>
/// tells the application to let its clients catch up.
/// </summary>
public sealed partial class RedisHubLifetimeManager<THub> : FeedHubLifetimeManagerBase<THub>, IHubAudiences<THub>, IBackplaneStatus, IAsyncDisposable
    where THub : Hub
{
    private readonly LocalHubConnections _local;
    private readonly RedisChannels _channels;
    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly BackplaneState _state;
    private readonly GroupCommandBus _groupCommands;
    private readonly IConnectionMultiplexer _redis;
    private readonly ISubscriber _publisher;
    private readonly ChannelSubscriptions _subscriptions;
    private readonly Task _ready;
    private readonly BackplaneMetrics _metrics;
    private readonly IAudienceResolver? _audiences;

    /// <param name="audiences">Resolves audiences for <see cref="IHubAudiences{THub}"/>; none: audience sends fail.</param>
    public RedisHubLifetimeManager(ILogger<RedisHubLifetimeManager<THub>> logger, IOptions<RedisBackplaneOptions> options,
        IOptions<FeedDeliveryOptions> delivery, DeliveryMetrics metrics, BackplaneMetrics backplaneMetrics, IHubProtocolResolver hubProtocolResolver,
        IConnectionMultiplexer redis, IAudienceResolver? audiences = null)
    {
        _audiences = audiences;
        _metrics = backplaneMetrics;
        _options = options.Value;
        _logger = logger;
        _redis = redis;
        _publisher = redis.GetSubscriber();
        _subscriptions = new ChannelSubscriptions(_publisher, logger);
        _local = new LocalHubConnections(delivery.Value.SendBacklog, logger, delivery.Value.Flushers, metrics);
        _channels = new RedisChannels(_options.ChannelPrefix, typeof(THub).FullName!);
        _protocols = [.. hubProtocolResolver.AllProtocols];
        ServerName = $"{Environment.MachineName}_{Guid.NewGuid():N}";
        _state = new BackplaneState(logger)
        {
            Lost = () => BackplaneLost?.Invoke(this, EventArgs.Empty),
            Restored = () =>
            {
                // Audience changes made elsewhere during the outage were not heard here.
                _audiences?.Reset();
                BackplaneRestored?.Invoke(this, EventArgs.Empty);
            },
        };
        _groupCommands = new GroupCommandBus(_publisher, _subscriptions, _channels, ServerName, _options.AckTimeout,
            command => ApplyAsync(command.Action, command.Group, command.Target), logger);
        _state.Attach(redis);
        _ready = Task.Run(StartAsync);
    }

    /// <summary>This instance's unique name on the backplane.</summary>
    public string ServerName { get; }

    /// <summary>True while every Redis connection (publishing and receiving) is up and, after an
    /// outage, once this instance's subscriptions are made again on every node.</summary>
    public bool IsBackplaneConnected => _ready.IsCompletedSuccessfully && _state.IsUp;

    /// <summary>The backplane went down: from now on, messages for other instances are lost.</summary>
    public event EventHandler? BackplaneLost;

    /// <summary>
    /// The backplane is back (also when Redis was down at startup and is now reachable). Messages
    /// were lost meanwhile: tell clients to catch up, e.g. with a send to all.
    /// </summary>
    public event EventHandler? BackplaneRestored;

    bool IBackplaneStatus.IsConnected => IsBackplaneConnected;

    event EventHandler? IBackplaneStatus.Restored
    {
        add => BackplaneRestored += value;
        remove => BackplaneRestored -= value;
    }

    /// <summary>Completes once the backplane's own channels are subscribed (or registered, while Redis is down).</summary>
    public Task WhenStarted => _ready;

    /// <summary>No Redis work: the partitions this connection's messages arrive on are subscribed already.</summary>
    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _local.Add(connection);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _local.Remove(connection);
        return Task.CompletedTask;
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllExceptAsync(methodName, args, [], cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        _local.SendAll(message, excludedConnectionIds);
        return PublishAsync(_channels.All, message, excludedConnectionIds);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendConnectionsAsync([connectionId], methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args,
        CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        List<string>? remote = null;
        foreach (var id in connectionIds)
        {
            // A connection on this instance needs no Redis round trip: it is nowhere else.
            if (!_local.SendConnection(id, message))
            {
                (remote ??= []).Add(id);
            }
        }
        return remote is null ? Task.CompletedTask : PublishToPartitionsAsync(TargetKind.Connections, remote, message, null);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args,
        IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendGroupsCore([groupName], Serialize(methodName, args), excludedConnectionIds);

    /// <summary>One Redis message per partition of the groups: a remote connection in several of them gets it once per group.</summary>
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendGroupsCore(groupNames, Serialize(methodName, args), []);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendUsersAsync([userId], methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args,
        CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        _local.SendUsers(userIds, message);
        return PublishToPartitionsAsync(TargetKind.Users, userIds, message, null);
    }

    public ValueTask DisposeAsync()
    {
        // The multiplexer is the process's, not ours: only stop applying group commands.
        _groupCommands.Stop();
        return ValueTask.CompletedTask;
    }

    private Task SendGroupsCore(IReadOnlyList<string> groups, SerializedHubMessage message, IReadOnlyList<string> excluded)
    {
        // Local members get it now, without a Redis round trip; the sender skips its own echo.
        _local.SendGroups(groups, message, excluded);
        return PublishToPartitionsAsync(TargetKind.Groups, groups, message, excluded);
    }

    /// <summary>One message per partition the keys fall in, each naming its keys; usually one key, one message.</summary>
    private Task PublishToPartitionsAsync(TargetKind kind, IReadOnlyList<string> keys, SerializedHubMessage message, IReadOnlyList<string>? excluded)
    {
        if (keys.Count == 1)
        {
            return PublishAsync(_channels.Partition(RedisChannels.PartitionOf(keys[0], _options.Partitions)), message, excluded, kind, keys);
        }
        return Task.WhenAll(keys.GroupBy(key => RedisChannels.PartitionOf(key, _options.Partitions))
            .Select(partition => PublishAsync(_channels.Partition(partition.Key), message, excluded, kind, partition)));
    }

    /// <summary>Writes the invocation once and publishes it. Skipped (and counted) while Redis is down.</summary>
    private async Task PublishAsync(RedisChannel channel, SerializedHubMessage message, IReadOnlyList<string>? excluded,
        TargetKind kind = TargetKind.All, IEnumerable<string>? keys = null)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        BackplaneProtocol.WriteInvocation(payload, ServerName, message, _protocols, excluded, kind, keys);
        await _ready;
        try
        {
            await _publisher.PublishAsync(channel, payload.WrittenMemory);
            _metrics.Sent();
        }
        catch (Exception e) when (RedisErrors.IsUnavailable(e))
        {
            _state.CountMissed();
            BackplaneLog.PublishSkipped(_logger, channel.ToString(), e.Message);
        }
    }

    /// <summary>A partition's messages, one at a time in Redis's order (an audience may have to be loaded first).</summary>
    private async Task OnPartitionMessage(RedisChannel channel, ReadOnlyMemory<byte> payload)
    {
        if (Read(channel, payload) is not { } invocation || invocation.Origin == ServerName)
        {
            return;
        }
        switch (invocation.Kind)
        {
            case TargetKind.Connections:
                foreach (var id in invocation.Keys)
                {
                    _local.SendConnection(id, invocation.Message);
                }
                break;
            case TargetKind.Groups:
                _local.SendGroups(invocation.Keys, invocation.Message, invocation.ExcludedConnectionIds);
                break;
            case TargetKind.Users:
                _local.SendUsers(invocation.Keys, invocation.Message);
                break;
            case TargetKind.Audience:
                await DeliverAudienceAsync(invocation.Keys[0], invocation.Message);
                break;
        }
    }

    private void OnAllMessage(RedisChannel channel, ReadOnlyMemory<byte> payload)
    {
        if (Read(channel, payload) is { } invocation && invocation.Origin != ServerName)
        {
            _local.SendAll(invocation.Message, invocation.ExcludedConnectionIds);
        }
    }

    private RedisInvocation? Read(RedisChannel channel, ReadOnlyMemory<byte> payload)
    {
        try
        {
            var invocation = BackplaneProtocol.ReadInvocation(payload);
            _metrics.Received();
            return invocation;
        }
        catch (InvalidDataException e)
        {
            BackplaneLog.BadMessage(_logger, channel.ToString(), e);
            return null;
        }
    }

    private static SerializedHubMessage Serialize(string methodName, object?[] args) =>
        new(new InvocationMessage(methodName, args));

    private async Task StartAsync()
    {
        await _subscriptions.AddAsync(_channels.All, OnAllMessage);
        for (var partition = 0; partition < _options.Partitions; partition++)
        {
            await _subscriptions.AddAsync(_channels.Partition(partition), OnPartitionMessage);
        }
        await _groupCommands.StartAsync();
        BackplaneLog.Started(_logger, typeof(THub).Name, ServerName, _channels.All.ToString(), _options.Partitions);
    }
}
