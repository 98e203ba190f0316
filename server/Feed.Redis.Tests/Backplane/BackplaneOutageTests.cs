using Feed.Testing;

namespace Feed.Redis.Tests.Backplane;

/// <summary>Redis going away and coming back: local delivery goes on, the state and events say so.</summary>
public sealed class BackplaneOutageTests
{
    private const string Method = "Say";

    [Fact]
    public async Task While_redis_is_down_local_delivery_goes_on_and_its_return_is_announced()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var servers = await Instances.StartAsync(redis, 2);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        servers[0].BackplaneLost += (_, _) => lost.TrySetResult();
        servers[0].BackplaneRestored += (_, _) => restored.TrySetResult();
        var local = await servers.ConnectAsync(0);
        var remote = await servers.ConnectAsync(1);
        await servers[0].AddToGroupAsync(local.Id, "g");
        await servers[1].AddToGroupAsync(remote.Id, "g");
        Assert.True(servers[0].IsBackplaneConnected);

        await redis.StopAsync();
        await lost.Task.Limited();
        Assert.False(servers[0].IsBackplaneConnected);
        await servers[0].SendGroupAsync("g", Method, ["during the outage"]).Limited();
        await local.WaitForAsync("during the outage");

        await redis.StartAgainAsync();
        await restored.Task.Limited();
        Assert.True(servers[0].IsBackplaneConnected);
        await WaitUntil(() => servers[1].IsBackplaneConnected);
        await servers[0].SendGroupAsync("g", Method, ["after the outage"]);
        await remote.WaitForAsync("after the outage");
        Assert.DoesNotContain("during the outage", remote.ArgumentsOf(Method));
        Assert.Contains(servers.Log.Lines, l => l.Contains(" 101 ", StringComparison.Ordinal));
        Assert.Contains(servers.Log.Lines, l => l.Contains(" 102 ", StringComparison.Ordinal) && l.Contains("1 messages could not be published", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starting_while_redis_is_down_works_locally_and_connects_later()
    {
        var port = FreePort.Next();
        await using var servers = await Instances.StartAsync(await DownRedis(port), 1);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        servers[0].BackplaneRestored += (_, _) => restored.TrySetResult();
        var local = await servers.ConnectAsync(0);
        Assert.False(servers[0].IsBackplaneConnected);
        await servers[0].SendAllAsync(Method, ["local anyway"]).Limited();
        await local.WaitForAsync("local anyway");

        await using var redis = await RedisServer.StartAsync(port: port);
        await restored.Task.Limited();
        Assert.True(servers[0].IsBackplaneConnected);
    }

    /// <summary>A redis-server that was started and stopped: its port refuses connections.</summary>
    private static async Task<RedisServer> DownRedis(int port)
    {
        var redis = await RedisServer.StartAsync(port: port);
        await redis.StopAsync();
        await redis.DisposeAsync();
        return redis;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Within.Limit);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
