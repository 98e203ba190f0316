using Feed.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feed.Redis.Tests.Backplane;

/// <summary>
/// Several backplane instances ("servers") on one redis-server, with a channel prefix of their
/// own so tests sharing the server never meet. Disposing closes every instance and connection.
/// </summary>
internal sealed class Instances : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private Instances(string prefix) => Prefix = prefix;

    public string Prefix { get; }

    public List<RedisHubLifetimeManager<TestHub>> Servers { get; } = [];

    public RedisHubLifetimeManager<TestHub> this[int index] => Servers[index];

    public ListLogger Log { get; } = new();

    /// <param name="audiences">Each instance's own audience resolver (instance index in), as each process has its own.</param>
    public static async Task<Instances> StartAsync(RedisServer redis, int count, IHubProtocol[]? protocols = null,
        string? prefix = null, Func<int, IAudienceResolver>? audiences = null)
    {
        var instances = new Instances(prefix ?? TestKeys.Unique("bp") + ":");
        for (var i = 0; i < count; i++)
        {
            instances.Servers.Add(await instances.StartOneAsync(redis, protocols, audiences?.Invoke(i)));
        }
        return instances;
    }

    /// <param name="connectionString">Where and as whom to connect; default the server's own string.</param>
    public async Task<RedisHubLifetimeManager<TestHub>> StartOneAsync(RedisServer redis, IHubProtocol[]? protocols = null,
        IAudienceResolver? audiences = null, string? connectionString = null)
    {
        // One multiplexer per instance, as each server process has its own.
        var multiplexer = await FeedRedisConnection.ConnectAsync((connectionString ?? redis.ConnectionString) + ",connectTimeout=2000,syncTimeout=2000,keepAlive=1");
        _owned.Add(multiplexer);
        var manager = new RedisHubLifetimeManager<TestHub>(new LoggerAdapter(Log), Options.Create(new RedisBackplaneOptions { ChannelPrefix = Prefix }),
            Options.Create(new FeedDeliveryOptions()), new DeliveryMetrics(new TestMeterFactory()), new BackplaneMetrics(new TestMeterFactory()), new TestProtocolResolver(protocols ?? []), multiplexer, audiences);
        _owned.Insert(0, manager);
        await manager.WhenStarted.Limited();
        return manager;
    }

    /// <summary>A connection on the given instance, optionally of a user.</summary>
    public async Task<TestHubConnection> ConnectAsync(int instance, string? userId = null, IHubProtocol? protocol = null)
    {
        var connection = new TestHubConnection(userId, protocol);
        _owned.Insert(0, connection);
        await Servers[instance].OnConnectedAsync(connection.Context).Limited();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private sealed class LoggerAdapter(ListLogger inner) : ILogger<RedisHubLifetimeManager<TestHub>>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
