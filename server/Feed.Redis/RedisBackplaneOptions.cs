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

    /// <summary>
    /// Partition channels every instance subscribes to (1 to 1,024). Every send to connections,
    /// groups, users and audiences goes to the partition of its key, so an instance holds
    /// <c>Partitions + 3</c> channels whatever the number of users or authors; more partitions spread
    /// a Redis Cluster's pub/sub over more slots and let an instance process more of them in
    /// parallel (each partition's messages are handled in order).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1024)]
    public int Partitions { get; set; } = 64;

    /// <summary>How long a group change waits for the other instances to acknowledge it.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
