using System.Text;

namespace Feed.Redis.Tests;

public sealed class CommandTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Set_then_get_returns_the_value_and_a_missing_key_is_null()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();

        await redis.SetAsync(key, "héllo");

        Assert.Equal("héllo", await redis.GetStringAsync(key));
        Assert.Null(await redis.GetAsync(key + ":missing"));
    }

    [Fact]
    public async Task Values_are_binary_safe()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\r\n$-1\r\n"u8.ToArray()).ToArray();

        await redis.SetAsync(key, value);

        Assert.Equal(value, await redis.GetAsync(key));
    }

    [Fact]
    public async Task Incr_and_del_report_what_redis_did()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();

        Assert.Equal(1, await redis.IncrementAsync(key));
        Assert.Equal(2, await redis.IncrementAsync(key));
        Assert.True(await redis.DeleteAsync(key));
        Assert.False(await redis.DeleteAsync(key));
    }

    [Fact]
    public async Task Set_with_expiry_sets_a_ttl()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();

        await redis.SetAsync(key, "v", TimeSpan.FromMinutes(5));

        var ttl = (await redis.ExecuteAsync("PTTL", key)).AsInt64();
        Assert.InRange(ttl, 1, 300_000);
    }

    [Fact]
    public async Task Any_command_returns_its_reply_shape()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();

        Assert.Equal(2, (await redis.ExecuteAsync("HSET", key, "a", "1", "b", 2L)).AsInt64());
        var all = await redis.ExecuteAsync("HGETALL", key);

        Assert.Equal(RedisValueKind.Array, all.Kind);
        var pairs = all.Items.Select(i => i.AsString()).Chunk(2).ToDictionary(p => p[0]!, p => p[1]);
        Assert.Equal(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" }, pairs);
        Assert.Equal(RedisValueKind.SimpleString, (await redis.ExecuteAsync("PING")).Kind);
    }

    [Fact]
    public async Task Thousands_of_concurrent_commands_each_get_their_own_reply()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();

        var echoes = Enumerable.Range(0, 5000).Select(async i =>
        {
            var text = $"{key}:{i}";
            return (text, (await redis.ExecuteAsync("ECHO", text)).AsString());
        });
        var increments = Enumerable.Range(0, 5000).Select(_ => redis.IncrementAsync(key + ":counter"));
        var echoResults = await Task.WhenAll(echoes).Limited();
        var counts = await Task.WhenAll(increments).Limited();

        Assert.All(echoResults, r => Assert.Equal(r.text, r.Item2));
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => (long)i), counts.Order());
        Assert.Equal("5000", await redis.GetStringAsync(key + ":counter"));
    }

    [Fact]
    public async Task Server_errors_surface_with_their_text_and_the_connection_stays_usable()
    {
        await using var redis = await Connect();
        var key = TestKeys.Unique();
        await redis.SetAsync(key, "not a list");

        var unknown = await Assert.ThrowsAsync<RedisServerException>(() => redis.ExecuteAsync("NOSUCHCOMMAND", "x"));
        var wrongType = await Assert.ThrowsAsync<RedisServerException>(() => redis.ExecuteAsync("LPUSH", key, "v"));
        var notInteger = await Assert.ThrowsAsync<RedisServerException>(() => redis.IncrementAsync(key));

        Assert.StartsWith("ERR unknown command 'NOSUCHCOMMAND'", unknown.Message);
        Assert.Equal("WRONGTYPE", wrongType.ErrorCode);
        Assert.Contains("not an integer", notInteger.Message);
        Assert.Equal("still here", (await redis.ExecuteAsync("ECHO", "still here")).AsString());
    }

    [Fact]
    public async Task A_reply_slower_than_the_sync_timeout_throws_and_later_replies_still_match()
    {
        await using var redis = await Connect(",syncTimeout=2000");
        await using var other = await Connect();
        var key = TestKeys.Unique();

        // BLPOP blocks the connection until the list gets an element.
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.ExecuteAsync("BLPOP", key, 0L));
        await other.ExecuteAsync("RPUSH", key, "unblock");

        Assert.Contains("waiting for the reply to BLPOP", error.Message);
        Assert.Equal("mine", (await redis.ExecuteAsync("ECHO", "mine")).AsString());
        Assert.Equal(0, (await redis.ExecuteAsync("LLEN", key)).AsInt64());
    }

    [Fact]
    public async Task A_cancelled_command_throws_and_later_replies_still_match()
    {
        await using var redis = await Connect();
        await using var other = await Connect();
        var key = TestKeys.Unique();
        using var cancel = new CancellationTokenSource();

        var blocked = redis.ExecuteAsync(["BLPOP", key, 0L], cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        await other.ExecuteAsync("RPUSH", key, "unblock");

        Assert.Equal("mine", (await redis.ExecuteAsync("ECHO", "mine")).AsString());
    }

    [Fact]
    public async Task The_default_database_and_client_name_are_applied()
    {
        await using var db3 = await Connect(",defaultDatabase=3,name=feed-test");
        await using var db0 = await Connect();
        var key = TestKeys.Unique();

        await db3.SetAsync(key, "in three");

        Assert.Equal("in three", await db3.GetStringAsync(key));
        Assert.Null(await db0.GetStringAsync(key));
        Assert.Equal("feed-test", (await db3.ExecuteAsync("CLIENT", "GETNAME")).AsString());
    }

    [Fact]
    public async Task A_killed_connection_fails_its_pending_commands_then_reconnects()
    {
        await using var redis = await Connect();
        await using var admin = await Connect();
        var events = new ConnectionEvents(redis);
        var id = (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64();
        var key = TestKeys.Unique();

        var blocked = redis.ExecuteAsync("BLPOP", key, 0L);
        await admin.ExecuteAsync("CLIENT", "KILL", "ID", id);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => blocked.Limited());
        Assert.Contains("lost before the reply to BLPOP", error.Message);
        Assert.NotNull((await events.Lost(RedisConnectionKind.Interactive)).Failure);
        await events.Restored(RedisConnectionKind.Interactive);
        Assert.Equal("back", (await redis.ExecuteAsync("ECHO", "back")).AsString());
    }

    [Fact]
    public async Task Ping_round_trips()
    {
        await using var redis = await Connect();

        Assert.True(await redis.PingAsync() > TimeSpan.Zero);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Commands_after_dispose_are_refused()
    {
        var redis = await Connect();
        await redis.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => redis.ExecuteAsync("PING"));
        Assert.False(redis.IsConnected);
    }

    private Task<RedisConnection> Connect(string extra = "") =>
        RedisConnection.ConnectAsync(fixture.Server.ConnectionString + extra);
}
