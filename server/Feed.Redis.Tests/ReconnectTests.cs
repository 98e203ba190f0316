using System.Text;
using Feed.Testing;

namespace Feed.Redis.Tests;

/// <summary>Each test gets its own redis-server, since these tests stop and restart it.</summary>
public sealed class ReconnectTests : IAsyncLifetime
{
    private RedisServer? _server;

    private RedisServer Server => _server!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task After_a_restart_the_client_reconnects_resubscribes_and_receives()
    {
        await using var redis = await Connect(Server.ConnectionString);
        var events = new ConnectionEvents(redis);
        var channel = TestKeys.Unique();
        var inbox = new Inbox();
        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);
        await redis.PublishAsync(channel, "before"u8.ToArray());
        await inbox.NextAsync();

        await Server.StopAsync();
        await events.Lost(RedisConnectionKind.Interactive);
        await events.Lost(RedisConnectionKind.Subscription);
        Assert.False(redis.IsConnected);
        var whileDown = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.PublishAsync(channel, "lost"u8.ToArray()));
        await Server.StartAgainAsync();
        await events.Restored(RedisConnectionKind.Interactive);
        await events.Restored(RedisConnectionKind.Subscription);
        var receivers = await redis.PublishAsync(channel, "after"u8.ToArray());

        Assert.Contains("No Interactive connection", whileDown.Message);
        Assert.Equal(1, receivers);
        Assert.Equal("after", Encoding.UTF8.GetString((await inbox.NextAsync()).Payload.Span));
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task A_subscription_made_while_down_is_made_on_reconnect()
    {
        await using var redis = await Connect(Server.ConnectionString);
        var events = new ConnectionEvents(redis);
        var channel = TestKeys.Unique();
        var inbox = new Inbox();

        await Server.StopAsync();
        await events.Lost(RedisConnectionKind.Subscription);
        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler).Limited();
        Assert.False(redis.Subscriber.IsConnected);
        await Server.StartAgainAsync();
        await events.Restored(RedisConnectionKind.Subscription);
        await events.Restored(RedisConnectionKind.Interactive);
        await redis.PublishAsync(channel, "made late"u8.ToArray());

        Assert.Equal(channel, (await inbox.NextAsync()).Channel);
    }

    [Fact]
    public async Task Pending_commands_fail_when_the_server_dies()
    {
        await using var redis = await Connect(Server.ConnectionString);
        var key = TestKeys.Unique();

        // Queued on the connection as soon as it is called, whether or not Redis read it yet.
        var blocked = redis.ExecuteAsync("BLPOP", key, 0L);
        await Server.StopAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => blocked.Limited());
        Assert.Contains("lost before the reply to BLPOP", error.Message);
    }

    [Fact]
    public async Task With_abort_connect_a_server_that_is_down_fails_the_connect()
    {
        var port = FreePort.Next();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => Connect($"127.0.0.1:{port},connectTimeout=2000"));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Without_abort_connect_the_client_connects_once_the_server_comes_up()
    {
        var port = FreePort.Next();
        await using var redis = await Connect($"127.0.0.1:{port},abortConnect=false");
        var events = new ConnectionEvents(redis);

        Assert.False(redis.IsConnected);
        await Assert.ThrowsAsync<RedisConnectionException>(() => redis.PingAsync());
        await using var late = await RedisServer.StartAsync(port: port);
        await events.Restored(RedisConnectionKind.Interactive);
        await events.Restored(RedisConnectionKind.Subscription);

        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Reconnects_again_after_a_second_outage()
    {
        await using var redis = await Connect(Server.ConnectionString);
        var events = new ConnectionEvents(redis);

        for (var round = 0; round < 2; round++)
        {
            events.Clear();
            await Server.StopAsync();
            await events.Lost(RedisConnectionKind.Interactive);
            await Server.StartAgainAsync();
            await events.Restored(RedisConnectionKind.Interactive);

            Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
        }
    }

    [Fact]
    public async Task A_server_that_stops_answering_is_dropped_by_the_keep_alive_and_reconnected()
    {
        await using var redis = await Connect(Server.ConnectionString + ",syncTimeout=500");
        await using var admin = await Connect(Server.ConnectionString);
        var events = new ConnectionEvents(redis);

        // The socket stays open but no command is answered for 3 s: only a PING can tell.
        await admin.ExecuteAsync("CLIENT", "PAUSE", 3000L, "ALL");

        var lost = await events.Lost(RedisConnectionKind.Interactive);
        Assert.Contains("Keep-alive PING", lost.Failure!.Message);
        await events.Restored(RedisConnectionKind.Interactive);
        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
    }

    private static Task<RedisConnection> Connect(string connectionString) =>
        RedisConnection.ConnectAsync(connectionString + ",keepAlive=1");
}
