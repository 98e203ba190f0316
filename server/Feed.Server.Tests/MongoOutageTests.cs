using System.Net;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Tests;

/// <summary>
/// MongoDB going away and coming back, with a jongodb per test (killed and restarted on the
/// same port; a restarted jongodb is empty). serverSelectionTimeoutMS is short so calls fail
/// quickly; every wait is on a condition with a generous deadline.
/// </summary>
public sealed class MongoOutageTests
{
    private const string FastFailure = "serverSelectionTimeoutMS=1000";

    [Fact]
    public async Task Store_calls_fail_with_a_clear_error_while_mongo_is_down_and_work_once_it_is_back()
    {
        await using var mongo = await JongoDbServer.StartAsync();
        await using var client = new Feed.Mongo.MongoClient(mongo.ConnectionString("outage", FastFailure));
        var store = new Storage.MongoFeedStore(client.GetDatabase("outage"), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Storage.MongoFeedStore>.Instance);
        await store.EnsureUserAsync("ann", CancellationToken.None);

        await mongo.KillAsync();

        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetPostsAsync(["ann"], PostRange.Newest, 5, CancellationToken.None));
        Assert.Equal("reading the feed failed: the feed database (MongoDB) cannot be reached; try again shortly", read.Message);
        var write = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.AddPostAsync(new Post(PostId.New(DateTimeOffset.UtcNow), "ann", "lost", 1), CancellationToken.None));
        Assert.StartsWith("publishing failed: the feed database (MongoDB) cannot be reached", write.Message);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FollowAsync("ann", "ben", CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckHealthAsync(CancellationToken.None));

        await mongo.RestartAsync();

        await Eventually.SucceedsAsync(() => store.CheckHealthAsync(CancellationToken.None));
        Assert.True(await store.FollowAsync("ann", "ben", CancellationToken.None));
        Assert.Equal(["ben"], await store.GetFolloweesAsync("ann", CancellationToken.None));
    }

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
        Assert.True(ann.Client.Connection.IsConnected);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/readyz")).StatusCode);

        await mongo.RestartAsync();

        // The same connection works again once MongoDB answers (the restarted server is empty).
        var after = await Eventually.ReturnsAsync(() => ann.Client.PublishAsync("after the outage"));
        Assert.Equal([after.Id], (await ann.Client.GetFeedAsync()).Items.Select(i => i.Id));
        Assert.True(ann.Client.Connection.IsConnected);
    }

    /// <summary>Retries an assertion or call until it passes, failing with its last error after a deadline.</summary>
    private static class Eventually
    {
        public static async Task<T> ReturnsAsync<T>(Func<Task<T>> attempt, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (true)
            {
                try
                {
                    return await attempt();
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }

        public static Task SucceedsAsync(Func<Task> attempt, TimeSpan? timeout = null) =>
            ReturnsAsync(async () => { await attempt(); return true; }, timeout);
    }
}
