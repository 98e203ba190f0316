using Feed.Core;
using Feed.Redis.Timelines;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests.Timelines;

/// <summary>Which timelines a server runs: Redis-backed with ConnectionStrings:Redis on either backplane, in memory without, none when disabled.</summary>
public sealed class TimelineRegistrationTests
{
    [Theory]
    [InlineData("feed")]
    [InlineData("official")]
    public async Task With_redis_timelines_and_jobs_are_in_redis_on_either_backplane(string backplane)
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = ScaleOutScenario.Settings(redis.ConnectionString);
        settings["Feed:Redis:Backplane"] = backplane;
        await using var server = await FeedServer.StartAsync(settings);

        Assert.IsType<RedisHomeTimelineStore>(server.Services.GetRequiredService<IHomeTimelineStore>());
        Assert.IsType<RedisFanoutQueue>(server.Services.GetRequiredService<IFanoutQueue>());
        Assert.NotNull(server.Services.GetService<HomeTimelines>());
    }

    [Fact]
    public async Task Without_redis_they_are_in_memory_and_disabled_there_are_none()
    {
        await using (var server = await FeedServer.StartAsync())
        {
            Assert.IsType<InMemoryHomeTimelineStore>(server.Services.GetRequiredService<IHomeTimelineStore>());
            Assert.IsType<InMemoryFanoutQueue>(server.Services.GetRequiredService<IFanoutQueue>());
        }
        await using var off = await FeedServer.StartAsync(new Dictionary<string, string?> { ["Feed:Timelines:Enabled"] = "false" });
        Assert.Null(off.Services.GetService<HomeTimelines>());
        Assert.Null(off.Services.GetService<IFanoutQueue>());
    }
}
