namespace Feed.Redis;

/// <summary>
/// Options of the Redis backplane (<see cref="RedisHubLifetimeManager{THub}"/>). Where Redis is
/// comes from the process's one <c>IConnectionMultiplexer</c> (<c>AddFeedRedis</c>); local
/// delivery is configured by <c>Feed.SignalR.FeedDeliveryOptions</c>.
/// </summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>Put before every channel name, so several apps can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "";

    /// <summary>How long a group change waits for the other instances to acknowledge it.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
