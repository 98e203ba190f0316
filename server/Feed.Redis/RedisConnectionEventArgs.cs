using System.Net;

namespace Feed.Redis;

/// <summary>A connection of a <see cref="RedisConnection"/> was lost or (re)established.</summary>
public sealed class RedisConnectionEventArgs : EventArgs
{
    public RedisConnectionEventArgs(RedisConnectionKind kind, DnsEndPoint endPoint, Exception? failure)
    {
        Kind = kind;
        EndPoint = endPoint;
        Failure = failure;
    }

    public RedisConnectionKind Kind { get; }

    /// <summary>The server the connection was (or now is) to.</summary>
    public DnsEndPoint EndPoint { get; }

    /// <summary>Why the connection was lost; null when it was restored.</summary>
    public Exception? Failure { get; }
}
