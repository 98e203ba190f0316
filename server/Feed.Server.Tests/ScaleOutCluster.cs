using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;

namespace Feed.Server.Tests;

/// <summary>
/// Three in-process Feed servers on their own Kestrel ports and one redis-server, sharing one
/// in-memory store (as real instances share MongoDB). Demo data off, publish limits high.
/// </summary>
public class ScaleOutCluster : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public IReadOnlyList<FeedServer> Servers { get; private set; } = [];

    public FeedServer this[int index] => Servers[index];

    /// <summary><c>Feed:Redis:Backplane</c> of every instance.</summary>
    protected virtual string Backplane => "feed";

    private const string FeedBackplaneKey = "Feed:Redis:Backplane";

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        var store = new InMemoryFeedStore();
        var settings = ScaleOutScenario.Settings(Redis.ConnectionString);
        settings[FeedBackplaneKey] = Backplane;
        var servers = new List<FeedServer>();
        for (var i = 0; i < 3; i++)
        {
            servers.Add(await FeedServer.StartAsync(settings, store));
        }
        Servers = servers;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
        await Redis.DisposeAsync();
    }
}

/// <summary>The same cluster on SignalR's own Redis backplane (<c>Feed:Redis:Backplane=official</c>).</summary>
public sealed class OfficialScaleOutCluster : ScaleOutCluster
{
    protected override string Backplane => "official";
}
