using System.Net;
using Feed.Core;
using Feed.Server.Hubs;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Feed.Server.Tests;

/// <summary>Two instances on a three-master Redis Cluster: posts travel by sharded pub/sub and survive a master's crash.</summary>
public sealed class RedisClusterScaleOutTests(RedisClusterScaleOutTests.Fixture cluster, ITestOutputHelper output)
    : IClassFixture<RedisClusterScaleOutTests.Fixture>
{
    private const int Victim = 0;

    [Fact]
    public async Task Posts_cross_instances_over_SPUBLISH_and_never_PUBLISH()
    {
        var authors = new List<FeedConnection>();
        for (var i = 0; i < 4; i++)
        {
            authors.Add(await cluster[0].ConnectAsync(TestUsers.New("author")));
        }
        await using var follower = await cluster[1].ConnectAsync(TestUsers.New("follower"));
        foreach (var author in authors)
        {
            await follower.Client.FollowAsync(author.UserId);
        }
        var publishBefore = await RedisCommandStats.CallsAsync("publish", cluster.Redis.EndPoints);
        var spublishBefore = await RedisCommandStats.CallsAsync("spublish", cluster.Redis.EndPoints);

        var posts = new List<FeedItem>();
        foreach (var author in authors)
        {
            posts.Add(await author.Client.PublishAsync("over a shard"));
        }
        foreach (var post in posts)
        {
            await follower.Inbox.WaitForAsync(post.Id);
        }

        Assert.Equal(publishBefore, await RedisCommandStats.CallsAsync("publish", cluster.Redis.EndPoints));
        Assert.InRange(await RedisCommandStats.CallsAsync("spublish", cluster.Redis.EndPoints) - spublishBefore, posts.Count, long.MaxValue);
        foreach (var author in authors)
        {
            await author.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_master_killed_and_restarted_loses_nothing()
    {
        // One author whose feed group lives on the master that dies, one elsewhere.
        var onVictim = await cluster[0].ConnectAsync(AuthorOnShard(Victim));
        var elsewhere = await cluster[1].ConnectAsync(AuthorOnShard(Victim + 1));
        FeedConnection[] authors = [onVictim, elsewhere];
        var genesis = await onVictim.Client.PublishAsync("genesis");
        var readers = await ScaleOutScenario.ReadersAsync(cluster.Servers, 4, authors, genesis.Cursor);
        var posts = new List<string>();

        await ScaleOutScenario.PostAsync(authors, posts, "before", rounds: 4);
        await cluster.Redis.KillAsync(Victim);
        await ScaleOutScenario.ReadinessAsync(cluster.Servers, HttpStatusCode.ServiceUnavailable);
        await ScaleOutScenario.PostAsync(authors, posts, "during", rounds: 4);
        await cluster.Redis.RestartAsync(Victim);
        await ScaleOutScenario.ReadinessAsync(cluster.Servers, HttpStatusCode.OK);
        var after = new List<string>();
        await ScaleOutScenario.PostAsync(authors, after, "after", rounds: 4);
        posts.AddRange(after);

        foreach (var reader in readers)
        {
            await Eventually.HoldsAsync(() => Assert.True(posts.All(reader.Ids.Contains), $"reader has {reader.Ids.Count} of {posts.Count} posts"));
            Assert.Empty(reader.DuplicatedPushes);
            Assert.Equal(posts.Count, reader.Ids.Count);
            // Ready means every shard's subscriptions are back: a post made after that arrives
            // live, not through a gap-fill (which would hide a lost resubscription).
            Assert.All(after, id => Assert.True(reader.ReceivedLive(id), $"post {id}, made once every instance was ready again, was not pushed live"));
        }
        // Posts to the dead shard during the outage are either lost (and recovered by Resync +
        // gap-fill) or, when the cluster still redirected to the node as it came back, delivered
        // late: never twice.
        output.WriteLine($"{readers.Count} readers x {posts.Count} posts: {readers.Sum(r => r.Recovered)} missed live and recovered by Resync gap-fill");
        foreach (var c in authors.Concat(readers.Select(r => r.Connection)))
        {
            await c.DisposeAsync();
        }
    }

    /// <summary>A new user whose posts' partition channel hashes to a slot of the given node.</summary>
    private string AuthorOnShard(int node)
    {
        var redis = cluster[0].Services.GetRequiredService<IConnectionMultiplexer>();
        var (first, last) = RedisCluster.SlotsOf(node);
        while (true)
        {
            var user = TestUsers.New("author");
            var partition = Feed.Redis.Internal.Backplane.RedisChannels.PartitionOf(user, new Feed.Redis.RedisBackplaneOptions().Partitions);
            var slot = redis.HashSlot($"{typeof(FeedHub).FullName}:partition:{{{partition}}}");
            if (slot >= first && slot <= last)
            {
                return user;
            }
        }
    }

    /// <summary>A three-master Redis Cluster and two Feed instances sharing one in-memory store.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public RedisCluster Redis { get; private set; } = null!;

        public IReadOnlyList<FeedServer> Servers { get; private set; } = [];

        public FeedServer this[int index] => Servers[index];

        public async Task InitializeAsync()
        {
            Redis = await RedisCluster.StartAsync();
            var store = new InMemoryFeedStore();
            var settings = ScaleOutScenario.Settings(Redis.ConnectionString);
            Servers = [await FeedServer.StartAsync(settings, store), await FeedServer.StartAsync(settings, store)];
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
}
