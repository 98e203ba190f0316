using Feed.Core;
using Feed.Server.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests;

/// <summary>Store selection from ConnectionStrings:Mongo (no server needed: nothing connects until used).</summary>
public sealed class MongoStoreRegistrationTests
{
    [Theory]
    [InlineData("mongodb://db.example:27017/social", "social")]
    [InlineData("mongodb://db.example:27017/", "feed")]
    [InlineData("mongodb://db.example:27017", "feed")]
    [InlineData("mongodb://user:p%40ss@db.example/?authSource=admin", "feed")]
    public async Task A_mongo_connection_string_selects_the_mongo_store_with_the_database_of_its_path(string connectionString, string database)
    {
        await using var services = Build(connectionString);

        var store = Assert.IsType<MongoFeedStore>(services.GetRequiredService<IFeedStore>());
        Assert.Equal(database, store.Database.Name);
        Assert.Contains(services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is MongoIndexInitializer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Without_a_mongo_connection_string_the_store_is_in_memory(string? connectionString)
    {
        await using var services = Build(connectionString);
        Assert.IsType<InMemoryFeedStore>(services.GetRequiredService<IFeedStore>());
    }

    [Theory]
    [InlineData("mongodb://h/db", "mongodb://h/db?serverSelectionTimeoutMS=5000")]
    [InlineData("mongodb://h", "mongodb://h/?serverSelectionTimeoutMS=5000")]
    [InlineData("mongodb://h/db?appName=feed", "mongodb://h/db?appName=feed&serverSelectionTimeoutMS=5000")]
    [InlineData("mongodb://h/db?serverSelectionTimeoutMS=800", "mongodb://h/db?serverSelectionTimeoutMS=800")]
    public void A_short_server_selection_timeout_is_added_unless_the_string_sets_one(string given, string effective)
    {
        var url = FeedStoreRegistration.WithDefaults(given);
        var expected = Feed.Mongo.MongoUrl.Parse(effective);
        Assert.Equal(expected.ServerSelectionTimeout, url.ServerSelectionTimeout);
        Assert.Equal(expected.Database, url.Database);
        Assert.Equal(expected.AppName, url.AppName);
    }

    [Fact]
    public void A_malformed_connection_string_fails_at_startup_naming_the_problem()
    {
        var error = Assert.Throws<FormatException>(() => Build("mongodb://host:notaport/db"));
        Assert.Contains("port", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static ServiceProvider Build(string? connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Mongo"] = connectionString })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddFeedStore(configuration);
        return services.BuildServiceProvider();
    }
}
