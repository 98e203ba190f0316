using Feed.Client;
using Feed.Core;
using Feed.Server.Hubs;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests;

/// <summary>Three instances and one Redis act as one server: Feed's backplane.</summary>
public sealed class RedisScaleOutTests(ScaleOutCluster cluster) : RedisScaleOutSuite(cluster), IClassFixture<ScaleOutCluster>;

/// <summary>The same, on SignalR's own backplane.</summary>
public sealed class OfficialRedisScaleOutTests(OfficialScaleOutCluster cluster) : RedisScaleOutSuite(cluster), IClassFixture<OfficialScaleOutCluster>
{
    private const string Hub = "Feed.Server.Hubs.FeedHub";

    /// <summary>Without this, the suite above would pass just the same if the setting fell back to Feed's backplane.</summary>
    [Fact]
    public async Task Official_mode_runs_SignalRs_redis_manager_on_its_classic_channel_layout()
    {
        var user = TestUsers.New("official");
        await using var connection = await cluster[0].ConnectAsync(user);

        foreach (var server in cluster.Servers)
        {
            Assert.IsType<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<FeedHub>>(
                server.Services.GetRequiredService<HubLifetimeManager<FeedHub>>());
        }
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString);
        var node = redis.GetServer(cluster.Redis.EndPoint);
        // SignalR's names (RedisChannels in Microsoft.AspNetCore.SignalR.StackExchangeRedis), on plain PUBLISH/SUBSCRIBE channels.
        var channels = (await node.SubscriptionChannelsAsync(StackExchange.Redis.RedisChannel.Pattern(Hub + ":*"))).Select(c => c.ToString()).ToList();
        Assert.Contains($"{Hub}:all", channels);
        Assert.Contains($"{Hub}:internal:groups", channels);
        Assert.Contains($"{Hub}:user:{user}", channels);
        Assert.Contains(channels, c => c.StartsWith($"{Hub}:internal:ack:", StringComparison.Ordinal));
        Assert.Contains(channels, c => c.StartsWith($"{Hub}:internal:return:", StringComparison.Ordinal));
        // Feed's backplane would have put the hub's channels on sharded ones.
        var sharded = (StackExchange.Redis.RedisResult[])(await node.ExecuteAsync("PUBSUB", "SHARDCHANNELS"))!;
        Assert.DoesNotContain(sharded, c => c.ToString().StartsWith(Hub, StringComparison.Ordinal));
    }
}

/// <summary>Three instances and one Redis act as one server, whichever backplane they use.</summary>
public abstract class RedisScaleOutSuite(ScaleOutCluster cluster)
{
    [Fact]
    public async Task A_post_on_instance_1_reaches_followers_on_2_and_3_exactly_once()
    {
        await using var author = await cluster[0].ConnectAsync(TestUsers.New("author"));
        var followers = new List<FeedConnection>();
        for (var i = 0; i < 6; i++)
        {
            var follower = await cluster[i % 3].ConnectAsync(TestUsers.New("follower"));
            await follower.Client.FollowAsync(author.UserId);
            followers.Add(follower);
        }

        var post = await author.Client.PublishAsync("to every instance");
        // A later post from the same sender travels the same path: once it is in, a duplicate
        // of the first would be in too.
        var later = await author.Client.PublishAsync("sentinel");

        foreach (var follower in followers)
        {
            var items = await follower.Inbox.WaitForAsync(later.Id);
            Assert.Single(items, i => i.Id == post.Id);
            Assert.Single(items, i => i.Id == later.Id);
            await follower.DisposeAsync();
        }
        Assert.Single(await author.Inbox.WaitForAsync(later.Id), i => i.Id == post.Id);
    }

    [Fact]
    public async Task A_follow_made_through_instance_2_changes_the_groups_of_the_users_connection_on_instance_3()
    {
        await using var author = await cluster[0].ConnectAsync(TestUsers.New("author"));
        var bob = TestUsers.New("bob");
        await using var bobOn3 = await cluster[2].ConnectAsync(bob);
        await using var bobOn2 = await cluster[1].ConnectAsync(bob);

        await bobOn2.Client.FollowAsync(author.UserId);
        var followed = await author.Client.PublishAsync("after the follow");
        await bobOn3.Inbox.WaitForAsync(followed.Id);

        // A second author bob follows, whose posts take the same path as the first's: on Feed's
        // backplane the same partition channel (messages on one channel are handled in order); on
        // SignalR's own, the other author's group channel, ordered only by the sending instance.
        var partitions = new Feed.Redis.RedisBackplaneOptions().Partitions;
        string markerId;
        do
        {
            markerId = TestUsers.New("marker");
        }
        while (Feed.Redis.Internal.Backplane.RedisChannels.PartitionOf(markerId, partitions)
               != Feed.Redis.Internal.Backplane.RedisChannels.PartitionOf(author.UserId, partitions));
        await using var marker = await cluster[0].ConnectAsync(markerId);
        await bobOn2.Client.FollowAsync(markerId);

        using var bobHttpOn2 = await cluster[1].HttpAsAsync(bob);
        (await bobHttpOn2.DeleteAsync($"/api/follows/{author.UserId}")).EnsureSuccessStatusCode();
        var unfollowed = await author.Client.PublishAsync("after the unfollow");
        var sentinel = await marker.Client.PublishAsync("sent after it, from the same instance, on the same path");
        var items = await bobOn3.Inbox.WaitForAsync(sentinel.Id);
        Assert.DoesNotContain(items, i => i.Id == unfollowed.Id);
    }

    [Fact]
    public async Task User_and_connection_targeted_sends_cross_instances()
    {
        var carol = TestUsers.New("carol");
        await using var carolOn3 = await cluster[2].ConnectAsync(carol);
        var item = await carolOn3.Client.PublishAsync("carol's post");
        await carolOn3.Inbox.WaitForAsync(item.Id);
        var hubOn1 = cluster[0].Services.GetRequiredService<IHubContext<FeedHub>>();

        var toUser = item with { Id = "user-targeted", Text = "to the user" };
        await hubOn1.Clients.User(carol).SendAsync(FeedHubMethods.FeedUpdated, new[] { toUser });
        await carolOn3.Inbox.WaitForAsync(toUser.Id);

        // A negotiating client learns its connection id (the server's), to be sent to by it.
        var token = await cluster[2].TokenAsync(carol);
        var negotiatedInbox = new FeedInbox();
        await using var negotiated = FeedClient.Build(cluster[2].BaseUrl, () => Task.FromResult<string?>(token), configure: o => o.SkipNegotiation = false);
        negotiated.On<FeedItem[]>(FeedHubMethods.FeedUpdated, negotiatedInbox.Add);
        await negotiated.StartAsync();
        var toConnection = item with { Id = "connection-targeted", Text = "to the connection" };
        await hubOn1.Clients.Client(negotiated.ConnectionId!).SendAsync(FeedHubMethods.FeedUpdated, new[] { toConnection });
        await negotiatedInbox.WaitForAsync(toConnection.Id);
    }

    [Fact]
    public async Task Every_instance_is_ready_with_the_backplane_connected()
    {
        foreach (var server in cluster.Servers)
        {
            var ready = await server.Http.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        }
    }
}

/// <summary>The hub suite, run against an instance of a three-instance cluster with Redis.</summary>
public sealed class RedisFeedHubTests(RedisFeedHubTests.Fixture fixture) : FeedHubSuite(fixture), IClassFixture<RedisFeedHubTests.Fixture>
{
    public class Fixture : FeedServerFixture, IAsyncLifetime
    {
        private Feed.Testing.RedisServer? _redis;

        protected virtual string Backplane => "feed";

        protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = _redis!.ConnectionString,
            ["Feed:Redis:Backplane"] = Backplane,
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            _redis = await Feed.Testing.RedisServer.StartAsync();
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await _redis!.DisposeAsync();
        }
    }
}

/// <summary>The hub suite on an instance using SignalR's own Redis backplane.</summary>
public sealed class OfficialRedisFeedHubTests(OfficialRedisFeedHubTests.OfficialFixture fixture)
    : FeedHubSuite(fixture), IClassFixture<OfficialRedisFeedHubTests.OfficialFixture>
{
    public sealed class OfficialFixture : RedisFeedHubTests.Fixture
    {
        protected override string Backplane => "official";
    }
}
