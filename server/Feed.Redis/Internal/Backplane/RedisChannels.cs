using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Every Redis channel the backplane uses, in one place. All start with the channel prefix and
/// the hub's full type name, so several apps (prefix) and several hubs share one Redis:
/// <code>
/// {prefix}{hub}:all                       SendAll / SendAllExcept
/// {prefix}{hub}:partition:{N}             every send to connections, groups, users and audiences,
///                                         on the partition of its key (N = 0 .. partitions-1)
/// {prefix}{hub}:internal:groups           group and audience changes, to every instance
/// {prefix}{hub}:internal:ack:{server}     acknowledgements of those changes, to the sender
/// </code>
/// An instance subscribes to these channels once, at start, and to no other: the number of
/// channels it holds does not grow with connections, users, groups or authors, and a
/// resubscribe after an outage is partitions + 3 commands (and the readiness probe's). Each partition's name carries a hash
/// tag (<c>{N}</c>), so a Redis Cluster puts the partitions on slots spread over its shards.
/// Every channel is sharded (SSUBSCRIBE/SPUBLISH, Redis 7): on a cluster a message goes to the
/// one shard that owns the channel's slot instead of every node, and SPUBLISH's receiver count
/// covers every subscriber, which the acks of group commands rely on.
/// </summary>
internal sealed class RedisChannels(string prefix, string hubName)
{
    private readonly string _root = prefix + hubName + ":";

    public RedisChannel All => Channel("all");

    public RedisChannel GroupManagement => Channel("internal:groups");

    public RedisChannel Partition(int partition) => Channel("partition:{" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");

    public RedisChannel Ack(string serverName) => Channel("internal:ack:" + serverName);

    /// <summary>
    /// The partition of a key (connection id, group, user or audience name): FNV-1a over its
    /// UTF-16 code units, the same in every process (string.GetHashCode is randomized per process).
    /// </summary>
    public static int PartitionOf(string key, int partitions)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }

    private RedisChannel Channel(string name) => RedisChannel.Sharded(_root + name);
}
