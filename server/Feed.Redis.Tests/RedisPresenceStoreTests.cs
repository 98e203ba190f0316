using Feed.Core;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Feed.Redis.Tests;

/// <summary>
/// The Redis presence store against a real redis-server, several "instances" (stores) on one
/// connection and a fake clock for their leases: who reports a change, a dead instance's sweep,
/// and a Redis that lost its data.
/// </summary>
public sealed class RedisPresenceStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _prefix = TestKeys.Unique() + ":";
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Only_the_first_instance_to_hold_a_user_and_the_last_to_let_go_report_a_change()
    {
        var (a, b) = (await InstanceAsync(), await InstanceAsync());

        Assert.Equal(["u"], (await a.ApplyAsync(["u"], [], default)).CameOnline);
        Assert.Empty((await b.ApplyAsync(["u"], [], default)).CameOnline);
        Assert.Empty((await a.ApplyAsync([], ["u"], default)).WentOffline);
        Assert.Equal(["u"], (await b.ApplyAsync([], ["u"], default)).WentOffline);
    }

    [Fact]
    public async Task A_dead_instances_users_held_nowhere_else_are_reported_offline_once_by_one_survivor_and_its_entries_go()
    {
        var (dead, survivor, other) = (await InstanceAsync(), await InstanceAsync(), await InstanceAsync());
        await dead.ApplyAsync(["alone", "shared"], [], default);
        await survivor.ApplyAsync(["shared"], [], default);
        Assert.Equal(["alone", "shared"], (await other.OnlineAmongAsync(["alone", "shared", "nobody"], default)).Order());

        _time.Advance(Lease / 2);
        await survivor.RefreshAsync(1, default);
        await other.RefreshAsync(0, default);
        _time.Advance(Lease / 2 + TimeSpan.FromSeconds(1));
        // The dead one's lease ran out: it no longer counts, even before a sweep.
        Assert.Equal(["shared"], await other.OnlineAmongAsync(["alone", "shared"], default));
        var first = await survivor.RefreshAsync(1, default);
        var second = await other.RefreshAsync(0, default);

        Assert.Equal(["alone"], first.Expired);
        Assert.Empty(second.Expired);
        Assert.True(first.InStep);
        Assert.False(await Db.KeyExistsAsync(_prefix + "presence:instance:" + dead.InstanceId));
        Assert.False(await Db.KeyExistsAsync(_prefix + "presence:user:alone"));
        Assert.Equal([survivor.InstanceId], (await Db.SetMembersAsync(_prefix + "presence:user:shared")).Select(v => v.ToString()));
    }

    [Fact]
    public async Task After_Redis_lost_its_data_a_refresh_says_so_and_a_resync_writes_the_held_users_again_and_reports_the_released()
    {
        var instance = await InstanceAsync();
        await instance.ApplyAsync(["stays", "leaves"], [], default);
        Assert.True((await instance.RefreshAsync(2, default)).InStep);

        await foreach (var key in _connection.GetServer(_connection.GetEndPoints()[0]).KeysAsync(pattern: _prefix + "*"))
        {
            await Db.KeyDeleteAsync(key);
        }

        Assert.False((await instance.RefreshAsync(2, default)).InStep);
        var changes = await instance.ResyncAsync(["stays"], ["leaves"], default);
        Assert.Equal(["stays"], changes.CameOnline);
        Assert.Equal(["leaves"], changes.WentOffline);
        Assert.True((await instance.RefreshAsync(1, default)).InStep);
        Assert.Equal(["stays"], await instance.OnlineAmongAsync(["stays", "leaves"], default));
    }

    private IDatabase Db => _connection.GetDatabase();

    private async Task<RedisPresenceStore> InstanceAsync()
    {
        var store = new RedisPresenceStore(_connection, _prefix, _time, Lease);
        await store.RefreshAsync(0, default);
        return store;
    }
}
