using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>StackExchange.Redis's exceptions, mapped once: the rest of Feed sees <see cref="BackplaneUnavailableException"/>.</summary>
internal static class RedisErrors
{
    /// <summary>Redis is unreachable or too slow: the backplane is down, not broken.</summary>
    public static bool IsUnavailable(Exception e) => e is RedisConnectionException or RedisTimeoutException;

    public static BackplaneUnavailableException Unavailable(Exception e) =>
        new($"The Redis backplane is unavailable: {e.Message}", e);
}
