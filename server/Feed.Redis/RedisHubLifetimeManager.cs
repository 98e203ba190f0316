using Feed.SignalR;
using System.Buffers;
using Feed.Redis.Internal.Backplane;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feed.Redis;

/// <summary>
/// A SignalR lifetime manager that makes any number of server instances act as one, through
/// Redis pub/sub. Local first: a send reaches this instance's connections directly (never
/// waiting for them, see <see cref="LocalHubConnections"/>), then goes to Redis once per
/// target channel, serialized once per hub protocol; other instances deliver those same bytes
/// to their connections. Delivery across instances is at most once (Redis pub/sub): while
/// Redis is unreachable, local delivery goes on, messages for other instances are lost, and
/// <see cref="BackplaneRestored"/> tells the application to let its clients catch up.
/// </summary>
public sealed partial class RedisHubLifetimeManager<THub> : HubLifetimeManager<THub>, IAsyncDisposable
    where THub : Hub
{
    private readonly LocalHubConnections _local;
    private readonly RedisChannels _channels;
    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly BackplaneState _state;
    private readonly AckHandler _acks = new();
    private readonly Task<RedisConnection> _ready;
    private ChannelSubscriptions? _subscriptions;

    public RedisHubLifetimeManager(ILogger<RedisHubLifetimeManager<THub>> logger, IOptions<RedisBackplaneOptions> options,
        IHubProtocolResolver hubProtocolResolver)
    {
        _options = options.Value;
        _options.Connection.Validate();
        _logger = logger;
        _local = new LocalHubConnections(_options.SendBacklog, logger);
        _channels = new RedisChannels(_options.ChannelPrefix, typeof(THub).FullName!);
        _protocols = [.. hubProtocolResolver.AllProtocols];
        ServerName = $"{Environment.MachineName}_{Guid.NewGuid():N}";
        _state = new BackplaneState(logger)
        {
            Lost = () => BackplaneLost?.Invoke(this, EventArgs.Empty),
            Restored = () => BackplaneRestored?.Invoke(this, EventArgs.Empty),
        };
        _commands = StartCommandLoop();
        _ready = Task.Run(ConnectAsync);
    }

    /// <summary>This instance's unique name on the backplane.</summary>
    public string ServerName { get; }

    /// <summary>True while both Redis connections (publishing and receiving) are up.</summary>
    public bool IsBackplaneConnected => _ready.IsCompletedSuccessfully && _state.IsUp;

    /// <summary>The backplane went down: from now on, messages for other instances are lost.</summary>
    public event EventHandler? BackplaneLost;

    /// <summary>
    /// The backplane is back (also when Redis was down at startup and is now reachable). Messages
    /// were lost meanwhile: tell clients to catch up, e.g. with a send to all.
    /// </summary>
    public event EventHandler? BackplaneRestored;

    /// <summary>How many hub connections are on this instance.</summary>
    public int LocalConnectionCount => _local.Count;

    /// <summary>Completes once the first connection attempt is done (connected or not).</summary>
    public Task WhenStarted => _ready;

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        _local.Add(connection);
        var subscriptions = await SubscriptionsAsync();
        var id = connection.ConnectionId;
        await subscriptions.AddAsync(_channels.Connection(id), m => OnConnectionMessage(id, m));
        if (connection.UserIdentifier is { } user)
        {
            await subscriptions.AddAsync(_channels.User(user), m => OnUserMessage(user, m));
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        var groups = _local.Remove(connection);
        var subscriptions = await SubscriptionsAsync();
        await subscriptions.RemoveAsync(_channels.Connection(connection.ConnectionId));
        foreach (var group in groups)
        {
            await subscriptions.RemoveAsync(_channels.Group(group));
        }
        if (connection.UserIdentifier is { } user)
        {
            await subscriptions.RemoveAsync(_channels.User(user));
        }
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllExceptAsync(methodName, args, [], cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        _local.SendAll(message, excludedConnectionIds);
        return PublishAsync([_channels.All], message, excludedConnectionIds);
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
                (remote ??= []).Add(_channels.Connection(id));
            }
        }
        return remote is null ? Task.CompletedTask : PublishAsync(remote, message, null);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args,
        IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendGroupsCore([groupName], Serialize(methodName, args), excludedConnectionIds);

    /// <summary>One Redis message per group: a remote connection in several of them gets it once per group.</summary>
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
        return PublishAsync([.. userIds.Select(_channels.User)], message, null);
    }

    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        try
        {
            await (await _ready).DisposeAsync();
        }
        catch (Exception)
        {
            // Connecting failed (bad configuration); there is nothing to close.
        }
    }

    private Task SendGroupsCore(IReadOnlyList<string> groups, SerializedHubMessage message, IReadOnlyList<string> excluded)
    {
        // Local members get it now, without a Redis round trip; the sender skips its own echo.
        _local.SendGroups(groups, message, excluded);
        return PublishAsync([.. groups.Select(_channels.Group)], message, excluded);
    }

    /// <summary>Writes the invocation once and publishes it to each channel. Skipped (and counted) while Redis is down.</summary>
    private async Task PublishAsync(IReadOnlyList<string> channels, SerializedHubMessage message, IReadOnlyList<string>? excluded)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        RedisProtocol.WriteInvocation(payload, ServerName, message, _protocols, excluded);
        var redis = await _ready;
        foreach (var channel in channels)
        {
            try
            {
                await redis.PublishAsync(channel, payload.WrittenMemory);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                _state.CountMissed();
                BackplaneLog.PublishSkipped(_logger, channel, e.Message);
            }
        }
    }

    private void OnConnectionMessage(string connectionId, RedisChannelMessage message)
    {
        if (Read(message) is { } invocation)
        {
            _local.SendConnection(connectionId, invocation.Message);
        }
    }

    private void OnUserMessage(string user, RedisChannelMessage message)
    {
        if (Read(message) is { } invocation && invocation.Origin != ServerName)
        {
            _local.SendUsers([user], invocation.Message);
        }
    }

    private void OnGroupMessage(string group, RedisChannelMessage message)
    {
        if (Read(message) is { } invocation && invocation.Origin != ServerName)
        {
            _local.SendGroups([group], invocation.Message, invocation.ExcludedConnectionIds);
        }
    }

    private void OnAllMessage(RedisChannelMessage message)
    {
        if (Read(message) is { } invocation && invocation.Origin != ServerName)
        {
            _local.SendAll(invocation.Message, invocation.ExcludedConnectionIds);
        }
    }

    private RedisInvocation? Read(RedisChannelMessage message)
    {
        try
        {
            return RedisProtocol.ReadInvocation(message.Payload);
        }
        catch (InvalidDataException e)
        {
            BackplaneLog.BadMessage(_logger, message.Channel, e);
            return null;
        }
    }

    private static SerializedHubMessage Serialize(string methodName, object?[] args) =>
        new(new InvocationMessage(methodName, args));

    private async Task<ChannelSubscriptions> SubscriptionsAsync()
    {
        await _ready;
        return _subscriptions!;
    }

    private async Task<RedisConnection> ConnectAsync()
    {
        var options = _options.Connection.Clone();
        options.AbortOnConnectFail = false;
        var redis = _options.ConnectionFactory is { } factory
            ? await factory(options, _logger)
            : await RedisConnection.ConnectAsync(options, _logger);
        _subscriptions = new ChannelSubscriptions(redis.Subscriber);
        await _state.AttachAsync(redis);
        await redis.Subscriber.SubscribeAsync(_channels.All, OnAllMessage);
        await redis.Subscriber.SubscribeAsync(_channels.GroupManagement, OnGroupCommand);
        await redis.Subscriber.SubscribeAsync(_channels.Ack(ServerName), OnAck);
        BackplaneLog.Started(_logger, typeof(THub).Name, ServerName, _channels.All);
        return redis;
    }
}
