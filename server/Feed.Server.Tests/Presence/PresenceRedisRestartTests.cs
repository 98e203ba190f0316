using System.Net;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Feed.Server.Tests.Presence;

/// <summary>Redis restarted (its data gone) under two instances, Feed's backplane.</summary>
public sealed class PresenceRedisRestartTests : PresenceRedisRestartSuite
{
    protected override string Backplane => "feed";
}

/// <summary>The same on SignalR's own backplane.</summary>
public sealed class OfficialPresenceRedisRestartTests : PresenceRedisRestartSuite
{
    protected override string Backplane => "official";
}

/// <summary>
/// Redis is restarted empty while users come and go: presence is right again within 30 s and no
/// stale entry is left. On the real clock (the outage and the reconnect are real), with a 1 s
/// heartbeat so the test is quick; the default 5 s heartbeat gives the same within 5 s of Redis answering.
/// </summary>
public abstract class PresenceRedisRestartSuite : IAsyncLifetime
{
    private TwoInstancesOnRedis _instances = null!;

    /// <summary><c>Feed:Redis:Backplane</c> of both instances.</summary>
    protected abstract string Backplane { get; }

    public async Task InitializeAsync()
    {
        _instances = await TwoInstancesOnRedis.StartAsync(new Dictionary<string, string?>
        {
            ["Feed:Redis:Backplane"] = Backplane,
            ["Feed:Presence:HeartbeatInterval"] = "00:00:01",
            ["Feed:Presence:InstanceTimeout"] = "00:00:05",
            ["Feed:Presence:OfflineDelay"] = "00:00:00.200",
        });
    }

    public async Task DisposeAsync() => await _instances.DisposeAsync();

    [Fact]
    public async Task After_a_Redis_restart_presence_is_right_again_within_30_s_and_no_stale_entry_is_left()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        var fan = await UserAsync("fan", follows: [alice, bob]);
        await using var fanOn1 = await _instances.Servers[1].ConnectAsync(fan);
        await using var aliceOn0 = await _instances.Servers[0].ConnectAsync(alice);
        var bobOn1 = await _instances.Servers[1].ConnectAsync(bob);
        await fanOn1.Inbox.WaitPresenceAsync(p => p.Count == 2, "alice and bob online");

        await _instances.Redis.StopAsync();
        await ScaleOutScenario.ReadinessAsync(_instances.Servers, HttpStatusCode.ServiceUnavailable);
        // bob leaves while Redis is down: his instance cannot write it, and answers from what it knows.
        await bobOn1.DisposeAsync();
        var tracker = _instances.Servers[1].Services.GetRequiredService<PresenceTracker>();
        await Eventually.HoldsAsync(() => Assert.Equal(0, tracker.ConnectionsHere(bob)));
        Assert.Empty((await fanOn1.Client.GetOnlineAsync()).Online);
        await _instances.Redis.StartAgainAsync();
        var back = DateTime.UtcNow;

        // A heartbeat finds Redis empty: each instance writes its users again, and bob, gone meanwhile, is reported.
        await fanOn1.Inbox.WaitPresenceAsync(p => p.Contains(new PresenceChange(bob, false)), "bob offline", TimeSpan.FromSeconds(30));
        Assert.InRange(DateTime.UtcNow - back, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        await Eventually.SucceedsAsync(async () => Assert.Equal([alice], (await fanOn1.Client.GetOnlineAsync()).Online));
        // Only the users connected now are in Redis, each held by one instance.
        var connected = new[] { alice, fan }.Order(StringComparer.Ordinal).ToList();
        await Eventually.SucceedsAsync(async () =>
            Assert.Equal(connected.Select(u => $"presence:user:{u}"), (await KeysAsync("presence:user:*")).Order(StringComparer.Ordinal)));
        Assert.Equal(connected, (await InstanceMembersAsync()).Order(StringComparer.Ordinal));
        foreach (var user in connected)
        {
            Assert.Equal(1, await Db.SetLengthAsync($"presence:user:{user}"));
        }
    }

    private IConnectionMultiplexer Redis => _instances.Servers[0].Services.GetRequiredService<IConnectionMultiplexer>();

    private IDatabase Db => Redis.GetDatabase();

    private async Task<List<string>> KeysAsync(string pattern)
    {
        var keys = new List<string>();
        await foreach (var key in Redis.GetServer(Redis.GetEndPoints()[0]).KeysAsync(pattern: pattern))
        {
            keys.Add(key.ToString());
        }
        return keys;
    }

    /// <summary>Every user listed by a live instance.</summary>
    private async Task<List<string>> InstanceMembersAsync()
    {
        var members = new List<string>();
        foreach (var instance in await Db.SortedSetRangeByRankAsync("presence:instances"))
        {
            members.AddRange((await Db.SetMembersAsync($"presence:instance:{instance}")).Select(v => v.ToString()));
        }
        return members;
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
}
