using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Feed.Server.Tests.Presence;

/// <summary>Presence across instances on Feed's backplane (follower audiences).</summary>
public sealed class PresenceScaleOutTests : PresenceScaleOutSuite
{
    protected override string Backplane => "feed";
}

/// <summary>The same on SignalR's own backplane (author groups, the user's own connections left out).</summary>
public sealed class OfficialPresenceScaleOutTests : PresenceScaleOutSuite
{
    protected override string Backplane => "official";
}

/// <summary>
/// Presence across two instances on one Redis: events whichever instance the
/// user and the follower are on, tabs on different instances counted once, privacy, <c>GET
/// /api/presence</c>, the cost of <c>GetOnline</c> for 1,000 followees (a Redis restart: PresenceRedisRestartTests). Both
/// instances share one <see cref="FakeTimeProvider"/> (offline delay, heartbeats, leases) and one
/// in-memory store (as real instances share MongoDB). Each test has its own Redis and instances.
/// </summary>
public abstract class PresenceScaleOutSuite : IAsyncLifetime
{
    private static readonly TimeSpan OfflineDelay = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TwoInstancesOnRedis _instances = null!;

    /// <summary><c>Feed:Redis:Backplane</c> of both instances.</summary>
    protected abstract string Backplane { get; }

    public async Task InitializeAsync()
    {
        _instances = await TwoInstancesOnRedis.StartAsync(new Dictionary<string, string?> { ["Feed:Redis:Backplane"] = Backplane }, _time);
    }

    public async Task DisposeAsync() => await _instances.DisposeAsync();

    [Fact]
    public async Task Online_and_offline_reach_a_follower_on_the_other_instance_and_two_tabs_on_two_instances_count_once()
    {
        var bob = await UserAsync("bob");
        var fan = await UserAsync("fan", follows: [bob]);
        await using var fanOn0 = await _instances.Servers[0].ConnectAsync(fan);

        var bobOn1 = await _instances.Servers[1].ConnectAsync(bob);
        await fanOn0.Inbox.WaitPresenceAsync(p => p.Count == 1, "bob online, from the other instance");
        var bobOn0 = await _instances.Servers[0].ConnectAsync(bob);
        // Both instances hold bob in Redis before the first tab closes.
        await Eventually.SucceedsAsync(async () => Assert.Equal(2, await Db.SetLengthAsync($"presence:user:{bob}")));
        await bobOn1.DisposeAsync();
        await LetGoAsync(_instances.Servers[1], bob);
        // The instance that held bob's first tab has let go: only the other is left in Redis.
        await Eventually.SucceedsAsync(async () => Assert.Equal(1, await Db.SetLengthAsync($"presence:user:{bob}")));
        await bobOn0.DisposeAsync();
        await LetGoAsync(_instances.Servers[0], bob);

        var seen = await fanOn0.Inbox.WaitPresenceAsync(p => p.Count >= 2, "bob offline");
        Assert.Equal([new PresenceChange(bob, true), new PresenceChange(bob, false)], seen);
        Assert.False(await Db.KeyExistsAsync($"presence:user:{bob}"));
    }

    [Fact]
    public async Task Only_followers_learn_presence_and_GET_api_presence_answers_from_either_instance()
    {
        var bob = await UserAsync("bob");
        var sentinel = await UserAsync("sentinel");
        var fan = await UserAsync("fan", follows: [bob]);
        var stranger = await UserAsync("stranger", follows: [sentinel]);
        await using var fanOn1 = await _instances.Servers[1].ConnectAsync(fan);
        await using var strangerOn1 = await _instances.Servers[1].ConnectAsync(stranger);

        await using var bobOn0 = await _instances.Servers[0].ConnectAsync(bob);
        await fanOn1.Inbox.WaitPresenceAsync(p => p.Count == 1, "bob online");

        foreach (var server in _instances.Servers)
        {
            using var fanHttp = await server.HttpAsAsync(fan);
            Assert.Equal([bob], (await fanHttp.GetFromJsonAsync<OnlineUsers>("/api/presence"))!.Online);
            using var strangerHttp = await server.HttpAsAsync(stranger);
            Assert.Empty((await strangerHttp.GetFromJsonAsync<OnlineUsers>("/api/presence"))!.Online);
        }
        // bob's presence went out before this post: on the stranger's connection it would be ahead of it.
        using var sentinelHttp = await _instances.Servers[0].HttpAsAsync(sentinel);
        var post = await (await sentinelHttp.PostAsJsonAsync("/api/posts", new { text = "sentinel" })).Content.ReadFromJsonAsync<FeedItem>();
        await strangerOn1.Inbox.WaitForAsync(post!.Id);
        Assert.Empty(strangerOn1.Inbox.Presence);
        Assert.Empty(bobOn0.Inbox.Presence);
    }

    [Fact]
    public async Task GetOnline_for_1000_followees_costs_one_SMISMEMBER_per_live_instance_not_a_command_per_followee()
    {
        var followees = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            followees.Add(await UserAsync("author"));
        }
        var reader = await UserAsync("reader", follows: followees);
        await using var on0 = await _instances.Servers[0].ConnectAsync(followees[10]);
        await using var on1 = await _instances.Servers[1].ConnectAsync(followees[500]);
        await using var readerOn0 = await _instances.Servers[0].ConnectAsync(reader);
        await Eventually.SucceedsAsync(async () => Assert.Equal(2, await Db.SortedSetLengthAsync("presence:instances")));
        await Eventually.SucceedsAsync(async () => Assert.Equal(2, (await readerOn0.Client.GetOnlineAsync()).Online.Count));
        var before = await CommandsAsync();

        var online = await readerOn0.Client.GetOnlineAsync();

        var after = await CommandsAsync();
        Assert.Equal(new[] { followees[10], followees[500] }.Order(StringComparer.Ordinal), online.Online);
        Assert.Equal(2, after.SmIsMember - before.SmIsMember);
        Assert.Equal(0, after.PerUser - before.PerUser);
    }

    private IConnectionMultiplexer Redis => _instances.Servers[0].Services.GetRequiredService<IConnectionMultiplexer>();

    private IDatabase Db => Redis.GetDatabase();

    /// <summary>
    /// Once the instance has seen the user's last connection close, moves the shared clock past the
    /// offline delay, when both presence loops wait for it (<see cref="PresenceTracker.IsIdle"/>), not while one is setting its timer.
    /// </summary>
    private async Task LetGoAsync(FeedServer server, string user)
    {
        var tracker = server.Services.GetRequiredService<PresenceTracker>();
        await Eventually.HoldsAsync(() => Assert.Equal(0, tracker.ConnectionsHere(user)));
        await Eventually.HoldsAsync(() => Assert.All(_instances.Servers, s => Assert.True(s.Services.GetRequiredService<PresenceTracker>().IsIdle)));
        _time.Advance(OfflineDelay);
    }

    private async Task<string> UserAsync(string name, IEnumerable<string>? follows = null)
    {
        var user = TestUsers.New(name);
        await _instances.Store.EnsureUserAsync(user, default);
        foreach (var followee in follows ?? [])
        {
            await _instances.Store.FollowAsync(user, followee, default);
        }
        return user;
    }

    private async Task<(long SmIsMember, long PerUser)> CommandsAsync()
    {
        var perUser = 0L;
        foreach (var command in new[] { "smembers", "sismember", "exists", "hlen", "hgetall", "zscore" })
        {
            perUser += await RedisCommandStats.CallsAsync(command, _instances.Redis.EndPoint);
        }
        return (await RedisCommandStats.CallsAsync("smismember", _instances.Redis.EndPoint), perUser);
    }
}
