using Feed.Mongo.Internal.ConnectionString;

namespace Feed.Mongo;

/// <summary>
/// A parsed <c>mongodb://[user[:pass]@]host[:port][,host...][/database][?options]</c>
/// connection string (MongoDB connection-string spec). Invalid strings throw
/// <see cref="FormatException"/> naming the problem; unknown options, bad option values and
/// deprecated options are ignored with an entry in <see cref="Warnings"/>.
/// </summary>
public sealed class MongoUrl
{
    internal MongoUrl(IReadOnlyList<MongoServerAddress> hosts, string? username, string? password,
        string? database, IReadOnlyDictionary<string, object> options, IReadOnlyList<string> warnings)
    {
        Hosts = hosts;
        Username = username;
        Password = password;
        Database = database;
        Options = options;
        Warnings = warnings;
    }

    public IReadOnlyList<MongoServerAddress> Hosts { get; }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>The database from the path (also the default auth database), or null.</summary>
    public string? Database { get; }

    /// <summary>Every recognised option by lowercase name, typed: int, bool, string,
    /// <c>IReadOnlyDictionary&lt;string, string&gt;</c> (authMechanismProperties) or a list.</summary>
    public IReadOnlyDictionary<string, object> Options { get; }

    public IReadOnlyList<string> Warnings { get; }

    public bool HasCredentials => Username is not null;

    public string? AuthMechanism => Get<string>("authmechanism");

    /// <summary>authSource, else the path database, else "admin".</summary>
    public string AuthSource => Get<string>("authsource") ?? Database ?? "admin";

    public IReadOnlyDictionary<string, string>? AuthMechanismProperties =>
        Get<IReadOnlyDictionary<string, string>>("authmechanismproperties");

    public string? AppName => Get<string>("appname");

    public string? ReplicaSet => Get<string>("replicaset");

    public bool? DirectConnection => Options.TryGetValue("directconnection", out var v) ? (bool)v : null;

    public bool Tls => Get<object>("tls") is true || Get<object>("ssl") is true;

    public TimeSpan ConnectTimeout => Millis("connecttimeoutms", 10_000);

    /// <summary>Per-operation I/O timeout; the spec's 0 means none, we use 30 s when unset so no
    /// call can hang forever on a silent server.</summary>
    public TimeSpan SocketTimeout => Millis("sockettimeoutms", 30_000);

    public TimeSpan ServerSelectionTimeout => Millis("serverselectiontimeoutms", 30_000);

    public TimeSpan WaitQueueTimeout => Millis("waitqueuetimeoutms", 120_000);

    /// <summary>0 in the string means unbounded; we map it to int.MaxValue.</summary>
    public int MaxPoolSize => Get<object>("maxpoolsize") is int max ? (max == 0 ? int.MaxValue : max) : 100;

    public int MinPoolSize => Get<object>("minpoolsize") is int min ? min : 0;

    public static MongoUrl Parse(string connectionString) => ConnectionStringParser.Parse(connectionString);

    private T? Get<T>(string name) where T : class => Options.TryGetValue(name, out var value) ? value as T : null;

    private TimeSpan Millis(string name, int fallback) =>
        TimeSpan.FromMilliseconds(Options.TryGetValue(name, out var value) && value is int ms && ms > 0 ? ms : fallback);

    /// <summary>The hosts and database, never the password.</summary>
    public override string ToString() =>
        $"mongodb://{(Username is null ? "" : Username + "@")}{string.Join(",", Hosts)}/{Database}";
}
