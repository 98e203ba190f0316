using Feed.Server.Tests.Infrastructure;
using Feed.Testing;

namespace Feed.Server.Tests.Delivery;

/// <summary>The delivery chosen from configuration is said once at startup, without the connection string.</summary>
public sealed class DeliveryModeLogTests
{
    private const int ModeEvent = 2206;

    [Fact]
    public async Task One_instance_says_it_runs_Feeds_engine_in_process()
    {
        await using var server = await FeedServer.StartAsync();

        var line = Assert.Single(server.Logs.Lines, l => l.EventId == ModeEvent);
        Assert.Equal("Delivery: Feed's engine in process (one instance)", line.Message);
    }

    [Fact]
    public async Task Feeds_Redis_backplane_is_named_with_its_partitions_and_no_password()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret-in-the-connection-string");
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Feed:Redis:Partitions"] = "16",
        });

        var line = Assert.Single(server.Logs.Lines, l => l.EventId == ModeEvent);
        Assert.Equal("Delivery: Feed's engine on Feed's Redis backplane (16 partitions)", line.Message);
    }

    [Fact]
    public async Task SignalRs_own_backplane_is_named()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Feed:Redis:Backplane"] = "official",
        });

        var line = Assert.Single(server.Logs.Lines, l => l.EventId == ModeEvent);
        Assert.Equal("Delivery: SignalR's groups on SignalR's own Redis backplane (Feed:Redis:Backplane=official)", line.Message);
    }
}
