using StackExchange.Redis;

namespace Feed.Redis.Tests.Backplane;

/// <summary>
/// A Redis Cluster master that restarts answers again before this process's subscriptions on it
/// are made again. The backplane is back (readiness, Resync) only once they are, whichever master
/// it was, and another master answering says nothing about it. Here the restarted master refuses
/// subscriptions at first (an ACL without channels), which holds that moment open.
/// </summary>
public sealed class ClusterRestoreTests
{
    private const int Victim = 1;

    [Fact]
    public async Task A_restarted_master_keeps_the_backplane_down_until_it_has_the_subscriptions_again()
    {
        await using var cluster = await RedisCluster.StartAsync();
        await using var redis = await FeedRedisConnection.ConnectAsync(cluster.ConnectionString + ",connectTimeout=2000,syncTimeout=2000,keepAlive=1");
        var subscriber = redis.GetSubscriber();
        // Channels on every master, as the feed groups of authors on every shard are.
        var channels = Enumerable.Range(0, 3).SelectMany(node => ChannelsOn(redis, node).Take(20)).ToArray();
        foreach (var channel in channels)
        {
            await subscriber.SubscribeAsync(channel, static (_, _) => { });
        }
        var log = new ListLogger();
        var monitor = new RedisConnectionMonitor(redis, log);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Lost += (_, _) => lost.TrySetResult();
        // What posts sent the moment the backplane says it is back reach.
        monitor.Restored += (_, _) => _ = Task.Run(async () =>
            reached.TrySetResult(await Task.WhenAll(channels.Select(c => subscriber.PublishAsync(c, "after")))));
        Assert.True(monitor.IsConnected);

        await cluster.KillAsync(Victim);
        await lost.Task.Limited();
        // Back with its slots, answering every command but subscriptions (no channel allowed).
        await cluster.RestartAsync(Victim, "--user", "default", "on", "nopass", "~*", "resetchannels", "+@all");

        await Eventually.HoldsAsync(() => Assert.Contains(log.Lines, l => l.Contains(" 110 ", StringComparison.Ordinal) && l.Contains("NOPERM", StringComparison.Ordinal)));
        Assert.False(monitor.IsConnected);
        Assert.False(reached.Task.IsCompleted);

        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{cluster.EndPoints[Victim]},allowAdmin=true"))
        {
            await admin.GetServer(cluster.EndPoints[Victim]).ExecuteAsync("ACL", "SETUSER", "default", "allchannels");
        }

        var receivers = await reached.Task.Limited();
        Assert.True(receivers.All(n => n == 1), $"when the backplane said it was back, {receivers.Count(n => n != 1)} of {channels.Length} channels had no subscriber");
        Assert.True(monitor.IsConnected);
    }

    /// <summary>Sharded channels whose slots the node serves (slots as <see cref="RedisCluster.SlotsOf"/>).</summary>
    private static IEnumerable<RedisChannel> ChannelsOn(IConnectionMultiplexer redis, int node)
    {
        var (first, last) = RedisCluster.SlotsOf(node);
        var prefix = TestKeys.Unique("shard") + ":";
        for (var i = 0; ; i++)
        {
            var name = prefix + i;
            if (redis.HashSlot(name) is var slot && slot >= first && slot <= last)
            {
                yield return RedisChannel.Sharded(name);
            }
        }
    }
}
