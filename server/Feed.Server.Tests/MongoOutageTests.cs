using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using Feed.Core;
using Feed.Mongo;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Feed.Server.Tests;

/// <summary>
/// The server while MongoDB goes away and comes back, with a jongodb per test (killed and
/// restarted on the same port; a restarted jongodb is empty). The store's own outage tests are
/// in Feed.Mongo.Tests. serverSelectionTimeoutMS is short so calls fail
/// quickly; every wait is on a condition with a generous deadline.
/// </summary>
public sealed class MongoOutageTests
{
    private const string FastFailure = "serverSelectionTimeoutMS=1000";

    [Fact]
    public async Task The_server_starts_while_mongo_is_down_reports_not_ready_and_recovers_on_its_own()
    {
        await using var mongo = await JongoDbServer.StartAsync();
        await mongo.KillAsync();
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mongo"] = mongo.ConnectionString("startup", FastFailure),
        });

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/readyz")).StatusCode);
        await Eventually.SucceedsAsync(() =>
        {
            Assert.Contains(server.Logs.Lines, l => l.EventId == 4003 && l.Message.Contains("not reachable", StringComparison.Ordinal));
            Assert.Contains(server.Logs.Lines, l => l.EventId == 4004 && l.Message.Contains("unreachable", StringComparison.Ordinal));
            return Task.CompletedTask;
        });

        await mongo.RestartAsync();

        await Eventually.SucceedsAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/readyz")).StatusCode));
        Assert.Contains(server.Logs.Lines, l => l.EventId == 4005);
        await using var ann = await server.ConnectAsync(TestUsers.New("ann"));
        var item = await ann.Client.PublishAsync("after the outage");
        Assert.Equal([item.Id], (await ann.Client.GetFeedAsync()).Items.Select(i => i.Id));
        await Eventually.SucceedsAsync(() =>
        {
            Assert.Contains(server.Logs.Lines, l => l.EventId == 4002);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task A_hub_call_during_an_outage_fails_with_a_clear_message_and_the_connection_stays()
    {
        await using var mongo = await JongoDbServer.StartAsync();
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mongo"] = mongo.ConnectionString("hubcall", FastFailure),
        });
        await using var ann = await server.ConnectAsync(TestUsers.New("ann"));
        await ann.Client.PublishAsync("before the outage");

        await mongo.KillAsync();

        var read = await Assert.ThrowsAsync<HubException>(() => ann.Client.GetFeedAsync());
        Assert.Contains("reading follows failed: the feed database (MongoDB) cannot be reached; try again shortly", read.Message);
        var publish = await Assert.ThrowsAsync<HubException>(() => ann.Client.PublishAsync("during the outage"));
        Assert.Contains("publishing failed: the feed database (MongoDB) cannot be reached", publish.Message);
        Assert.Equal(HubConnectionState.Connected, ann.Client.Connection.State);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/readyz")).StatusCode);

        await mongo.RestartAsync();

        // The same connection works again once MongoDB answers (the restarted server is empty).
        var after = await Eventually.ReturnsAsync(() => ann.Client.PublishAsync("after the outage"));
        Assert.Equal([after.Id], (await ann.Client.GetFeedAsync()).Items.Select(i => i.Id));
        Assert.Equal(HubConnectionState.Connected, ann.Client.Connection.State);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/readyz")).StatusCode);
        // The new server had no indexes: Feed created them again on its own.
        var store = (MongoFeedStore)server.Services.GetRequiredService<IFeedStore>();
        var follows = store.Database.GetCollection<BsonDocument>("follows");
        await Eventually.SucceedsAsync(async () =>
            Assert.Contains((await (await follows.Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString), n => n == "follower_1_followee_1"));
    }
}
