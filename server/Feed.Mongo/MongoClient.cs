using Feed.Mongo.Auth;
using Feed.Mongo.Bson;
using Feed.Mongo.Connection;
using Feed.Mongo.Internal;
using Feed.Mongo.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Mongo;

/// <summary>
/// The entry point: one per application (it owns the connection pool). Thread-safe.
/// <code>
/// await using var client = new MongoClient("mongodb://localhost/feed");
/// var posts = client.GetDatabase(client.Url.Database ?? "feed").GetCollection("posts");
/// </code>
/// Not supported: TLS, mongodb+srv, load-balanced mode, compression, sessions/transactions,
/// retryable writes. Reads (find, aggregate, count) are retried once after a network error.
/// </summary>
public sealed class MongoClient : IAsyncDisposable
{
    private readonly ConnectionPool _pool;
    private readonly OperationExecutor _executor;

    public MongoClient(string connectionString, ILoggerFactory? loggerFactory = null)
        : this(MongoUrl.Parse(connectionString), loggerFactory)
    {
    }

    public MongoClient(MongoUrl url, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        RejectUnsupported(url);
        Url = url;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Feed.Mongo");
        foreach (var warning in url.Warnings)
        {
            MongoLog.ConnectionStringWarning(logger, warning);
        }
        var selector = new ServerSelector(url, logger);
        _pool = new ConnectionPool(url, selector.OpenAsync, logger);
        _executor = new OperationExecutor(_pool, logger);
    }

    public MongoUrl Url { get; }

    internal ConnectionPool Pool => _pool;

    public MongoDatabase GetDatabase(string name) => new(this, name);

    /// <summary>Round-trips a ping to the server (admin database).</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) => GetDatabase("admin").PingAsync(cancellationToken);

    /// <summary>Runs a command and returns its reply, throwing <see cref="MongoCommandException"/> on ok: 0.</summary>
    internal Task<BsonDocument> RunCommandAsync(string database, BsonDocument command, bool retryableRead,
        CancellationToken cancellationToken, IReadOnlyList<DocumentSequence>? sequences = null)
    {
        var name = command.GetElement(0).Name;
        return _executor.ExecuteAsync(name, retryableRead, async (connection, token) =>
            CommandReplies.EnsureOk(name, await connection.RunCommandAsync(database, command, sequences, Url.SocketTimeout, token)),
            cancellationToken);
    }

    /// <summary>Runs several commands on one connection (batched writes use its server limits).</summary>
    internal Task<T> WithConnectionAsync<T>(string name, Func<ConnectionCommands, Task<T>> work, CancellationToken cancellationToken) =>
        _executor.ExecuteAsync(name, false, (connection, token) => work(new ConnectionCommands(connection, Url.SocketTimeout, token)), cancellationToken);

    private static void RejectUnsupported(MongoUrl url)
    {
        if (url.Tls)
        {
            throw new NotSupportedException("tls=true is not supported by Feed.Mongo; connect over a private network or a TLS-terminating tunnel");
        }
        if (url.Options.TryGetValue("loadbalanced", out var lb) && lb is true)
        {
            throw new NotSupportedException("loadBalanced=true is not supported by Feed.Mongo");
        }
        if (url.HasCredentials)
        {
            ScramAuthenticator.Choose(url.AuthMechanism, []);
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
