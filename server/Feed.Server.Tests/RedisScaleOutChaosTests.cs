using System.Net;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Xunit.Abstractions;

namespace Feed.Server.Tests;

/// <summary>Redis restarted while posts flow: every client still ends with every post, once.</summary>
public sealed class RedisScaleOutChaosTests(ScaleOutCluster cluster, ITestOutputHelper output)
    : RedisScaleOutChaosSuite(cluster, output), IClassFixture<ScaleOutCluster>;

/// <summary>The same on SignalR's own backplane: it has no local delivery during the outage, so Resync recovers more.</summary>
public sealed class OfficialRedisScaleOutChaosTests(OfficialScaleOutCluster cluster, ITestOutputHelper output)
    : RedisScaleOutChaosSuite(cluster, output), IClassFixture<OfficialScaleOutCluster>;

/// <summary>Redis restarted while posts flow, whichever backplane the instances use.</summary>
public abstract class RedisScaleOutChaosSuite(ScaleOutCluster cluster, ITestOutputHelper output)
{
    private const int PostsPerPhase = 8;

    [Fact]
    public async Task Restarting_redis_while_posts_flow_loses_nothing_after_resync()
    {
        var authors = new List<FeedConnection>();
        for (var i = 0; i < 3; i++)
        {
            authors.Add(await cluster[i].ConnectAsync(TestUsers.New($"author{i}")));
        }
        var genesis = await authors[0].Client.PublishAsync("before everything");
        var readers = await ScaleOutScenario.ReadersAsync(cluster.Servers, 9, authors, genesis.Cursor);
        var posts = new List<string>();

        await ScaleOutScenario.PostAsync(authors, posts, "before", PostsPerPhase);
        await cluster.Redis.StopAsync();
        await ScaleOutScenario.ReadinessAsync(cluster.Servers, HttpStatusCode.ServiceUnavailable);
        await ScaleOutScenario.PostAsync(authors, posts, "during", PostsPerPhase);
        await cluster.Redis.StartAgainAsync();
        await ScaleOutScenario.ReadinessAsync(cluster.Servers, HttpStatusCode.OK);
        await ScaleOutScenario.PostAsync(authors, posts, "after", PostsPerPhase);

        foreach (var reader in readers)
        {
            await Eventually.HoldsAsync(() => Assert.True(posts.All(reader.Ids.Contains), $"reader has {reader.Ids.Count} of {posts.Count} posts; {reader.Diagnosis}"));
            Assert.Empty(reader.DuplicatedPushes);
            Assert.Equal(posts.Count, reader.Ids.Count);
        }
        var missed = readers.Sum(r => r.Recovered);
        output.WriteLine($"{readers.Count} readers x {posts.Count} posts: {readers.Sum(r => r.LiveCount)} pushed live, " +
            $"{missed} missed live and recovered by Resync gap-fill, 0 duplicated");
        Assert.True(missed > 0, "the outage should have made some reader miss a push from another instance");
        foreach (var c in authors.Concat(readers.Select(r => r.Connection)))
        {
            await c.DisposeAsync();
        }
    }
}
