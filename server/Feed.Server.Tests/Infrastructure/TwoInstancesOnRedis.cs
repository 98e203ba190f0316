using Feed.Core;
using Feed.Testing;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// Two in-process instances on one fresh redis-server, sharing one in-memory store (as real
/// instances share MongoDB), with <see cref="ScaleOutScenario.Settings"/> plus the given ones.
/// Disposing stops the instances first, then Redis.
/// </summary>
internal sealed class TwoInstancesOnRedis : IAsyncDisposable
{
    private TwoInstancesOnRedis(RedisServer redis, InMemoryFeedStore store, FeedServer[] servers) =>
        (Redis, Store, Servers) = (redis, store, servers);

    public RedisServer Redis { get; }

    public InMemoryFeedStore Store { get; }

    public FeedServer[] Servers { get; }

    public static async Task<TwoInstancesOnRedis> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var redis = await RedisServer.StartAsync();
        var all = ScaleOutScenario.Settings(redis.ConnectionString);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        var store = new InMemoryFeedStore();
        FeedServer[] servers = [await FeedServer.StartAsync(all, store, time), await FeedServer.StartAsync(all, store, time)];
        return new TwoInstancesOnRedis(redis, store, servers);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
        await Redis.DisposeAsync();
    }
}
