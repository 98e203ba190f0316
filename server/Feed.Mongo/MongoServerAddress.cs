namespace Feed.Mongo;

/// <summary>How a host was written in the connection string.</summary>
public enum MongoHostKind
{
    Hostname,
    IPv4,
    IPLiteral,
    UnixSocket,
}

/// <summary>One seed host of a connection string. <see cref="Port"/> is null when not given.</summary>
public sealed record MongoServerAddress(string Host, int? Port, MongoHostKind Kind)
{
    public const int DefaultPort = 27017;

    public int EffectivePort => Port ?? DefaultPort;

    public override string ToString() => Kind switch
    {
        MongoHostKind.UnixSocket => Host,
        MongoHostKind.IPLiteral => $"[{Host}]:{EffectivePort}",
        _ => $"{Host}:{EffectivePort}",
    };
}
