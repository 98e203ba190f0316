using Feed.Mongo.Bson;
using Feed.Testing;

namespace Feed.Mongo.Tests.Integration;

/// <summary>Kills and restarts a server, so each test has its own.</summary>
public sealed class BrokenServerTests
{
    [Fact]
    public async Task Killed_server_gives_a_connection_error_and_the_client_recovers_on_a_new_server()
    {
        await using var server = await JongoDbServer.StartAsync();
        await using var client = new MongoClient(server.ConnectionString("broken", "serverSelectionTimeoutMS=1000&connectTimeoutMS=500"));
        var collection = client.GetDatabase("broken").GetCollection("c");
        await collection.InsertOneAsync(new BsonDocument("x", 1));
        Assert.Equal(1, client.Pool.IdleCount);

        await server.KillAsync();
        var error = await Assert.ThrowsAsync<MongoConnectionException>(() => collection.CountDocumentsAsync(new BsonDocument()));
        Assert.Contains(server.Port.ToString(), error.Message);
        Assert.Equal(0, client.Pool.OpenCount);
        Assert.Equal(0, client.Pool.IdleCount);

        await server.RestartAsync();
        await collection.InsertOneAsync(new BsonDocument("x", 2));
        Assert.Equal(1, await collection.CountDocumentsAsync(new BsonDocument()));
    }

    [Fact]
    public async Task Server_that_drops_the_connection_mid_reply_is_retried_once_for_reads_then_reported()
    {
        await using var server = new FakeMongoServer(dropOnCommand: "find");
        await using var client = new MongoClient($"mongodb://127.0.0.1:{server.Port}/fake?serverSelectionTimeoutMS=2000");
        var collection = client.GetDatabase("fake").GetCollection("c");

        var error = await Assert.ThrowsAsync<MongoConnectionException>(() => collection.FindAsync(new BsonDocument()));
        Assert.Contains("closed the connection", error.Message);
        Assert.Equal(2, server.CommandCount("find")); // the first attempt and one retry
        Assert.Equal(0, client.Pool.OpenCount);

        await client.PingAsync(); // a new connection works
        Assert.Equal(1, client.Pool.OpenCount);
    }

    [Fact]
    public async Task Writes_are_not_retried_after_a_network_error()
    {
        await using var server = new FakeMongoServer(dropOnCommand: "insert");
        await using var client = new MongoClient($"mongodb://127.0.0.1:{server.Port}/fake");
        var collection = client.GetDatabase("fake").GetCollection("c");

        await Assert.ThrowsAsync<MongoConnectionException>(() => collection.InsertOneAsync(new BsonDocument("x", 1)));
        Assert.Equal(1, server.CommandCount("insert"));
    }

    [Fact]
    public async Task Silent_server_hits_the_socket_timeout()
    {
        await using var server = new FakeMongoServer(silentOnCommand: "ping");
        await using var client = new MongoClient($"mongodb://127.0.0.1:{server.Port}/fake?socketTimeoutMS=300");

        var error = await Assert.ThrowsAsync<MongoOperationTimeoutException>(() => client.PingAsync());
        Assert.Contains("300 ms", error.Message);
        Assert.Equal(0, client.Pool.OpenCount);
    }
}
