using Feed.Core;
using Feed.Mongo;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Server.Tests;

/// <summary>
/// A Feed server on the MongoDB store: a jongodb process of its own and one database per
/// fixture. xunit drives the fixture through <see cref="IAsyncLifetime"/>, re-implemented here
/// so jongodb is up before the server reads its settings.
/// </summary>
public sealed class MongoFeedServerFixture : FeedServerFixture, IAsyncLifetime
{
    private static int _lastDatabase;

    public JongoDbServer Mongo { get; private set; } = null!;

    public string Database { get; } = $"feedhub{Interlocked.Increment(ref _lastDatabase)}x{Environment.ProcessId}";

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Mongo"] = Mongo.ConnectionString(Database),
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        Mongo = await JongoDbServer.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Mongo.DisposeAsync();
    }
}

/// <summary>The shared hub suite on the MongoDB store (in-process lifetime manager, JSON).</summary>
public sealed class MongoFeedHubTests(MongoFeedServerFixture fixture) : FeedHubSuite(fixture), IClassFixture<MongoFeedServerFixture>
{
    [Fact]
    public void The_server_runs_on_the_mongo_store_in_the_fixtures_database()
    {
        var store = Assert.IsType<MongoFeedStore>(Server.Services.GetRequiredService<IFeedStore>());
        Assert.Equal(fixture.Database, store.Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public async Task Published_posts_are_documents_in_the_posts_collection()
    {
        await using var a = await Server.ConnectAsync(TestUsers.New("alice"));
        var item = await a.Client.PublishAsync("stored in mongo");

        var store = (MongoFeedStore)Server.Services.GetRequiredService<IFeedStore>();
        var document = await store.Database.GetCollection<BsonDocument>("posts")
            .Find(new BsonDocument("_id", ObjectId.Parse(item.Id))).SingleAsync();
        Assert.Equal(a.UserId, document["authorId"].AsString);
        Assert.Equal(item.CreatedAt, document["createdAt"].AsBsonDateTime.MillisecondsSinceEpoch);
    }
}
