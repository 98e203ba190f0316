using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Tells whether this process's subscriptions are made again on every node after a reconnect.
/// StackExchange.Redis sends a node the subscriptions it had there before it reports that node's
/// connection restored, and a node answers one connection's commands in order: once a new
/// subscription on that connection is confirmed, every earlier one is made too. A Redis Cluster
/// is probed on each master, since a sharded channel lives on the master serving its slot: one
/// master answering says nothing of another that just restarted.
/// </summary>
internal sealed class SubscriptionProbe(IConnectionMultiplexer redis)
{
    private readonly string _name = "feed:backplane-probe:" + Guid.NewGuid().ToString("N");
    private long _lastTag;

    /// <summary>
    /// Subscribes a new channel on every node (each master of a cluster) and drops it again;
    /// returns once each node confirmed. Throws what Redis answered otherwise.
    /// </summary>
    public async Task AllNodesAsync()
    {
        var subscriber = redis.GetSubscriber();
        foreach (var channel in await ChannelsAsync())
        {
            await subscriber.SubscribeAsync(channel, static (_, _) => { });
            subscriber.Unsubscribe(channel, null, CommandFlags.FireAndForget);
        }
    }

    private async Task<IReadOnlyList<RedisChannel>> ChannelsAsync()
    {
        var cluster = redis.GetServers().FirstOrDefault(s => s.IsConnected && s.ServerType == ServerType.Cluster);
        if (cluster is null)
        {
            // One server (or Sentinel's primary): a plain channel, which Redis before 7 knows too.
            return [RedisChannel.Literal(NextName())];
        }
        var nodes = (cluster.ClusterConfiguration ?? await cluster.ClusterNodesAsync())?.Nodes ?? [];
        return [.. nodes.Where(n => !n.IsReplica && n.Slots.Count > 0).Select(n => RedisChannel.Sharded(NameIn(n.Slots)))];
    }

    /// <summary>A new name whose slot is one of <paramref name="slots"/> (a few tries for a master with a third of them).</summary>
    private string NameIn(IList<SlotRange> slots)
    {
        while (true)
        {
            var name = NextName();
            var slot = redis.HashSlot(name);
            if (slots.Any(range => range.From <= slot && slot <= range.To))
            {
                return name;
            }
        }
    }

    /// <summary><c>{tag}feed:backplane-probe:{guid}</c>: the hash tag decides the slot, also behind
    /// a channel prefix (SignalR's backplane sets one on the multiplexer).</summary>
    private string NextName() => $"{{{Interlocked.Increment(ref _lastTag)}}}{_name}";
}
