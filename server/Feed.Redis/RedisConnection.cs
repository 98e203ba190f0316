using System.Diagnostics;
using Feed.Redis.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Redis;

/// <summary>
/// A client for one Redis server: a multiplexed command connection (any number of concurrent
/// callers share one socket; their commands are pipelined) and a dedicated subscriber
/// connection (<see cref="Subscriber"/>). Both reconnect on their own with capped exponential
/// backoff. Commands issued while the command connection is down fail at once with
/// <see cref="RedisConnectionException"/>; they are not queued.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly ConnectionSupervisor _interactive;
    private readonly ConnectionSupervisor _subscription;
    private readonly ILogger _logger;

    private RedisConnection(RedisConnectionOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        Subscriber = new RedisSubscriber(options, logger);
        _interactive = new ConnectionSupervisor(options, RedisConnectionKind.Interactive, logger)
        {
            Lost = e => Raise(ConnectionLost, e, nameof(ConnectionLost)),
            Restored = e => Raise(ConnectionRestored, e, nameof(ConnectionRestored)),
        };
        _subscription = new ConnectionSupervisor(options, RedisConnectionKind.Subscription, logger,
            Subscriber.TryHandlePush, Subscriber.OnConnectedAsync)
        {
            Lost = e =>
            {
                Subscriber.OnConnectionLost();
                Raise(ConnectionLost, e, nameof(ConnectionLost));
            },
            Restored = e => Raise(ConnectionRestored, e, nameof(ConnectionRestored)),
        };
    }

    /// <summary>A connection (either kind: see <see cref="RedisConnectionEventArgs.Kind"/>) dropped.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionLost;

    /// <summary>
    /// A connection was re-established in the background (also the first connection when
    /// ConnectAsync returned without one). For the subscriber, all subscriptions are made again first.
    /// </summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionRestored;

    /// <summary>A copy of the options this connection was made with.</summary>
    public RedisConnectionOptions Options { get; }

    public RedisSubscriber Subscriber { get; }

    /// <summary>True while both the command and the subscriber connection are up.</summary>
    public bool IsConnected => _interactive.Current is { IsClosed: false } && Subscriber.IsConnected;

    /// <summary>
    /// Connects both sockets. With <see cref="RedisConnectionOptions.AbortOnConnectFail"/> (the
    /// default) a failure throws <see cref="RedisConnectionException"/>; otherwise this returns
    /// after one attempt and keeps connecting in the background.
    /// </summary>
    public static async Task<RedisConnection> ConnectAsync(RedisConnectionOptions options, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connection = new RedisConnection(options.Clone(), logger ?? NullLogger.Instance);
        try
        {
            var failures = await Task.WhenAll(
                connection._interactive.TryConnectOnceAsync(cancellationToken),
                connection._subscription.TryConnectOnceAsync(cancellationToken));
            if (options.AbortOnConnectFail && failures.FirstOrDefault(f => f is not null) is { } failure)
            {
                throw failure;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        connection._interactive.Start();
        connection._subscription.Start();
        return connection;
    }

    /// <summary>Parses <paramref name="connectionString"/> (see <see cref="RedisConnectionOptions.Parse"/>) and connects.</summary>
    public static Task<RedisConnection> ConnectAsync(string connectionString, ILogger? logger = null,
        CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisConnectionOptions.Parse(connectionString), logger, cancellationToken);

    /// <summary>Runs any command, e.g. <c>ExecuteAsync("HSET", key, field, value)</c>.</summary>
    /// <exception cref="RedisServerException">Redis answered with an error; the message is its text.</exception>
    /// <exception cref="RedisTimeoutException">No reply within the sync timeout.</exception>
    /// <exception cref="RedisConnectionException">Not connected, or the connection dropped before the reply.</exception>
    public Task<RedisValue> ExecuteAsync(params RedisArgument[] command) => ExecuteAsync(command, CancellationToken.None);

    /// <inheritdoc cref="ExecuteAsync(RedisArgument[])"/>
    public Task<RedisValue> ExecuteAsync(RedisArgument[] command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length == 0)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(command));
        }
        return _interactive.RequireCurrent().ExecuteAsync(command, Options.SyncTimeout, cancellationToken);
    }

    /// <summary>Publishes to a channel (with the channel prefix); returns how many subscribers received it.</summary>
    public async Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var reply = await ExecuteAsync(["PUBLISH", (Options.ChannelPrefix ?? "") + channel, payload], cancellationToken);
        return reply.AsInt64();
    }

    /// <summary>Sends PING on the command connection; returns the round trip.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await ExecuteAsync(["PING"], cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>GET: the value's bytes, or null when the key does not exist.</summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["GET", key], cancellationToken)).ToArray();

    /// <summary>GET decoded as UTF-8, or null when the key does not exist.</summary>
    public async Task<string?> GetStringAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["GET", key], cancellationToken)).AsString();

    /// <summary>SET, with an optional expiry (PX).</summary>
    public Task SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(expiry is { } ttl
            ? ["SET", key, value, "PX", (long)ttl.TotalMilliseconds]
            : ["SET", key, value], cancellationToken);

    /// <summary>SET of UTF-8 text, with an optional expiry (PX).</summary>
    public Task SetAsync(string key, string value, TimeSpan? expiry = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(expiry is { } ttl
            ? ["SET", key, value, "PX", (long)ttl.TotalMilliseconds]
            : ["SET", key, value], cancellationToken);

    /// <summary>INCR: the value after incrementing.</summary>
    public async Task<long> IncrementAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["INCR", key], cancellationToken)).AsInt64();

    /// <summary>DEL: true when the key existed.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["DEL", key], cancellationToken)).AsInt64() > 0;

    /// <summary>Closes both sockets; pending commands fail with <see cref="RedisConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _interactive.DisposeAsync();
        await _subscription.DisposeAsync();
        Subscriber.OnConnectionLost();
    }

    private void Raise(EventHandler<RedisConnectionEventArgs>? handlers, RedisConnectionEventArgs args, string eventName)
    {
        try
        {
            handlers?.Invoke(this, args);
        }
        catch (Exception ex)
        {
            // A faulty listener must not stop the reconnect loop that raised the event.
            RedisLog.EventHandlerFailed(_logger, eventName, ex);
        }
    }
}
