using System.Net;
using Feed.Redis.Internal;

namespace Feed.Redis;

/// <summary>
/// Where and how to connect. Parse a StackExchange.Redis-style string with <see cref="Parse"/>:
/// <c>host:port[,host2:port2],password=...,user=...,defaultDatabase=N,connectTimeout=ms,
/// syncTimeout=ms,keepAlive=s,abortConnect=false,ssl=false,name=...,channelPrefix=...</c>
/// </summary>
public sealed class RedisConnectionOptions
{
    public const int DefaultPort = 6379;

    /// <summary>Servers tried in order; the first that accepts and completes the handshake is used.</summary>
    public IList<DnsEndPoint> EndPoints { get; private set; } = new List<DnsEndPoint>();

    /// <summary>ACL user name (Redis 6+); needs <see cref="Password"/>.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Database selected on the command connection (pub/sub ignores databases).</summary>
    public int DefaultDatabase { get; set; }

    /// <summary>Limit for connecting one socket, handshake included.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for a command's reply (and a subscription's confirmation).</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle connection is checked with PING; a failed PING drops and reconnects it.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True: <see cref="RedisConnection.ConnectAsync(RedisConnectionOptions, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/>
    /// throws when Redis is unreachable. False: it returns and keeps connecting in the background.</summary>
    public bool AbortOnConnectFail { get; set; } = true;

    public bool Ssl { get; set; }

    /// <summary>Sent as CLIENT SETNAME (no spaces), shown by CLIENT LIST.</summary>
    public string? ClientName { get; set; }

    /// <summary>Prepended to every channel name on the wire, so apps can share one Redis.</summary>
    public string? ChannelPrefix { get; set; }

    /// <summary>First wait before reconnecting; doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Parses a connection string; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static RedisConnectionOptions Parse(string connectionString) => ConnectionStringParser.Parse(connectionString);

    /// <summary>Checks the settings hang together; throws <see cref="ArgumentException"/> naming the setting.</summary>
    public void Validate()
    {
        if (EndPoints.Count == 0)
        {
            throw new ArgumentException("Redis options need at least one endpoint (host:port).", nameof(EndPoints));
        }
        if (User is not null && Password is null)
        {
            throw new ArgumentException("Redis option 'user' needs 'password' as well (AUTH user password).", nameof(User));
        }
        if (DefaultDatabase < 0)
        {
            throw new ArgumentException($"Redis option 'defaultDatabase' must not be negative (got {DefaultDatabase}).", nameof(DefaultDatabase));
        }
        RequirePositive(ConnectTimeout, "connectTimeout", nameof(ConnectTimeout));
        RequirePositive(SyncTimeout, "syncTimeout", nameof(SyncTimeout));
        RequirePositive(KeepAlive, "keepAlive", nameof(KeepAlive));
        RequirePositive(ReconnectMinDelay, "ReconnectMinDelay", nameof(ReconnectMinDelay));
        if (ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentException("Redis option ReconnectMaxDelay must not be below ReconnectMinDelay.", nameof(ReconnectMaxDelay));
        }
        if (ClientName is not null && (ClientName.Length == 0 || ClientName.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("Redis option 'name' must be non-empty and hold no spaces.", nameof(ClientName));
        }
    }

    /// <summary>The options as a connection string with the password masked: safe to log.</summary>
    public override string ToString() => ConnectionStringParser.Format(this, maskPassword: true);

    internal RedisConnectionOptions Clone()
    {
        // The connection keeps its own copy: later edits by the caller do not change it.
        var copy = (RedisConnectionOptions)MemberwiseClone();
        copy.EndPoints = new List<DnsEndPoint>(EndPoints);
        return copy;
    }

    private static void RequirePositive(TimeSpan value, string key, string paramName)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"Redis option '{key}' must be positive (got {value}).", paramName);
        }
    }
}
