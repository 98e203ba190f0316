using Feed.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace Feed.Mongo.Tests;

/// <summary>One jongodb per test class; each store it makes gets a database of its own
/// (jongodb has no dropDatabase, so tests never share one).</summary>
public sealed class MongoStoreFixture : IAsyncLifetime, IAsyncDisposable
{
    private static int _lastDatabase;
    private readonly List<IMongoClient> _clients = [];

    public JongoDbServer Mongo { get; private set; } = null!;

    public static string UniqueDatabase(string prefix) => $"{prefix}{Interlocked.Increment(ref _lastDatabase)}x{Environment.ProcessId}";

    /// <summary>A store on a fresh database, with the settings the server builds from
    /// <paramref name="options"/> (connection-string options).</summary>
    public MongoFeedStore CreateStore(string? options = null, TimeProvider? time = null) =>
        CreateStoreAt(Mongo.ConnectionString(UniqueDatabase("store"), options), time);

    public MongoFeedStore CreateStoreAt(string connectionString, TimeProvider? time = null)
    {
        var client = new MongoClient(MongoConnectionSettings.ClientSettings(connectionString, new MongoServerEvents(), NullLoggerFactory.Instance));
        lock (_clients)
        {
            _clients.Add(client);
        }
        var database = MongoConnectionSettings.DatabaseName(MongoConnectionSettings.Parse(connectionString));
        return new MongoFeedStore(client.GetDatabase(database), time ?? TimeProvider.System, NullLogger<MongoFeedStore>.Instance);
    }

    public async Task InitializeAsync() => Mongo = await JongoDbServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Mongo.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}
