using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Every Redis channel the backplane uses, in one place. All start with the channel prefix and
/// the hub's full type name, so several apps (prefix) and several hubs share one Redis:
/// <code>
/// {prefix}{hub}:all                       SendAll / SendAllExcept
/// {prefix}{hub}:connection:{id}           SendConnection(s) to a connection on another instance
/// {prefix}{hub}:group:{name}              SendGroup(s) / SendGroupExcept
/// {prefix}{hub}:user:{id}                 SendUser(s)
/// {prefix}{hub}:internal:groups           group membership commands, to every instance
/// {prefix}{hub}:internal:ack:{server}     acknowledgements of those commands, to the sender
/// </code>
/// Every channel is sharded (SSUBSCRIBE/SPUBLISH, Redis 7): on a Redis Cluster a message goes
/// to the one shard that owns the channel's slot instead of being broadcast to every node, and
/// SPUBLISH's receiver count covers every subscriber (PUBLISH's counts one node's only), which
/// the acks of group commands rely on. A standalone Redis 7 treats them like plain channels.
/// </summary>
internal sealed class RedisChannels(string prefix, string hubName)
{
    private readonly string _root = prefix + hubName + ":";

    public RedisChannel All => Channel("all");

    public RedisChannel GroupManagement => Channel("internal:groups");

    public RedisChannel Connection(string connectionId) => Channel("connection:" + connectionId);

    public RedisChannel Group(string groupName) => Channel("group:" + groupName);

    public RedisChannel User(string userId) => Channel("user:" + userId);

    public RedisChannel Ack(string serverName) => Channel("internal:ack:" + serverName);

    private RedisChannel Channel(string name) => RedisChannel.Sharded(_root + name);
}
