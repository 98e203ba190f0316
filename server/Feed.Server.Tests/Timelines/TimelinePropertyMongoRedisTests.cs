using Feed.Core;
using Feed.Mongo;
using Feed.Redis;
using Feed.Redis.Timelines;
using Feed.Testing.Timelines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Driver;

namespace Feed.Server.Tests.Timelines;

/// <summary>The timeline property on MongoDB (jongodb) and a real Redis: every page through the timeline equals the store query's.</summary>
public sealed class TimelinePropertyMongoRedisTests(MongoRedisFixture servers) : IClassFixture<MongoRedisFixture>
{
    [Theory]
    [InlineData(1, 10, 3)]
    [InlineData(2, 25, 100)]
    [InlineData(3, 10, 100)]
    [InlineData(4, 25, 3)]
    public async Task Every_page_through_the_timeline_equals_the_store_query_page(int seed, int capacity, int celebrityFollowers)
    {
        var database = $"timelines{seed}x{Guid.NewGuid():N}"[..24];
        using var mongo = new MongoClient(servers.Mongo.ConnectionString(database));
        var store = new MongoFeedStore(mongo.GetDatabase(database), TimeProvider.System, NullLogger<MongoFeedStore>.Instance);
        await using var redis = await FeedRedisConnection.ConnectAsync(servers.Redis.ConnectionString);
        var prefix = $"property{seed}:{Guid.NewGuid():N}:";
        var options = new TimelineOptions { Capacity = capacity, CelebrityFollowers = celebrityFollowers, PollInterval = TimeSpan.FromMilliseconds(10) };
        var timelines = new RedisHomeTimelineStore(redis, prefix, options);
        var queue = new RedisFanoutQueue(redis, prefix, options, TimeProvider.System);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var home = new HomeTimelines(store, timelines, queue, options, new TimelineTrust(timelines), time, NullLogger<HomeTimelines>.Instance);
        var property = new TimelineProperty(store, home, queue, time, seed) { Users = 8, Steps = 120 };

        await property.RunAsync();

        Assert.True(property.PagesCompared > 30, $"only {property.PagesCompared} pages compared");
        Assert.True(home.PagesServed > property.PagesCompared / 4, $"{home.PagesServed} of {property.PagesCompared} pages from timelines");
    }
}
