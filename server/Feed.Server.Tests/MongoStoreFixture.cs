using Feed.Mongo;
using Feed.Server.Storage;
using Feed.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Server.Tests;

/// <summary>One jongodb per test class; each store it makes gets a database of its own.</summary>
public sealed class MongoStoreFixture : IAsyncLifetime
{
    private static int _lastDatabase;
    private readonly List<MongoClient> _clients = [];

    public JongoDbServer Mongo { get; private set; } = null!;

    public static string UniqueDatabase(string prefix) => $"{prefix}{Interlocked.Increment(ref _lastDatabase)}x{Environment.ProcessId}";

    /// <summary>A store on a fresh database; <paramref name="options"/> are connection-string options.</summary>
    public MongoFeedStore CreateStore(string? options = null, TimeProvider? time = null)
    {
        var client = new MongoClient(Mongo.ConnectionString(UniqueDatabase("store"), options));
        lock (_clients)
        {
            _clients.Add(client);
        }
        return new MongoFeedStore(client.GetDatabase(client.Url.Database!), time ?? TimeProvider.System, NullLogger<MongoFeedStore>.Instance);
    }

    public async Task InitializeAsync() => Mongo = await JongoDbServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        await Mongo.DisposeAsync();
    }
}
