using Feed.Mongo.Bson;

namespace Feed.Mongo.Tests.Integration;

public sealed class PoolTests(JongoFixture fixture) : IClassFixture<JongoFixture>
{
    [Fact]
    public async Task Exhausted_pool_times_out_waiting_then_recovers_when_a_connection_returns()
    {
        await using var client = fixture.CreateClient(JongoFixture.UniqueName("pool"), "maxPoolSize=1&waitQueueTimeoutMS=200");
        await client.PingAsync();
        var held = await client.Pool.CheckOutAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<MongoWaitQueueTimeoutException>(() => client.PingAsync());
        Assert.Contains("waitQueueTimeoutMS (200 ms)", error.Message);

        client.Pool.Return(held);
        await client.PingAsync();
        Assert.Equal(1, client.Pool.OpenCount);
    }

    [Fact]
    public async Task Concurrent_operations_share_at_most_max_pool_size_connections()
    {
        var database = JongoFixture.UniqueName("shared");
        await using var client = fixture.CreateClient(database, "maxPoolSize=3");
        var collection = client.GetDatabase(database).GetCollection("c");
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => collection.InsertOneAsync(new BsonDocument("i", i))));
        Assert.Equal(40, await collection.CountDocumentsAsync(new BsonDocument()));
        Assert.InRange(client.Pool.OpenCount, 1, 3);
    }

    [Fact]
    public async Task Min_pool_size_is_filled_after_first_use()
    {
        await using var client = fixture.CreateClient(JongoFixture.UniqueName("min"), "minPoolSize=2&maxPoolSize=4");
        await client.PingAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (client.Pool.OpenCount < 2)
        {
            await Task.Delay(20, timeout.Token);
        }
        Assert.InRange(client.Pool.OpenCount, 2, 4);
    }
}
