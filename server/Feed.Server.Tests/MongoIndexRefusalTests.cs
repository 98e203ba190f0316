using System.Net;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Server.Tests;

/// <summary>
/// MongoDB refusing the unique follows index (imported data holds the same follow twice): the
/// log says why, /readyz says Degraded, follows fail with a 503 naming the cause (never "already
/// following"), and once the data is fixed the background upkeep creates the index by itself.
/// </summary>
public sealed class MongoIndexRefusalTests
{
    [Fact]
    public async Task A_refused_follows_index_is_logged_degrades_readiness_fails_follows_and_heals_once_the_data_is_fixed()
    {
        await using var mongo = await JongoDbServer.StartAsync();
        var connectionString = mongo.ConnectionString("refused");
        using var admin = new MongoClient(connectionString);
        var follows = admin.GetDatabase("refused").GetCollection<BsonDocument>("follows");
        await follows.InsertManyAsync([Follow("ann", "ben"), Follow("ann", "ben")]);
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Mongo"] = connectionString });

        await Eventually.HoldsAsync(() => Assert.Contains(server.Logs.Lines, l => l.EventId == 4007 && l.Message.Contains("E11000", StringComparison.Ordinal)));
        var ready = await server.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        using var carol = await server.HttpAsAsync(TestUsers.New("carol"));
        var dan = TestUsers.New("dan");
        await server.TokenAsync(dan); // creates the user
        var follow = await carol.PutAsync($"/api/follows/{dan}", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, follow.StatusCode);
        Assert.Contains("refused to create the feed indexes", await follow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await follows.CountDocumentsAsync(new BsonDocument("followee", dan)));

        await follows.DeleteOneAsync(new BsonDocument("follower", "ann"));

        await Eventually.SucceedsAsync(async () => Assert.Equal("Healthy", await server.Http.GetStringAsync("/readyz")), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.NoContent, (await carol.PutAsync($"/api/follows/{dan}", null)).StatusCode);
        Assert.Equal(1, await follows.CountDocumentsAsync(new BsonDocument("followee", dan)));
    }

    private static BsonDocument Follow(string follower, string followee) =>
        new() { { "follower", follower }, { "followee", followee }, { "createdAt", DateTime.UtcNow } };
}
