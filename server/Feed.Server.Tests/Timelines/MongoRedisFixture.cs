using Feed.Testing;

namespace Feed.Server.Tests.Timelines;

/// <summary>One jongodb and one redis-server for a test class; tests keep apart by database name and key prefix.</summary>
public sealed class MongoRedisFixture : IAsyncLifetime
{
    public JongoDbServer Mongo { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mongo = await JongoDbServer.StartAsync();
        Redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Mongo.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
