using Feed.Core;
using Feed.Mongo;
using Feed.Server.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests;

/// <summary>The store comes from ConnectionStrings:Mongo (nothing connects until used).</summary>
public sealed class StoreSelectionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Without_a_mongo_connection_string_the_store_is_in_memory(string? connectionString)
    {
        await using var services = Build(connectionString);
        Assert.IsType<InMemoryFeedStore>(services.GetRequiredService<IFeedStore>());
    }

    [Fact]
    public async Task A_mongo_connection_string_selects_the_mongo_store()
    {
        await using var services = Build("mongodb://db.example:27017/social");
        var store = Assert.IsType<MongoFeedStore>(services.GetRequiredService<IFeedStore>());
        Assert.Equal("social", store.Database.DatabaseNamespace.DatabaseName);
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
