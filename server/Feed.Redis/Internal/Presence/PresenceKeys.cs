using StackExchange.Redis;

namespace Feed.Redis.Internal.Presence;

/// <summary>
/// Presence's Redis keys, all in one place. Every command names one key, so each works on a
/// Redis Cluster wherever the key's slot lives:
/// <list type="bullet">
/// <item><c>presence:instances</c>: sorted set, instance id -> its lease's end (Unix ms); past it, the instance is dead.</item>
/// <item><c>presence:instance:{id}</c>: set of the users the instance holds (read by <c>GetOnline</c>, one
/// <c>SMISMEMBER</c> per live instance, and by the sweep of a dead instance).</item>
/// <item><c>presence:user:{userId}</c>: set of the instances holding the user: whoever takes it from
/// empty to one, or back to empty, tells the followers.</item>
/// </list>
/// </summary>
internal sealed class PresenceKeys(string prefix)
{
    public RedisKey Instances { get; } = prefix + "presence:instances";

    public RedisKey Instance(string instanceId) => prefix + "presence:instance:" + instanceId;

    public RedisKey User(string userId) => prefix + "presence:user:" + userId;
}
