using StackExchange.Redis;
using Feed.SignalR;

namespace Feed.Redis.Internal.Backplane;

/// <summary>StackExchange.Redis's exceptions, mapped once: the rest of Feed sees <see cref="BackplaneUnavailableException"/>.</summary>
internal static class RedisErrors
{
    /// <summary>
    /// Redis is unreachable, too slow, or (a cluster) missing a shard: the backplane is down, not
    /// broken. A cluster that lost a master answers CLUSTERDOWN for every slot until it is back.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e is RedisConnectionException or RedisTimeoutException
        || (e is RedisServerException && (e.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal) || e.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)));

    public static BackplaneUnavailableException Unavailable(Exception e) =>
        new($"The Redis backplane is unavailable: {e.Message}", e);
}
