using Feed.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace Feed.Mongo.Tests;

/// <summary>
/// AddMongoFeedStore with the connection strings the README promises. No server is needed:
/// the driver connects only when first used.
/// </summary>
public sealed class MongoStoreRegistrationTests
{
    [Theory]
    [InlineData("mongodb://db.example:27017/social", "social")]
    [InlineData("mongodb://db.example:27017/", "feed")]
    [InlineData("mongodb://db.example:27017", "feed")]
    [InlineData("mongodb://feed:p%40ss@db.example/?authSource=admin", "feed")]
    [InlineData("mongodb://m1.example:27017,m2.example:27017,m3.example:27017/feed?replicaSet=rs0&tls=true", "feed")]
    [InlineData("mongodb+srv://feed:secret@cluster0.example.net/social?retryWrites=true&w=majority", "social")]
    public async Task A_connection_string_gives_one_client_and_the_store_on_the_database_of_its_path(string connectionString, string database)
    {
        await using var services = Build(connectionString);

        var store = Assert.IsType<MongoFeedStore>(services.GetRequiredService<IFeedStore>());
        Assert.Equal(database, store.Database.DatabaseNamespace.DatabaseName);
        Assert.Same(services.GetRequiredService<IMongoClient>(), store.Database.Client);
        Assert.Contains(services.GetServices<IHostedService>(), s => s is MongoIndexMaintainer);
    }

    [Fact]
    public async Task The_client_settings_keep_what_the_uri_says()
    {
        await using var services = Build("mongodb://feed:secret@m1.example,m2.example/feed?replicaSet=rs0&tls=true&authSource=admin&appName=mine");

        var settings = services.GetRequiredService<IMongoClient>().Settings;
        Assert.Equal(["m1.example:27017", "m2.example:27017"], settings.Servers.Select(s => s.ToString()));
        Assert.Equal("rs0", settings.ReplicaSetName);
        Assert.True(settings.UseTls);
        Assert.Equal("admin", settings.Credential.Source);
        Assert.Equal("feed", settings.Credential.Username);
        Assert.Equal("mine", settings.ApplicationName);
    }

    [Theory]
    [InlineData("mongodb://h/db", 5000)]
    [InlineData("mongodb://h", 5000)]
    [InlineData("mongodb://h/db?appName=feed", 5000)]
    [InlineData("mongodb://h/db?serverSelectionTimeoutMS=800", 800)]
    [InlineData("mongodb://h/db?appName=x&serverselectiontimeoutms=30000", 30000)]
    public async Task A_short_server_selection_timeout_is_used_unless_the_uri_sets_one(string connectionString, int milliseconds)
    {
        await using var services = Build(connectionString);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), services.GetRequiredService<IMongoClient>().Settings.ServerSelectionTimeout);
    }

    [Theory]
    [InlineData("mongodb://feed:secret@host:notaport/db", "port")]
    [InlineData("postgres://feed:secret@host/db", "mongodb://")]
    [InlineData("mongodb://feed:secret@host/db?replicaSet=", "replicaSet")]
    public void A_malformed_connection_string_fails_at_startup_naming_the_key_and_the_problem(string connectionString, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(connectionString));

        Assert.StartsWith("ConnectionStrings:Mongo is not a valid MongoDB connection string: ", error.Message);
        Assert.True(error.Message.Contains(problem, StringComparison.OrdinalIgnoreCase), $"'{problem}' not in: {error.Message}");
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mongodb://feed:secret@m1.example,m2.example/social", "mongodb://m1.example:27017,m2.example:27017/social")]
    [InlineData("mongodb+srv://feed:secret@cluster0.example.net/", "mongodb+srv://cluster0.example.net/feed")]
    public void The_logged_location_has_no_credentials(string connectionString, string logged) =>
        Assert.Equal(logged, MongoConnectionSettings.Describe(MongoConnectionSettings.Parse(connectionString)));

    private static ServiceProvider Build(string connectionString) =>
        new ServiceCollection().AddLogging().AddMongoFeedStore(connectionString).BuildServiceProvider();
}
