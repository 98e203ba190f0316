using Feed.Testing;

namespace Feed.Mongo.Tests.Integration;

/// <summary>One jongodb server per test class.</summary>
public sealed class JongoFixture : IAsyncLifetime
{
    private static int _lastName;

    public JongoDbServer Server { get; private set; } = null!;

    /// <summary>A database name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}{Interlocked.Increment(ref _lastName)}x{Environment.ProcessId}";

    public MongoClient CreateClient(string database, string? options = null) =>
        new(Server.ConnectionString(database, options));

    public async Task InitializeAsync() => Server = await JongoDbServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
