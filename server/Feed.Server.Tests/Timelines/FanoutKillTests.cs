using Feed.Core;
using Feed.Redis;
using Feed.Redis.Timelines;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Feed.Server.Tests.Timelines;

/// <summary>
/// An instance SIGKILLed while it fans a post out to 5,000 followers: another instance takes the
/// job over (XAUTOCLAIM once it has been idle for Feed:Timelines:ClaimAfter) and every follower's
/// timeline gets the post. Two real server processes on jongodb and Redis; the fan-out is slowed
/// with the test-only Feed:Timelines:FanoutBatchDelay so the kill lands mid-job.
/// </summary>
public sealed class FanoutKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Followers = 5_000;
    private const string SigningKey = "timeline-kill-tests-shared-signing-key-0123456789";
    private readonly string _database = "kill" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<TestProcess> _instances = [];
    private readonly List<Uri> _urls = [];
    private RedisServer _redis = null!;
    private JongoDbServer _mongo = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _mongo = await JongoDbServer.StartAsync();
        await Task.WhenAll(StartInstanceAsync(), StartInstanceAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await _mongo.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_job_of_an_instance_killed_mid_fan_out_is_finished_by_another_and_every_follower_has_the_post()
    {
        var author = TestUsers.New("author");
        var followers = Enumerable.Range(0, Followers).Select(i => $"{author}-f{i}").ToList();
        await SeedFollowersAsync(author, followers);
        await using var redis = await FeedRedisConnection.ConnectAsync(_redis.ConnectionString);
        var timelines = new RedisHomeTimelineStore(redis, "", new TimelineOptions());
        // Fan-out writes only timelines that exist: every follower has one, as after a first read.
        await Task.WhenAll(followers.Select(async f =>
            await timelines.FinishRebuildAsync(f, await timelines.BeginRebuildAsync(f, default), [], TimelineFloor.Complete, default)));

        using var http = new HttpClient { BaseAddress = _urls[0] };
        var client = await FeedClient.ConnectAsync(_urls[0], await FeedClient.GetDevTokenAsync(http, author), protocol: null);
        await using var _ = client;
        var post = await client.PublishAsync("to five thousand followers");

        var db = redis.GetDatabase();
        var owner = await Eventually.ReturnsAsync(async () =>
            (string)Assert.Single(await db.StreamPendingMessagesAsync("timelines:{jobs}", TimelineKeys.Group, 10, RedisValue.Null)).ConsumerName!);
        var victim = _instances.Single(i => owner.Contains($"-{i.Id}-", StringComparison.Ordinal));
        var before = await Eventually.ReturnsAsync(async () =>
        {
            var count = await CountHavingAsync(db, timelines, followers, post.Id);
            Assert.InRange(count, 1, Followers - 1);
            return count;
        });
        await victim.KillAsync();
        var atKill = await CountHavingAsync(db, timelines, followers, post.Id);
        Assert.True(atKill < Followers, "the job finished before the kill: nothing was taken over");

        await Eventually.SucceedsAsync(async () => Assert.Equal(Followers, await CountHavingAsync(db, timelines, followers, post.Id)),
            TimeSpan.FromSeconds(90));
        await Eventually.SucceedsAsync(async () => Assert.Equal(0, await db.SortedSetLengthAsync("timelines:{jobs}:pending")));
        var survivor = _instances.Single(i => i != victim);
        Assert.False(survivor.HasExited);
        output.WriteLine($"killed instance {victim.Id} with {atKill} of {Followers} timelines written ({before} seen mid-job); instance {survivor.Id} finished the job");
    }

    private static async Task<int> CountHavingAsync(IDatabase db, RedisHomeTimelineStore timelines, List<string> followers, string postId)
    {
        var scores = await Task.WhenAll(followers.Select(f => db.SortedSetScoreAsync(timelines.TimelineKey(f), postId)));
        return scores.Count(s => s is not null);
    }

    private async Task SeedFollowersAsync(string author, List<string> followers)
    {
        using var mongo = new MongoClient(_mongo.ConnectionString(_database));
        var database = mongo.GetDatabase(_database);
        var now = DateTime.UtcNow;
        await database.GetCollection<BsonDocument>("users").InsertManyAsync(
            followers.Append(author).Select(u => new BsonDocument { { "_id", u }, { "displayName", u } }));
        await database.GetCollection<BsonDocument>("follows").InsertManyAsync(
            followers.Select(f => new BsonDocument { { "follower", f }, { "followee", author }, { "createdAt", now } }));
    }

    private async Task StartInstanceAsync()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var process = TestProcess.Start("dotnet", [ScaleOutProcessCluster.ServerDll()], new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Mongo"] = _mongo.ConnectionString(_database),
            ["ConnectionStrings__Redis"] = _redis.ConnectionString + ",keepAlive=1",
            ["Feed__Auth__SigningKey"] = SigningKey,
            ["Feed__Demo__Seed"] = "false",
            ["Feed__Demo__ActivityInterval"] = "00:00:00",
            // 50 batches of 100 with a pause after each: the job takes seconds, so the kill lands inside it.
            ["Feed__Timelines__FanoutBatchSize"] = "100",
            ["Feed__Timelines__FanoutBatchDelay"] = "00:00:00.100",
            ["Feed__Timelines__ClaimAfter"] = "00:00:02",
        });
        lock (_instances)
        {
            _instances.Add(process);
            _urls.Add(url);
        }
        await process.WaitForOutputAsync(l => l.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
    }
}
