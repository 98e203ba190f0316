using Feed.Core;
using Feed.Redis.Timelines;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Feed.Redis.Tests.Timelines;

/// <summary>Timelines as sorted sets on a real redis-server: the cap and floor, cold writes, generations, rebuild tokens, TTL, memory.</summary>
public sealed class RedisHomeTimelineStoreTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _prefix = TestKeys.Unique() + ":";
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await FeedRedisConnection.ConnectAsync(redis.Server.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private RedisHomeTimelineStore Store(int capacity = 10, TimeSpan? ttl = null) =>
        new(_connection, _prefix, new TimelineOptions { Capacity = capacity, InactivityTtl = ttl ?? TimeSpan.FromDays(7) });

    private static async Task BuildEmptyAsync(RedisHomeTimelineStore store, string user) =>
        Assert.True(await store.FinishRebuildAsync(user, await store.BeginRebuildAsync(user, None), [], TimelineFloor.Complete, None));

    [Fact]
    public async Task The_newest_entries_up_to_the_cap_are_kept_and_the_floor_rises_to_the_newest_trimmed()
    {
        var store = Store(capacity: 10);
        await BuildEmptyAsync(store, "bob");

        for (var i = 0; i < 15; i++)
        {
            await store.AddAsync(["bob"], [new FeedCursor(1000 + i, $"p{i:00}")], TimelineFloor.Complete, None);
        }

        var read = await store.ReadAsync("bob", PostRange.Newest, 100, None);
        Assert.Equal(TimelineState.Ready, read.State);
        Assert.Equal(Enumerable.Range(5, 10).Reverse().Select(i => $"p{i:00}"), read.Entries.Select(e => e.PostId));
        Assert.Equal(1004, read.Floor);
        Assert.Equal(11, await _connection.GetDatabase().SortedSetLengthAsync(store.TimelineKey("bob"))); // + the state member
        var older = await store.ReadAsync("bob", new PostRange(new FeedCursor(1008, "p08"), null), 100, None);
        Assert.Equal(["p08", "p07", "p06", "p05"], older.Entries.Select(e => e.PostId)); // the cursor's millisecond included
        var after = await store.ReadAsync("bob", new PostRange(null, new FeedCursor(1012, "p12")), 2, None);
        Assert.Equal(["p12", "p13"], after.Entries.Select(e => e.PostId));
    }

    [Fact]
    public async Task Writes_never_create_a_timeline_and_a_generation_bump_makes_every_timeline_missing()
    {
        var store = Store();
        await store.AddAsync(["cold"], [new FeedCursor(1, "p1")], TimelineFloor.Complete, None);
        Assert.False(await _connection.GetDatabase().KeyExistsAsync(store.TimelineKey("cold")));
        Assert.Equal(TimelineState.Missing, (await store.ReadAsync("cold", PostRange.Newest, 10, None)).State);
        await BuildEmptyAsync(store, "bob");
        Assert.Equal(TimelineState.Ready, (await store.ReadAsync("bob", PostRange.Newest, 10, None)).State);

        await store.InvalidateAllAsync(None);

        Assert.Equal(TimelineState.Missing, (await store.ReadAsync("bob", PostRange.Newest, 10, None)).State);
        await BuildEmptyAsync(store, "bob");
        Assert.Equal(TimelineState.Ready, (await store.ReadAsync("bob", PostRange.Newest, 10, None)).State);
    }

    [Fact]
    public async Task A_rebuild_keeps_writes_made_while_it_ran_and_loses_to_a_later_rebuild()
    {
        var store = Store();
        var first = await store.BeginRebuildAsync("bob", None);
        Assert.Equal(TimelineState.Building, (await store.ReadAsync("bob", PostRange.Newest, 10, None)).State);
        await store.AddAsync(["bob"], [new FeedCursor(5, "fanned-out-meanwhile")], TimelineFloor.Complete, None);
        Assert.True(await store.FinishRebuildAsync("bob", first, [new FeedCursor(3, "from-the-store")], TimelineFloor.Complete, None));
        Assert.Equal(["fanned-out-meanwhile", "from-the-store"], (await store.ReadAsync("bob", PostRange.Newest, 10, None)).Entries.Select(e => e.PostId));

        var stale = await store.BeginRebuildAsync("bob", None);
        var fresh = await store.BeginRebuildAsync("bob", None);
        Assert.False(await store.FinishRebuildAsync("bob", stale, [new FeedCursor(1, "old")], TimelineFloor.Complete, None));
        Assert.True(await store.FinishRebuildAsync("bob", fresh, [new FeedCursor(2, "new")], TimelineFloor.Complete, None));
        Assert.Equal(["new"], (await store.ReadAsync("bob", PostRange.Newest, 10, None)).Entries.Select(e => e.PostId));
    }

    [Fact]
    public async Task Reads_refresh_the_inactivity_ttl()
    {
        var ttl = TimeSpan.FromMinutes(10);
        var store = Store(ttl: ttl);
        await BuildEmptyAsync(store, "bob");
        var db = _connection.GetDatabase();
        await db.KeyExpireAsync(store.TimelineKey("bob"), TimeSpan.FromSeconds(30));

        await store.ReadAsync("bob", PostRange.Newest, 10, None);

        var left = await db.KeyTimeToLiveAsync(store.TimelineKey("bob"));
        Assert.InRange(left!.Value, ttl - TimeSpan.FromSeconds(30), ttl);
    }

    [Fact]
    public async Task A_full_timeline_of_800_entries_takes_tens_of_kilobytes()
    {
        var store = Store(capacity: 800);
        await BuildEmptyAsync(store, "bob");
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, 800).Select(i => new FeedCursor(now.ToUnixTimeMilliseconds() + i * 1000, PostId.New(now.AddSeconds(i)))).ToList();
        await store.AddAsync(["bob"], entries, TimelineFloor.Complete, None);

        var bytes = (long)await _connection.GetDatabase().ExecuteAsync("MEMORY", "USAGE", store.TimelineKey("bob"), "SAMPLES", "0");

        output.WriteLine($"MEMORY USAGE of an 800-entry timeline: {bytes} bytes ({bytes / 800.0:0.0} per entry)");
        Assert.InRange(bytes, 800 * 24, 800 * 200);
    }
}
