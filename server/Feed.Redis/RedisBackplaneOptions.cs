using Microsoft.Extensions.Logging;

namespace Feed.Redis;

/// <summary>Options of the Redis backplane (<see cref="RedisHubLifetimeManager{THub}"/>).</summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>Where Redis is; <c>AddRedisBackplane("host:port,password=...")</c> parses it for you.</summary>
    public RedisConnectionOptions Connection { get; set; } = new();

    /// <summary>Put before every channel name, so several apps can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "";

    /// <summary>How long a group change waits for the other instances to acknowledge it.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages that may wait for one local connection whose pipe is full (it stopped reading) before it is dropped as too slow.</summary>
    public int SendBacklog { get; set; } = 256;

    /// <summary>
    /// Makes the Redis connection; tests use it to supply their own. Default:
    /// <see cref="RedisConnection.ConnectAsync(RedisConnectionOptions, ILogger?, CancellationToken)"/>
    /// that does not fail when Redis is down at start (it keeps connecting in the background).
    /// </summary>
    public Func<RedisConnectionOptions, ILogger, Task<RedisConnection>>? ConnectionFactory { get; set; }
}
