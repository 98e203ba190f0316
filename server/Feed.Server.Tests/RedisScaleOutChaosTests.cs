using System.Net;
using Feed.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Feed.Server.Tests;

/// <summary>Redis restarted while posts flow: every client still ends with every post, once.</summary>
public sealed class RedisScaleOutChaosTests(ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    private const int PostsPerPhase = 8;

    [Fact]
    public async Task Restarting_redis_while_posts_flow_loses_nothing_after_resync()
    {
        var authors = new List<FeedConnection>();
        for (var i = 0; i < 3; i++)
        {
            authors.Add(await cluster[i].ConnectAsync(TestUsers.New($"author{i}")));
        }
        var genesis = await authors[0].Client.PublishAsync("before everything");
        var readers = new List<ScaleOutFeedReader>();
        for (var i = 0; i < 9; i++)
        {
            var connection = await cluster[i % 3].ConnectAsync(TestUsers.New("reader"));
            foreach (var author in authors)
            {
                await connection.Client.FollowAsync(author.UserId);
            }
            readers.Add(new ScaleOutFeedReader(connection, genesis.Cursor));
        }
        var posts = new List<string>();

        await PostAsync(authors, posts, "before");
        await cluster.Redis.StopAsync();
        await WaitForReadiness(HttpStatusCode.ServiceUnavailable);
        await PostAsync(authors, posts, "during");
        await cluster.Redis.StartAgainAsync();
        await WaitForReadiness(HttpStatusCode.OK);
        await PostAsync(authors, posts, "after");

        foreach (var reader in readers)
        {
            await WaitUntil(() => posts.All(reader.Ids.Contains), () => $"reader has {reader.Ids.Count} of {posts.Count} posts");
            Assert.Empty(reader.DuplicatedPushes);
            Assert.Equal(posts.Count, reader.Ids.Count);
        }
        var missed = readers.Sum(r => r.Recovered);
        output.WriteLine($"{readers.Count} readers x {posts.Count} posts: {readers.Sum(r => r.LiveCount)} pushed live, " +
            $"{missed} missed live and recovered by Resync gap-fill, 0 duplicated");
        Assert.True(missed > 0, "the outage should have made some reader miss a push from another instance");
        foreach (var c in authors.Concat(readers.Select(r => r.Connection)))
        {
            await c.DisposeAsync();
        }
    }

    private static async Task PostAsync(List<FeedConnection> authors, List<string> posts, string phase)
    {
        for (var i = 0; i < PostsPerPhase; i++)
        {
            foreach (var author in authors)
            {
                posts.Add((await author.Client.PublishAsync($"{phase} {i}")).Id);
            }
        }
    }

    private async Task WaitForReadiness(HttpStatusCode expected)
    {
        foreach (var server in cluster.Servers)
        {
            await WaitUntilAsync(async () => (await server.Http.GetAsync("/readyz")).StatusCode == expected,
                () => $"/readyz of {server.BaseUrl} never became {expected}");
        }
    }

    private static Task WaitUntil(Func<bool> condition, Func<string> what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what());
            }
            await Task.Delay(25);
        }
    }
}
